"""Retention and quarterly figures through a real Celery worker (CI runs one; see .ci/run).

Skipped only when no broker is configured (a first look with eager tasks); with a broker but
no worker, the tests fail.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from beratung.models import Case, CaseStatus, SocialWorkStatistic, StatisticKind
from beratung.quarters import Quarter
from beratung.selectors.sozialarbeit_statistics import quarter_report
from beratung.tasks import apply_retention, compute_quarterly_statistics
from familyportal import celery_app
from tests.factories import CaseFactory, ConsultationFactory, KitaFactory

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


def test_the_worker_anonymises_expired_cases(live_worker: None) -> None:
    closed_on = dt.date.today() - dt.timedelta(days=4 * 365)
    case = CaseFactory(
        status=CaseStatus.CLOSED,
        opened_on=closed_on - dt.timedelta(days=30),
        closed_on=closed_on,
        family_name="Familie Nowak",
    )
    ConsultationFactory(case=case, date=case.opened_on)

    result = apply_retention.delay()
    assert not result.__class__.__name__.startswith("Eager")
    assert result.get(timeout=60) >= 1

    case = Case.objects.get(pk=case.pk)
    assert case.anonymised_at is not None
    assert case.family_name == ""
    assert case.consultations.count() == 1


def test_the_worker_computes_a_quarter_with_small_counts_suppressed(live_worker: None) -> None:
    case = CaseFactory(opened_on=dt.date(2025, 1, 6), kita=KitaFactory(name="Kita Kleeblatt"))
    for day in range(6):
        ConsultationFactory(case=case, date=dt.date(2025, 1, 6 + day), channel="phone")
    ConsultationFactory(case=case, date=dt.date(2025, 2, 3), channel="home_visit")

    result = compute_quarterly_statistics.delay(year=2025, quarter=1)
    assert result.get(timeout=60) > 0

    channels = dict(
        SocialWorkStatistic.objects.filter(
            year=2025, quarter=1, kind=StatisticKind.CHANNEL
        ).values_list("key", "count")
    )
    assert (channels["phone"], channels["home_visit"], channels["meeting"]) == (6, 1, 0)

    report = quarter_report(quarter=Quarter(2025, 1))
    assert report is not None
    shown = {row.key: row.display for row in report.channels.rows}
    # One home visit is "< 5", like the channels nobody used; the four hidden cells share one
    # consultation between them, so none of them can be worked out.
    assert shown == {
        "phone": "6",
        "meeting": "< 5",
        "home_visit": "< 5",
        "accompanying": "< 5",
        "interpreter": "< 5",
    }
    assert report.channels.total is not None and report.channels.total.display == "7"
