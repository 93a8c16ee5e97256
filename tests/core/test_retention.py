"""Retention of the platform's own records: the audit log, unconfirmed sign-ups, sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.utils import timezone

from familyportal import celery_app
from familyportal.accounts.models import User
from familyportal.accounts.retention import sessions_clear_expired, unverified_accounts_delete
from familyportal.accounts.roles import Role
from familyportal.accounts.services import user_role_add
from familyportal.accounts.tasks import clear_expired_sessions, delete_unverified_accounts
from familyportal.audit.models import AuditEvent
from familyportal.audit.retention import audit_apply_retention
from familyportal.audit.services import audit_log
from familyportal.audit.tasks import apply_audit_retention
from kita.models import Child
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


def aged(event: AuditEvent, days: int) -> AuditEvent:
    AuditEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )
    return event


def test_audit_entries_older_than_the_period_are_deleted_and_the_pruning_is_logged(
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.AUDIT_RETENTION_DAYS = 730
    old = [aged(audit_log(actor=None, action="test.old", data={"n": n}), 731) for n in range(3)]
    kept = aged(audit_log(actor=None, action="test.kept"), 729)

    assert audit_apply_retention() == 3

    assert not AuditEvent.objects.filter(pk__in=[event.pk for event in old]).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    note = AuditEvent.objects.get(action="audit.retention.applied")
    assert note.data == {"deleted": 3, "retention_days": 730}
    assert audit_apply_retention() == 0
    assert AuditEvent.objects.filter(action="audit.retention.applied").count() == 1
    aged(audit_log(actor=None, action="test.old"), 800)
    assert apply_audit_retention.apply().get() == 1


def sign_up(email: str, *, days_ago: int, verified: bool = False, logged_in: bool = False) -> User:
    user = UserFactory(email=email)
    user_role_add(user=user, role=Role.ELTERN)
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - dt.timedelta(days=days_ago),
        last_login=timezone.now() if logged_in else None,
    )
    return user


def test_sign_ups_never_confirmed_are_deleted_after_the_period(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS = 30
    stale = sign_up("nie-bestaetigt@example.org", days_ago=31)
    fresh = sign_up("gestern@example.org", days_ago=1)
    confirmed = sign_up("bestaetigt@example.org", days_ago=400, verified=True)
    used = sign_up("angemeldet@example.org", days_ago=400, logged_in=True)
    staff = sign_up("amt@example.org", days_ago=400)
    user_role_add(user=staff, role=Role.PLATZVERGABE)
    childminder = sign_up("tagesmutter@example.org", days_ago=400)
    user_role_add(user=childminder, role=Role.TAGESPFLEGEPERSON)
    admin = sign_up("admin@example.org", days_ago=400)
    User.objects.filter(pk=admin.pk).update(is_superuser=True)

    assert unverified_accounts_delete() == 1

    assert not User.objects.filter(pk=stale.pk).exists()
    assert not EmailAddress.objects.filter(email=stale.email).exists()
    remaining = set(User.objects.values_list("email", flat=True))
    for user in (fresh, confirmed, used, staff, childminder, admin):
        assert user.email in remaining
    event = AuditEvent.objects.get(action="accounts.unverified.deleted")
    assert event.data["accounts"] == 1
    assert "nie-bestaetigt" not in str(event.data)
    assert unverified_accounts_delete() == 0


def test_a_deleted_sign_up_takes_its_data_the_way_an_account_deletion_does(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS = 30
    stale = sign_up("kind@example.org", days_ago=60)
    child = ChildFactory(first_name="Mila", parents=[stale])
    assert delete_unverified_accounts.apply().get() == 1
    # Erased as on deletion by the owner (kita/privacy.py): the name is gone with the account.
    assert not Child.objects.filter(pk=child.pk, first_name="Mila").exists()


def test_expired_sessions_are_cleared_nightly() -> None:
    now = timezone.now()
    Session.objects.create(
        session_key="abgelaufen", session_data="", expire_date=now - dt.timedelta(days=1)
    )
    Session.objects.create(
        session_key="gueltig", session_data="", expire_date=now + dt.timedelta(days=1)
    )
    sessions_clear_expired()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["gueltig"]
    Session.objects.create(
        session_key="abgelaufen2", session_data="", expire_date=now - dt.timedelta(days=1)
    )
    clear_expired_sessions.apply().get()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["gueltig"]


def test_the_retention_jobs_are_on_the_beat_schedule() -> None:
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert {
        "audit.apply_retention",
        "accounts.delete_unverified",
        "accounts.clear_expired_sessions",
    } <= tasks
