"""Families write to a provider through the portal; the provider's address stays private."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from tagespflege.services.contact import CONTACTS_PER_DAY
from tests.factories import ChildminderFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Wir suchen ab März einen Platz für unsere Tochter (10 Monate), 35 Stunden."


@pytest.fixture
def parent(make_user: Callable[..., User]) -> User:
    return make_user(Role.ELTERN, email="familie@example.org", first_name="Mia", last_name="Kaya")


@pytest.fixture
def parent_client(parent: User) -> Client:
    client = Client()
    client.force_login(parent)
    return client


def send(client: Client, provider, capture, message: str = MESSAGE):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(
            reverse("tagespflege:contact", args=[provider.pk]),
            {"message": message, "phone": "0170 1234567"},
            follow=True,
        )


def test_a_message_reaches_the_provider_with_the_familys_address(
    parent_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory(email="privat@tagespflege.example")

    response = send(parent_client, provider, django_capture_on_commit_callbacks)

    assert response.redirect_chain[-1][0] == provider.get_absolute_url()
    [message] = mail.outbox
    assert message.to == ["privat@tagespflege.example"]
    assert "Mia Kaya" in message.subject
    assert MESSAGE in message.body and "familie@example.org" in message.body
    assert "0170 1234567" in message.body
    # The family sees that it worked, never the provider's address.
    assert "privat@tagespflege" not in response.content.decode()


def test_a_double_submit_sends_once(
    parent_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory()
    send(parent_client, provider, django_capture_on_commit_callbacks)
    send(parent_client, provider, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_too_many_messages_a_day_are_refused(
    parent_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    providers = ChildminderFactory.create_batch(CONTACTS_PER_DAY + 1)
    for provider in providers[:-1]:
        send(parent_client, provider, django_capture_on_commit_callbacks)
    refused = send(parent_client, providers[-1], django_capture_on_commit_callbacks)
    assert refused.context["form"].non_field_errors()
    assert len(mail.outbox) == CONTACTS_PER_DAY


def test_a_too_short_message_keeps_what_was_typed(
    parent_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory()
    response = send(parent_client, provider, django_capture_on_commit_callbacks, "Hallo?")
    assert "message" in response.context["form"].errors
    assert "Hallo?" in response.content.decode()
    assert not mail.outbox


def test_a_provider_nobody_can_reach_says_whom_to_ask(
    parent_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory(email="")
    response = send(parent_client, provider, django_capture_on_commit_callbacks)
    assert "Fachberatung" in str(response.context["form"].non_field_errors())


def test_anonymous_visitors_see_how_to_get_in_touch_instead_of_a_form(client: Client) -> None:
    provider = ChildminderFactory()
    html = client.get(provider.get_absolute_url()).content.decode()
    assert 'name="message"' not in html
    assert "Fachberatung" in html
    assert "?next=" in html
