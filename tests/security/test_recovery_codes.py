"""Recovery codes for the second factor: shown once, each valid once, new ones on request."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent
from familyportal.security.services import recovery_codes_create, reset_second_factor
from familyportal.security.session import SECOND_FACTOR_KEY
from familyportal.security.views import RecoveryCodesView
from tests.security.helpers import forget_second_factor

pytestmark = pytest.mark.django_db

VERIFY = "/konto/zwei-faktor/"
RECOVERY = "/konto/wiederherstellungscodes/"


def staff_with_app(make_user: Callable[..., User], role: Role = Role.PLATZVERGABE) -> User:
    user = make_user(role)
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    return user


def client_for(user: User, *, verified: bool) -> Client:
    client = Client()
    client.cookies["familienportal_language"] = "en"
    client.force_login(user)
    if not verified:
        forget_second_factor(client)
    return client


def shown_codes(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7-]+)</code></li>", html)


def test_a_recovery_code_lets_staff_in_once(make_user: Callable[..., User], settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user = staff_with_app(make_user)
    codes = recovery_codes_create(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", code) for code in codes)

    client = client_for(user, verified=False)
    # Typed with spaces and capitals instead of hyphens: still the code.
    typed = codes[3].replace("-", " ").upper()
    response = client.post(VERIFY, {"recovery-code": typed, "next": "/verwaltung/"}, follow=True)
    assert response.redirect_chain[0] == ("/verwaltung/", 302)
    assert client.session[SECOND_FACTOR_KEY] == user.pk
    assert "9 codes are left" in response.content.decode()
    assert AuditEvent.objects.get(action="security.recovery_code.used").data == {"left": 9}

    again = client_for(user, verified=False)
    refused = again.post(VERIFY, {"recovery-code": codes[3]})
    assert refused.status_code == 200
    assert "not correct or was used already" in refused.content.decode()
    assert SECOND_FACTOR_KEY not in again.session


def test_the_last_but_one_code_says_one_is_left_in_german(make_user: Callable[..., User]) -> None:
    user = staff_with_app(make_user)
    codes = recovery_codes_create(user)
    StaticToken.objects.filter(device__user=user).exclude(token=codes[0].replace("-", "")).exclude(
        token=codes[1].replace("-", "")
    ).delete()
    client = client_for(user, verified=False)
    client.cookies["familienportal_language"] = "de"
    response = client.post(VERIFY, {"recovery-code": codes[0]}, follow=True)
    assert "Es ist noch 1 Code übrig." in response.content.decode()


@pytest.mark.parametrize("typed", ["", "abcd", "abcd-efgh-2345-67a1", "x" * 16])
def test_malformed_recovery_codes_get_a_message(make_user: Callable[..., User], typed: str) -> None:
    user = staff_with_app(make_user)
    recovery_codes_create(user)
    client = client_for(user, verified=False)
    response = client.post(VERIFY, {"recovery-code": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert SECOND_FACTOR_KEY not in client.session
    assert StaticToken.objects.filter(device__user=user).count() == 10


def test_wrong_recovery_codes_are_throttled(make_user: Callable[..., User]) -> None:
    user = staff_with_app(make_user)
    codes = recovery_codes_create(user)
    client = client_for(user, verified=False)
    client.post(VERIFY, {"recovery-code": "aaaa-aaaa-aaaa-aaaa"})
    # Right after a wrong code even a right one waits (django-otp's throttling).
    response = client.post(VERIFY, {"recovery-code": codes[0]})
    assert response.status_code == 200
    assert SECOND_FACTOR_KEY not in client.session
    assert StaticDevice.objects.get(user=user).throttling_failure_count == 1


def test_new_codes_replace_the_old_and_are_shown_once(make_user: Callable[..., User]) -> None:
    user = staff_with_app(make_user, Role.FAMILIENBUERO)
    old = recovery_codes_create(user)
    client = client_for(user, verified=True)
    page = client.get(RECOVERY).content.decode()
    assert shown_codes(page) == []
    assert "You have 10 unused recovery codes." in page

    response = client.post(RECOVERY, {"next": "/familienbuero/"})
    assert response.status_code == 302
    new = shown_codes(client.get(response["Location"]).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    # Shown once: the next visit only counts them.
    assert shown_codes(client.get(RECOVERY).content.decode()) == []
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in new}


def test_the_codes_page_needs_the_second_factor_first(make_user: Callable[..., User]) -> None:
    user = staff_with_app(make_user)
    client = client_for(user, verified=False)
    assert client.get(RECOVERY)["Location"].startswith(VERIFY)
    assert client.post(RECOVERY)["Location"].startswith(VERIFY)
    assert not StaticDevice.objects.filter(user=user).exists()


def test_parents_have_no_recovery_codes(make_user: Callable[..., User]) -> None:
    client = client_for(make_user(Role.ELTERN), verified=True)
    assert client.get(RECOVERY).status_code == 403
    assert client.post(RECOVERY).status_code == 403


def test_a_reset_removes_the_codes_too(make_user: Callable[..., User]) -> None:
    user = staff_with_app(make_user)
    recovery_codes_create(user)
    assert reset_second_factor(user) == 2
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_view_itself_refuses_without_the_second_factor(
    make_user: Callable[..., User], rf: RequestFactory
) -> None:
    """Defence in depth: even if the middleware let the request through."""
    user = staff_with_app(make_user)
    request = rf.post(RECOVERY)
    request.user = user
    request.session = SessionStore()
    response = RecoveryCodesView.as_view()(request)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert not StaticDevice.objects.filter(user=user).exists()
