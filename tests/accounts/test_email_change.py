"""Changing the login address: the new one counts once it is confirmed."""

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


def test_new_address_replaces_the_old_one_after_confirmation(
    client: Client, verified_user: Callable[..., User]
) -> None:
    user = verified_user(email="anna@example.org", language="en")
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "anna.neu@example.org"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "anna@example.org", "unchanged until confirmed"
    assert mail.outbox[-1].to == ["anna.neu@example.org"]
    assert "Please Confirm Your Email Address" in mail.outbox[-1].subject

    link = link_in_mail("/konto/confirm-email/")
    client.post(link)
    user.refresh_from_db()
    assert user.email == "anna.neu@example.org"
    assert list(user.emailaddress_set.values_list("email", flat=True)) == ["anna.neu@example.org"]

    other = Client()
    response = other.post(
        reverse("account_login"), {"login": "anna.neu@example.org", "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("core:home")


def test_an_invalid_address_is_refused_with_a_message(
    client: Client, verified_user: Callable[..., User]
) -> None:
    client.force_login(verified_user(email="anna@example.org"))
    response = client.post(reverse("account_email"), {"action_add": "", "email": "kaputt"})
    html = response.content.decode()
    assert "Bitte gültige E-Mail-Adresse eingeben." in html
    assert 'aria-describedby="id_email_error"' in html
    assert 'value="kaputt"' in html
