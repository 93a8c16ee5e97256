"""Staff are logged out after STAFF_SESSION_IDLE_MINUTES without a request; parents are not."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.security.session import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


def logged_in(user: User, idle_minutes: float) -> Client:
    client = Client()
    client.cookies["familienportal_language"] = "en"
    client.force_login(user)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time() - idle_minutes * 60)
    session.save()
    return client


def test_staff_are_logged_out_after_the_idle_time(make_user: Callable[..., User]) -> None:
    client = logged_in(make_user(Role.KITA_LEITUNG), idle_minutes=31)
    response = client.get("/kita-leitung/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fkita-leitung%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "inactive for more than 30 minutes" in page.content.decode()


def test_staff_within_the_idle_time_stay_and_are_stamped(make_user: Callable[..., User]) -> None:
    client = logged_in(make_user(Role.KITA_LEITUNG), idle_minutes=29)
    assert client.get("/kita-leitung/").status_code == 200
    assert time.time() - client.session[LAST_SEEN_KEY] < 5, "activity renews the stamp"


def test_the_idle_time_is_a_setting(make_user: Callable[..., User], settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    client = logged_in(make_user(Role.ADMINISTRATION), idle_minutes=6)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("account_login"))


def test_the_stamp_is_not_written_on_every_request(make_user: Callable[..., User]) -> None:
    client = logged_in(make_user(Role.STATISTIK), idle_minutes=0.2)
    stamp = client.session[LAST_SEEN_KEY]
    client.get("/")
    assert client.session[LAST_SEEN_KEY] == stamp


@pytest.mark.parametrize("role", [Role.ELTERN, Role.TAGESPFLEGEPERSON])
def test_parents_keep_their_session(make_user: Callable[..., User], role: Role) -> None:
    client = logged_in(make_user(role), idle_minutes=24 * 60)
    assert client.get(reverse("accounts:account")).status_code == 200
    assert "_auth_user_id" in client.session
