"""'Mein Konto': the address, the preferred language and the links to everything else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_account_page_shows_the_address_and_the_ways_on(
    client: Client, verified_user: Callable[..., User]
) -> None:
    client.force_login(verified_user(email="anna@example.org"))
    html = client.get(reverse("accounts:account")).content.decode()
    assert "anna@example.org" in html
    for name in (
        "account_change_password",
        "account_email",
        "accounts:data",
        "accounts:data-json",
        "accounts:delete",
    ):
        assert f'href="{reverse(name)}"' in html, name
    # The main navigation leads here.
    assert f'href="{reverse("accounts:account")}" aria-current="page"' in html


def test_language_preference_is_saved_and_switches_the_pages(
    client: Client, verified_user: Callable[..., User]
) -> None:
    user = verified_user(language="de")
    client.force_login(user)
    response = client.post(reverse("accounts:account"), {"language": "en"}, follow=True)
    user.refresh_from_db()
    assert user.language == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Your settings have been saved." in html
    assert '<option value="en" selected>English</option>' in html


def test_unknown_language_is_refused_and_nothing_changes(
    client: Client, verified_user: Callable[..., User]
) -> None:
    user = verified_user(language="de")
    client.force_login(user)
    response = client.post(reverse("accounts:account"), {"language": "xx"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert user.language == "de"


def test_log_in_switches_the_pages_to_the_preferred_language(
    client: Client, verified_user: Callable[..., User]
) -> None:
    verified_user(email="anna@example.org", language="en")
    response = client.post(
        reverse("account_login"),
        {"login": "anna@example.org", "password": TEST_PASSWORD},
        follow=True,
    )
    assert '<html lang="en">' in response.content.decode()
    # The header switcher still works for the rest of the visit.
    client.get(reverse("core:language", args=["de"]))
    assert '<html lang="de">' in client.get(reverse("accounts:account")).content.decode()


def test_manage_pages_lead_back_to_my_account(
    client: Client, verified_user: Callable[..., User]
) -> None:
    client.force_login(verified_user())
    for name in ("account_change_password", "account_email"):
        html = client.get(reverse(name)).content.decode()
        assert f'<a href="{reverse("accounts:account")}">' in html, name
