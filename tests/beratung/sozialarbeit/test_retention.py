"""Retention: closed cases are anonymised once their period has run out; the counts stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beratung.models import Case, CaseConsent, CaseStatus, Consultation, SocialWorkStatistic
from beratung.quarters import Quarter
from beratung.services.sozialarbeit_errors import CaseNotWritable
from beratung.services.sozialarbeit_records import consultation_record
from beratung.services.sozialarbeit_retention import cases_apply_retention
from beratung.services.sozialarbeit_statistics import quarterly_statistics_compute
from beratung.tasks import apply_retention
from familyportal import celery_app
from familyportal.accounts.models import User
from familyportal.audit.models import AuditEvent
from tests.factories import (
    CaseConsentFactory,
    CaseFactory,
    CaseReferralFactory,
    ConsultationFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2030, 6, 15)


def closed_case(days_ago: int, **kwargs: object) -> Case:
    closed_on = TODAY - dt.timedelta(days=days_ago)
    return CaseFactory(
        status=CaseStatus.CLOSED,
        opened_on=closed_on - dt.timedelta(days=40),
        closed_on=closed_on,
        **kwargs,
    )


def test_expired_cases_lose_names_notes_and_consent_but_keep_their_counts(settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.SOZIALARBEIT_RETENTION_DAYS == 3 * 365
    case = closed_case(
        3 * 365 + 1,
        family_name="Familie Nowak",
        contact="0221 4710 123",
        description="Wohngeld",
        child_protection_flag=True,
        child_protection_note="Verdacht",
    )
    old_code = case.code
    ConsultationFactory(case=case, date=case.opened_on, channel="meeting", topics=["housing"])
    CaseReferralFactory(case=case, referred_on=case.opened_on, outcome="completed")
    CaseConsentFactory(case=case)
    quarter = Quarter.of(case.opened_on)
    quarterly_statistics_compute(quarter=quarter)
    before = set(SocialWorkStatistic.objects.values_list("kind", "key", "parent_key", "count"))

    assert cases_apply_retention(today=TODAY) == 1

    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert case.code.startswith("ANON-") and old_code not in case.code
    assert (case.family_name, case.contact, case.description, case.child_protection_note) == (
        "",
        "",
        "",
        "",
    )
    assert not case.child_protection_flag
    assert not CaseConsent.objects.filter(case=case).exists()
    consultation = Consultation.objects.get(case=case)
    assert consultation.note == ""
    assert (consultation.channel, consultation.topics) == ("meeting", ["housing"])
    assert case.referrals.get().outcome == "completed"
    # The statistics come out the same from the anonymised case.
    quarterly_statistics_compute(quarter=quarter)
    after = set(SocialWorkStatistic.objects.values_list("kind", "key", "parent_key", "count"))
    assert after == before
    entry = AuditEvent.objects.get(action="beratung.case.anonymised")
    assert (entry.actor, entry.target_id) == (None, str(case.pk))


def test_cases_within_their_period_and_open_cases_stay(settings) -> None:  # type: ignore[no-untyped-def]
    recent = closed_case(3 * 365, family_name="Familie Jung")
    running = CaseFactory(opened_on=TODAY - dt.timedelta(days=5 * 365), family_name="Familie Lang")
    assert cases_apply_retention(today=TODAY) == 0
    recent.refresh_from_db()
    running.refresh_from_db()
    assert (recent.family_name, running.family_name) == ("Familie Jung", "Familie Lang")


def test_the_period_is_a_setting_and_a_second_run_changes_nothing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SOZIALARBEIT_RETENTION_DAYS = 30
    closed_case(31)
    closed_case(29)
    assert cases_apply_retention(today=TODAY) == 1
    assert cases_apply_retention(today=TODAY) == 0
    assert AuditEvent.objects.filter(action="beratung.case.anonymised").count() == 1


def test_the_task_uses_today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SOZIALARBEIT_RETENTION_DAYS = 10
    case = CaseFactory(
        status=CaseStatus.CLOSED,
        opened_on=timezone.localdate() - dt.timedelta(days=30),
        closed_on=timezone.localdate() - dt.timedelta(days=11),
    )
    assert apply_retention.delay().get() == 1
    case.refresh_from_db()
    assert case.anonymised_at is not None


def test_an_anonymised_case_can_be_read_but_not_changed(team_client: Client, worker: User) -> None:
    case = closed_case(3 * 365 + 1)
    cases_apply_retention(today=TODAY)
    case.refresh_from_db()
    page = team_client.get(reverse("beratung:sozialarbeit-case-detail", args=[case.pk]))
    assert page.status_code == 200
    assert page.context["case"].is_anonymised
    assert reverse("beratung:sozialarbeit-case-edit", args=[case.pk]) not in page.content.decode()
    with pytest.raises(CaseNotWritable):
        consultation_record(
            case=case,
            actor=worker,
            date=case.opened_on,
            channel="phone",
            duration_minutes=10,
            topics=["money"],
        )


def test_both_jobs_are_scheduled_once() -> None:
    tasks = [entry["task"] for entry in celery_app.conf.beat_schedule.values()]
    assert tasks.count("beratung.apply_retention") == 1
    assert tasks.count("beratung.compute_quarterly_statistics") == 1
    assert {"beratung.apply_retention", "beratung.compute_quarterly_statistics"} <= set(
        celery_app.tasks
    )
