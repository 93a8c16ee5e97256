"""Pre-registrations of past Kita-years lose address, health data and remark after
APPLICATION_RETENTION_DAYS; history, wishes and figures stay."""

from __future__ import annotations

import datetime as dt

import pytest

from familyportal import celery_app
from familyportal.audit.models import AuditEvent
from kita.models import Application, ApplicationStatus, CareHours, Criterion
from kita.privacy import ERASED_NAME
from kita.retention import applications_apply_retention, last_expired_kita_year
from kita.tasks import apply_application_retention
from tests.factories import ApplicationFactory, KitaFactory

pytestmark = pytest.mark.django_db


def application(kita_year: int, **kwargs: object) -> Application:
    return ApplicationFactory(
        kita_year=kita_year,
        desired_start=dt.date(kita_year, 8, 1),
        inclusion_description="Sprachförderung wegen Hörbeeinträchtigung",
        remark="Bitte nicht vor 8 Uhr anrufen",
        **kwargs,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Kita-year 2025 runs to 31 July 2026; 365 days later it has expired.
        (dt.date(2027, 7, 31), 2024),
        (dt.date(2027, 8, 1), 2025),
        (dt.date(2028, 1, 15), 2025),
    ],
)
def test_a_kita_year_expires_the_period_after_its_end(
    settings,  # type: ignore[no-untyped-def]
    today: dt.date,
    expected: int,
) -> None:
    settings.APPLICATION_RETENTION_DAYS = 365
    assert last_expired_kita_year(today=today) == expected


def test_expired_pre_registrations_keep_only_what_history_and_figures_need(settings) -> None:  # type: ignore[no-untyped-def]
    settings.APPLICATION_RETENTION_DAYS = 365
    kita = KitaFactory()
    criterion = Criterion.objects.get(code="single-parent")
    old = application(2025, kitas=[kita], status=ApplicationStatus.ACCEPTED)
    old.criteria.add(criterion)
    older = application(2024, status=ApplicationStatus.REJECTED)
    current = application(2026)

    assert applications_apply_retention(today=dt.date(2027, 8, 1)) == 2

    for erased in (old, older):
        erased.refresh_from_db()
        assert (erased.street, erased.inclusion_description, erased.remark) == (
            ERASED_NAME,
            "",
            "",
        )
    # What the family's history and the statistics need stays.
    assert (old.postal_code, old.status, old.care_hours) == (
        "44787",
        ApplicationStatus.ACCEPTED,
        CareHours.H35,
    )
    assert list(old.criteria.all()) == [criterion]
    assert [wish.kita for wish in old.wishes.all()] == [kita]
    assert old.child.first_name != ERASED_NAME
    current.refresh_from_db()
    assert current.street == "Lindenweg 3"
    assert current.inclusion_description.startswith("Sprachförderung")
    assert current.remark
    event = AuditEvent.objects.get(action="kita.application.retention")
    assert event.data == {"count": 2, "up_to_kita_year": 2025, "retention_days": 365}
    # A second run finds nothing more to do and records nothing.
    assert applications_apply_retention(today=dt.date(2027, 8, 1)) == 0
    assert AuditEvent.objects.filter(action="kita.application.retention").count() == 1


def test_works_in_batches(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.APPLICATION_RETENTION_DAYS = 365
    monkeypatch.setattr("kita.retention.BATCH_SIZE", 2)
    for _ in range(5):
        application(2020)
    assert applications_apply_retention(today=dt.date(2027, 8, 1)) == 5
    assert not Application.objects.exclude(street=ERASED_NAME).exists()
    assert AuditEvent.objects.filter(action="kita.application.retention").count() == 3


def test_the_retention_runs_nightly_as_a_task() -> None:
    # The factory's default Kita-year lies years before any sensible "today" of the suite.
    application(2015)
    assert apply_application_retention.apply().get() == 1
    tasks = [entry["task"] for entry in celery_app.conf.beat_schedule.values()]
    assert "kita.apply_application_retention" in tasks
