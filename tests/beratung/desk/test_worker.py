"""Follow-up reminders end to end through a real Celery worker and Redis (see .ci/run).

Skipped only when no broker is configured (a first look with eager tasks); in CI the broker is
set, so a missing worker fails the run instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from beratung.tasks_desk import remind_follow_ups
from familyportal import celery_app
from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.tasks import deliver_notice
from tests.factories import DeskReferralFactory, DeskStaffFactory, DirectoryServiceFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_worker() -> None:
    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is not set: tasks run eagerly, there is no worker")
    if not settings.CELERY_RESULT_BACKEND:
        pytest.fail("Set CELERY_RESULT_BACKEND so the test can wait for the worker's result")
    for _attempt in range(6):
        if celery_app.control.ping(timeout=5):
            return
    pytest.fail(f"No Celery worker answers on {settings.CELERY_BROKER_URL}")


def test_the_worker_reminds_of_due_follow_ups_once(live_worker: None, delivered_mail) -> None:
    marker = uuid.uuid4().hex[:8]
    staff = DeskStaffFactory(email=f"familienbuero-{marker}@example.org", language="de")
    today = timezone.localdate()
    service = DirectoryServiceFactory(name=f"Schuldnerberatung {marker}")
    referral = DeskReferralFactory(
        service=service,
        created_by=staff,
        referred_on=today - dt.timedelta(days=14),
        follow_up_on=today,
    )

    result = remind_follow_ups.delay()
    assert not result.__class__.__name__.startswith("Eager")
    assert result.get(timeout=60) == 1
    # The worker's second run finds nothing left to remind of.
    assert remind_follow_ups.delay().get(timeout=60) == 0
    referral.refresh_from_db()
    assert referral.follow_up_reminded_on == today

    notices = list(Notice.objects.filter(template="desk_follow_up", recipient=staff.email))
    assert len(notices) == 1
    # Delivery is a task of its own; asking again waits for the first one and sends no more.
    assert deliver_notice.delay(notices[0].pk).get(timeout=60) in {True, False}
    notices[0].refresh_from_db()
    assert notices[0].status == NoticeStatus.SENT

    mine = [m for m in delivered_mail() if str(m["To"]) == staff.email]
    assert len(mine) == 1
    assert (
        f"Schuldnerberatung {marker}" in mine[0].get_body(preferencelist=("plain",)).get_content()
    )
