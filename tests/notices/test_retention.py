"""The outbox's retention: after NOTICE_RETENTION_DAYS only that something was sent stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from familyportal import celery_app
from familyportal.notices.models import ERASED_RECIPIENT, Notice, NoticeStatus
from familyportal.notices.retention import notices_apply_retention
from familyportal.notices.tasks import apply_notice_retention
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def notice(key: str, status: str, days_old: int, user=None) -> Notice:  # type: ignore[no-untyped-def]
    made = Notice.objects.create(
        idempotency_key=key,
        template="allocation_offer",
        recipient="eltern@example.org",
        language="de",
        context={"child": "Mia", "kita": "Kita Löwenzahn"},
        status=status,
        last_error="Mailserver sagte 550",
        user=user,
    )
    Notice.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_old)
    )
    return made


def test_old_sent_and_failed_notices_keep_only_that_they_went_out(settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTICE_RETENTION_DAYS = 90
    parent = UserFactory()
    old_sent = notice("old-sent", NoticeStatus.SENT, 91, parent)
    old_failed = notice("old-failed", NoticeStatus.FAILED, 200)
    old_pending = notice("old-pending", NoticeStatus.PENDING, 91)
    recent = notice("recent", NoticeStatus.SENT, 89, parent)

    assert notices_apply_retention() == 2

    for erased in (old_sent, old_failed):
        erased.refresh_from_db()
        assert (erased.recipient, erased.context, erased.user, erased.last_error) == (
            ERASED_RECIPIENT,
            {},
            None,
            "",
        )
        # The key stays: the same cause still never sends twice.
        assert erased.idempotency_key in {"old-sent", "old-failed"}
    assert erased.status == NoticeStatus.FAILED
    for kept in (old_pending, recent):
        kept.refresh_from_db()
        assert kept.recipient == "eltern@example.org"
        assert kept.context == {"child": "Mia", "kita": "Kita Löwenzahn"}
    assert recent.user == parent
    # A second run finds nothing more to do.
    assert notices_apply_retention() == 0


def test_the_retention_runs_nightly_as_a_task() -> None:
    notice("old", NoticeStatus.SENT, 365)
    assert apply_notice_retention.apply().get() == 1
    tasks = [entry["task"] for entry in celery_app.conf.beat_schedule.values()]
    assert "notices.apply_retention" in tasks
