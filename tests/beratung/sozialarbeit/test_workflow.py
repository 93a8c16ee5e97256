"""A social worker's day: open a case, record consultations, referrals and consent, close it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beratung.models import (
    Case,
    CaseConsent,
    CaseReferral,
    CaseStatus,
    Consultation,
    ReferralOutcome,
)
from beratung.services.sozialarbeit_cases import case_open
from beratung.services.sozialarbeit_errors import SozialarbeitError
from familyportal.accounts.models import User
from tests.factories import CaseConsentFactory, CaseFactory, CaseReferralFactory, KitaFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]]


def test_a_case_from_opening_to_closing(team_client: Client, worker: User) -> None:
    kita = KitaFactory(name="Kita Regenbogen")
    today = timezone.localdate()
    token = "6f1c2a7e-0b7e-4a53-9d54-0c8f0a1d2e3f"
    response = team_client.post(
        reverse("beratung:sozialarbeit-case-create"),
        {
            "token": token,
            "kita": kita.pk,
            "origin": "office_hours",
            "opened_on": today.isoformat(),
            "social_worker": worker.pk,
            "family_name": "Familie Nowak",
            "contact": "0221 4710 123",
            "description": "Fragen zum Wohngeld",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.code == f"KS-{today.year}-0001"
    assert (case.status, case.social_worker, case.district) == ("open", worker, kita.district)

    detail = reverse("beratung:sozialarbeit-case-detail", args=[case.pk])
    response = team_client.post(
        reverse("beratung:sozialarbeit-consultation-create", args=[case.pk]),
        {
            "token": "0d6f9f0e-3f5b-4df2-9a41-5f3f0c0a9b11",
            "date": today.isoformat(),
            "channel": "meeting",
            "duration_minutes": "45",
            "topics": ["money", "housing"],
            "note": "Wohngeldantrag ausgefüllt",
        },
        follow=True,
    )
    assert response.redirect_chain == [(detail, 302)]
    consultation = Consultation.objects.get()
    assert sorted(consultation.topics) == ["housing", "money"]
    assert "Wohngeldantrag ausgefüllt" in response.content.decode()

    team_client.post(
        reverse("beratung:sozialarbeit-referral-create", args=[case.pk]),
        {
            "token": "4a5b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d",
            "destination": "schuldnerberatung",
            "referred_on": today.isoformat(),
        },
    )
    referral = CaseReferral.objects.get()
    team_client.post(
        reverse("beratung:sozialarbeit-referral-outcome", args=[referral.pk]),
        {"outcome": "arrived", "outcome_on": today.isoformat()},
    )
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_on) == (ReferralOutcome.ARRIVED, today)

    team_client.post(
        reverse("beratung:sozialarbeit-consent-create", args=[case.pk]),
        {
            "token": "9a8b7c6d-5e4f-4a3b-8c1d-0e9f8a7b6c5d",
            "purpose": "referral",
            "given_on": today.isoformat(),
        },
    )
    consent = CaseConsent.objects.get()
    team_client.post(
        reverse("beratung:sozialarbeit-consent-withdraw", args=[consent.pk]),
        {"day": today.isoformat()},
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == today
    assert consent.withdrawal_recorded_by == worker

    response = team_client.post(
        reverse("beratung:sozialarbeit-case-close", args=[case.pk]),
        {"day": today.isoformat()},
        follow=True,
    )
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (CaseStatus.CLOSED, today)
    # A closed case offers no form for new consultations any more.
    page = response.content.decode()
    assert reverse("beratung:sozialarbeit-consultation-create", args=[case.pk]) not in page


def test_a_double_submit_records_one_consultation(team_client: Client) -> None:
    case = CaseFactory()
    data = {
        "token": "11111111-2222-4333-8444-555555555555",
        "date": case.opened_on.isoformat(),
        "channel": "phone",
        "duration_minutes": "15",
        "topics": ["parenting"],
    }
    url = reverse("beratung:sozialarbeit-consultation-create", args=[case.pk])
    first = team_client.post(url, data)
    second = team_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Consultation.objects.count() == 1


def test_bad_input_is_explained_and_kept(team_client: Client) -> None:
    case = CaseFactory()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = team_client.post(
        reverse("beratung:sozialarbeit-consultation-create", args=[case.pk]),
        {
            "token": "11111111-2222-4333-8444-666666666666",
            "date": tomorrow.isoformat(),
            "channel": "phone",
            "duration_minutes": "15",
            "topics": ["parenting"],
            "note": "Bitte nicht verlieren",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert "Bitte nicht verlieren" in response.content.decode()
    assert not Consultation.objects.exists()

    response = team_client.post(
        reverse("beratung:sozialarbeit-consultation-create", args=[case.pk]),
        {"token": "11111111-2222-4333-8444-777777777777", "channel": "phone", "topics": []},
    )
    assert set(response.context["form"].errors) == {"date", "duration_minutes", "topics"}


def test_a_referral_to_other_needs_the_service(team_client: Client) -> None:
    case = CaseFactory()
    response = team_client.post(
        reverse("beratung:sozialarbeit-referral-create", args=[case.pk]),
        {
            "token": "21111111-2222-4333-8444-555555555555",
            "destination": "other",
            "referred_on": case.opened_on.isoformat(),
        },
    )
    assert "destination_detail" in response.context["form"].errors
    assert not CaseReferral.objects.exists()


def test_a_closed_case_takes_no_new_consultation(team_client: Client) -> None:
    case = CaseFactory(status=CaseStatus.CLOSED, closed_on=dt.date(2026, 2, 1))
    response = team_client.post(
        reverse("beratung:sozialarbeit-consultation-create", args=[case.pk]),
        {
            "token": "31111111-2222-4333-8444-555555555555",
            "date": "2026-02-01",
            "channel": "phone",
            "duration_minutes": "15",
            "topics": ["money"],
        },
    )
    assert response.status_code == 200
    assert not Consultation.objects.exists()


def test_a_referral_outcome_can_follow_after_closing(team_client: Client) -> None:
    referral = CaseReferralFactory(
        case__status=CaseStatus.CLOSED, case__closed_on=dt.date(2026, 2, 1)
    )
    team_client.post(
        reverse("beratung:sozialarbeit-referral-outcome", args=[referral.pk]),
        {"outcome": "completed", "outcome_on": "2026-03-01"},
    )
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.COMPLETED


def test_editing_a_case_keeps_its_code(team_client: Client, worker: User) -> None:
    case = CaseFactory(family_name="Familie Alt")
    code = case.code
    response = team_client.post(
        reverse("beratung:sozialarbeit-case-edit", args=[case.pk]),
        {
            "token": "41111111-2222-4333-8444-555555555555",
            "kita": case.kita_id,
            "origin": case.origin,
            "opened_on": case.opened_on.isoformat(),
            "social_worker": worker.pk,
            "family_name": "Familie Neu",
            "contact": "",
            "description": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.family_name, case.social_worker, case.code) == ("Familie Neu", worker, code)


def test_case_codes_count_up_per_year_and_are_never_reused(worker: User) -> None:
    kita = KitaFactory()
    codes = [
        case_open(actor=worker, kita=kita, origin="self", opened_on=day, social_worker=worker).code
        for day in (dt.date(2025, 12, 30), dt.date(2026, 1, 2), dt.date(2026, 1, 3))
    ]
    assert codes == ["KS-2025-0001", "KS-2026-0001", "KS-2026-0002"]
    Case.objects.filter(code="KS-2026-0002").delete()
    again = case_open(
        actor=worker, kita=kita, origin="self", opened_on=dt.date(2026, 1, 4), social_worker=worker
    )
    assert again.code == "KS-2026-0003"


def test_the_responsible_person_must_be_in_the_team(worker: User, make_user) -> None:  # type: ignore[no-untyped-def]
    outsider = make_user()
    with pytest.raises(SozialarbeitError):
        case_open(
            actor=worker,
            kita=KitaFactory(),
            origin="self",
            opened_on=dt.date(2026, 1, 2),
            social_worker=outsider,
        )


def test_withdrawing_twice_keeps_the_first_date(team_client: Client) -> None:
    consent = CaseConsentFactory()
    url = reverse("beratung:sozialarbeit-consent-withdraw", args=[consent.pk])
    team_client.post(url, {"day": "2026-02-01"})
    team_client.post(url, {"day": "2026-02-03"})
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2026, 2, 1)
