"""The main navigation offers only what the visitor may open.

Superusers pass ``User.has_perm`` for everything, but the Kita-Sozialarbeit views ask the rule
alone (an administrator without the role sees no case): the bar asks the rule too, so it never
shows a link that ends in 403.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import rules
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.core.navigation import all_items
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASES = reverse("beratung:sozialarbeit-case-list")


def nav_links(client: Client) -> list[str]:
    response = client.get(reverse("core:accessibility"))
    return [item["url"] for item in response.context["navigation"]]


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_superuser_without_the_role_is_not_offered_the_cases() -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = logged_in(admin)
    assert CASES not in nav_links(client)
    assert client.get(CASES).status_code == 403  # what the link would have led to


def test_a_superuser_with_the_role_and_a_social_worker_are_offered_the_cases() -> None:
    admin = UserFactory(roles=[Role.KITA_SOZIALARBEIT.value], is_superuser=True, is_staff=True)
    worker = UserFactory(roles=[Role.KITA_SOZIALARBEIT.value])
    for user in (admin, worker):
        client = logged_in(user)
        assert CASES in nav_links(client)
        assert client.get(CASES).status_code == 200


def test_every_link_in_the_bar_opens_for_the_user_who_sees_it(
    make_user: Callable[..., User],
) -> None:
    users = [UserFactory(is_superuser=True, is_staff=True)]
    users += [make_user(role) for role in Role]
    for user in users:
        client = logged_in(user)
        for url in nav_links(client):
            assert client.get(url).status_code == 200, f"{user} is offered {url}"


def test_every_item_names_a_rule_that_exists() -> None:
    # rules.has_perm says "no" to an unknown name: a typo would hide an item from everyone.
    for item in all_items():
        assert item.permission is None or rules.perm_exists(item.permission), item
