"""django-axes locks a log-in (address + IP) after AXES_FAILURE_LIMIT failures."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


@pytest.fixture
def anna(make_user: Callable[..., User]) -> User:
    user = make_user(email="anna@example.org")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def attempt(client: Client, password: str, login: str = "anna@example.org", ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    # allauth's short throttle (5 failures in 5 minutes) counts in the cache; clearing it shows
    # what axes adds on top: the lockout that a patient attacker runs into.
    cache.clear()
    return client.post(LOGIN, {"login": login, "password": password}, REMOTE_ADDR=ip)


def english() -> Client:
    client = Client()
    client.cookies["familienportal_language"] = "en"
    return client


def test_login_url() -> None:
    assert reverse("account_login") == LOGIN


def test_lockout_after_the_failure_limit(anna: User) -> None:
    client = english()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = attempt(client, "falsch")
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
    locked = attempt(client, "falsch")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "too many failed log-in attempts" in html
    assert "try again in 30 minutes" in html
    # Not even the right password gets in now.
    response = attempt(client, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_german_by_default(anna: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    attempt(client, "falsch")
    response = attempt(client, "falsch")
    assert response.status_code == 429
    assert '<html lang="de">' in response.content.decode()


def test_other_ip_or_other_address_are_not_locked(anna: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3
    client = english()
    for _ in range(3):
        attempt(client, "falsch")
    assert attempt(client, TEST_PASSWORD).status_code == 429
    # Another connection with the right password gets in.
    assert attempt(Client(), TEST_PASSWORD, ip="10.0.0.2").status_code == 302
    # Spelling the address differently does not escape the lock.
    assert attempt(english(), TEST_PASSWORD, login="ANNA@example.org").status_code == 429


def test_success_before_the_limit_resets_the_count(anna: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3
    client = english()
    attempt(client, "falsch")
    attempt(client, "falsch")
    assert attempt(client, TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_axes_reset_unlocks(anna: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 2
    client = english()
    attempt(client, "falsch")
    assert attempt(client, "falsch").status_code == 429
    call_command("axes_reset_username", "anna@example.org")
    assert attempt(client, TEST_PASSWORD).status_code == 302


def test_the_admin_has_no_log_in_form_of_its_own(make_user: Callable[..., User]) -> None:
    """The admin sends every log-in to the portal's page (allauth's secure_admin_login), so
    the lockout there covers the admin as well: a password posted to the admin is ignored."""
    make_user(email="admin@example.org", is_staff=True)
    client = english()
    response = client.post(
        reverse("admin:login"), {"username": "admin@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_authenticate_without_a_request_still_works(anna: User) -> None:
    from django.contrib.auth import authenticate

    assert authenticate(username="anna@example.org", password=TEST_PASSWORD) == anna
