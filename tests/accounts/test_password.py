"""Forgotten and changed passwords."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from tests.accounts.helpers import link_in_mail
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Regenbogen-Brücke-42"


def log_in(client: Client, email: str, password: str) -> bool:
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return response.status_code == 302 and response["Location"] == reverse("core:home")


def test_password_reset_end_to_end(client: Client, verified_user: Callable[..., User]) -> None:
    verified_user(email="anna@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "Anna@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    link = link_in_mail("/konto/password/reset/key/")

    browser = Client()
    form = browser.get(link, follow=True)
    assert form.status_code == 200
    assert 'name="password1"' in form.content.decode()
    action = form.redirect_chain[-1][0] if form.redirect_chain else link
    weak = browser.post(action, {"password1": "12345678", "password2": "12345678"})
    assert "Dieses Passwort ist zu kurz." in weak.content.decode()
    done = browser.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done["Location"] == reverse("account_reset_password_from_key_done")

    assert log_in(Client(), "anna@example.org", NEW_PASSWORD)
    assert not log_in(Client(), "anna@example.org", TEST_PASSWORD)
    # The link works once.
    used = Client().get(link, follow=True).content.decode()
    assert 'name="password1"' not in used


def test_reset_mail_is_in_the_users_language(
    client: Client, verified_user: Callable[..., User]
) -> None:
    verified_user(email="anna@example.org", language="en")
    client.post(reverse("account_reset_password"), {"email": "anna@example.org"})
    assert "Password Reset" in mail.outbox[0].subject
    assert "Hello from Family portal Musterstadt!" in mail.outbox[0].body


def test_reset_for_an_unknown_address_looks_the_same(client: Client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")


def test_change_password_keeps_the_user_logged_in(
    client: Client, verified_user: Callable[..., User]
) -> None:
    client.force_login(verified_user(email="anna@example.org"))
    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "falsch", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert "Bitte geben Sie Ihr aktuelles Passwort ein." in wrong.content.decode()

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:account")
    assert response.wsgi_request.user.is_authenticated
    assert log_in(Client(), "anna@example.org", NEW_PASSWORD)
    # The owner is told, in case it was not them.
    assert any("Passwort" in message.subject for message in mail.outbox)
