"""Sign-up with e-mail verification: parents create their own accounts."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from tests.accounts.helpers import link_in_mail
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Kastanienbaum-Sommer-7"


def sign_up(client: Client, email: str = "mama@example.org", **extra: str) -> object:
    data = {"email": email, "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    data.setdefault("language", "de")
    data.update(extra)
    return client.post(reverse("account_signup"), data)


def test_signup_asks_only_for_email_password_and_language(client: Client) -> None:
    html = client.get(reverse("account_signup")).content.decode()
    names = set(re.findall(r'<(?:input|select)[^>]*name="([^"]+)"', html))
    assert names == {"csrfmiddlewaretoken", "email", "password1", "password2", "language"}
    # Every field has a visible label, in German by default.
    assert '<label class="form-label" for="id_email">E-Mail-Adresse</label>' in html
    assert "Registrieren" in html


def test_signup_verification_link_and_then_log_in(client: Client) -> None:
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="mama@example.org")
    assert not client.session.get("_auth_user_id"), "no log-in before the address is confirmed"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mama@example.org"]
    assert "Familienportal Musterstadt" in message.subject
    link = link_in_mail("/konto/confirm-email/")

    # The link is opened in another browser: it shows a button, the POST confirms.
    other = Client()
    page = other.get(link)
    assert page.status_code == 200
    assert "mama@example.org" in page.content.decode()
    assert other.post(link).status_code == 302
    assert user.emailaddress_set.get().verified

    response = other.post(
        reverse("account_login"), {"login": "Mama@Example.org", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert other.get(reverse("accounts:account")).status_code == 200


def test_new_accounts_are_parents_and_not_staff(client: Client) -> None:
    sign_up(client)
    user = User.objects.get(email="mama@example.org")
    assert list(user.groups.values_list("name", flat=True)) == [Role.ELTERN.value]
    assert not user.is_staff
    assert not user.is_superuser


def test_unverified_log_in_is_refused_with_a_message(client: Client) -> None:
    sign_up(client)
    mail.outbox.clear()
    cache.clear()  # the cool-down between two verification mails (3 minutes) is over
    login = Client()
    response = login.post(
        reverse("account_login"),
        {"login": "mama@example.org", "password": GOOD_PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert "Bestätigungs-E-Mail wurde an mama@example.org verschickt." in html
    assert len(mail.outbox) == 1, "the verification mail is sent again"
    assert login.get(reverse("accounts:account"))["Location"].startswith(reverse("account_login"))


def test_password_policy_refusals_in_german_keep_the_email(client: Client) -> None:
    short = sign_up(client, password1="Kurz-1", password2="Kurz-1").content.decode()
    assert "Dieses Passwort ist zu kurz. Es muss mindestens 10 Zeichen enthalten." in short
    assert 'value="mama@example.org"' in short
    assert 'aria-invalid="true"' in short
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in short

    common = sign_up(client, password1="password123", password2="password123")
    assert "Dieses Passwort ist zu üblich." in common.content.decode()

    mismatch = sign_up(client, password2="Etwas-ganz-anderes-9")
    assert mismatch.status_code == 200
    assert not User.objects.filter(email="mama@example.org").exists()
    assert mail.outbox == []


def test_language_defaults_to_the_page_language_and_is_stored(client: Client) -> None:
    client.cookies["familienportal_language"] = "en"
    html = client.get(reverse("account_signup")).content.decode()
    assert '<option value="en" selected>English</option>' in html

    sign_up(client, language="en")
    assert User.objects.get(email="mama@example.org").language == "en"
    # The page was English, and so is the mail.
    assert "Please Confirm Your Email Address" in mail.outbox[0].subject


def test_verification_mail_speaks_the_chosen_language_not_the_page_language(
    client: Client,
) -> None:
    sign_up(client, language="en")  # on a German page
    assert "Please Confirm Your Email Address" in mail.outbox[0].subject
    assert "Hello from Family portal Musterstadt!" in mail.outbox[0].body

    sign_up(Client(), email="papa@example.org", language="de")
    assert "E-Mail-Adresse" in mail.outbox[1].subject
    assert "Hallo von Familienportal Musterstadt!" in mail.outbox[1].body


def test_signup_with_a_known_address_reveals_nothing_and_mails_the_owner(
    client: Client,
) -> None:
    UserFactory(email="mama@example.org", language="en")
    response = sign_up(client)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="mama@example.org").count() == 1
    # The owner hears about it in their own language, although the page was German.
    assert len(mail.outbox) == 1
    assert "Account Already Exists" in mail.outbox[0].subject
    assert TEST_PASSWORD not in mail.outbox[0].body
