"""The permit reminder end to end through a real Celery worker and Redis (see .ci/run).

Skipped only when no broker is configured (a first look with eager tasks); in CI the broker is
set, so a missing worker fails the run instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from familyportal import celery_app
from familyportal.accounts.roles import Role
from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.tasks import deliver_notice
from tagespflege.tasks import remind_expiring_permits
from tests.factories import ChildminderFactory, ChildminderPersonFactory, UserFactory

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


def test_the_worker_reminds_of_an_expiring_permit_once(live_worker: None, delivered_mail) -> None:  # type: ignore[no-untyped-def]
    marker = uuid.uuid4().hex[:8]
    advisor = UserFactory(
        email=f"fachberatung-{marker}@example.org", language="de", roles=[Role.FACHBERATUNG.value]
    )
    today = timezone.localdate()
    provider = ChildminderFactory(display_name=f"Tagespflege {marker}", permit=False)
    person = ChildminderPersonFactory(provider=provider, last_name=f"Worker{marker}")
    person.permits.create(
        issued_on=today - dt.timedelta(days=1700),
        valid_until=today + dt.timedelta(days=20),
        children_permitted=5,
    )

    result = remind_expiring_permits.delay()
    assert not result.__class__.__name__.startswith("Eager")
    assert result.get(timeout=60) == 1
    # The worker's second run finds nothing left to remind of.
    assert remind_expiring_permits.delay().get(timeout=60) == 0
    # Delivery is a task of its own; asking again waits for the first delivery and sends
    # nothing more (the notice row stays locked while it is being sent).
    notices = list(Notice.objects.filter(template="tagespflege_permit_expiring"))
    for notice in notices:
        assert deliver_notice.delay(notice.pk).get(timeout=60) in {True, False}
        notice.refresh_from_db()
        assert notice.status == NoticeStatus.SENT

    mine = {str(m["To"]): m for m in delivered_mail() if f"Worker{marker}" in str(m["Subject"])}
    # The adviser and the provider (at its contact address: it has no account), once each.
    assert sorted(mine) == sorted([advisor.email, provider.email])
    assert len(notices) == 2
    to_advisor = mine[advisor.email]
    assert f"Tagespflege {marker}" in to_advisor.get_body(preferencelist=("plain",)).get_content()
    assert f"{today + dt.timedelta(days=20):%d.%m.%Y}" in str(to_advisor["Subject"])
