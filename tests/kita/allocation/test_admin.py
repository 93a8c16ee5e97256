"""The Platzvergabe team's admin: create, preview and run rounds; edit places; print letters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.roles import Role
from kita.models import AllocationRound, Offer, ProgrammeSupply, RoundStatus
from kita.services import round_run
from tests.factories import AllocationRoundFactory, CapacityFactory, UserFactory
from tests.kita.allocation.conftest import english_client, supply

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db: None):  # type: ignore[no-untyped-def]
    return english_client(UserFactory(roles=[Role.PLATZVERGABE.value]))


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_a_round_created_in_the_admin_gets_points_and_places(team, kita_factory) -> None:
    kita = kita_factory()
    CapacityFactory(kita=kita, kita_year=2027, places=12, places_taken=4)
    deadline = timezone.localtime() - dt.timedelta(days=1)
    response = team.post(
        reverse("admin:kita_allocationround_add"),
        {
            "name": "Hauptvergabe 2027",
            "kita_year": "2027",
            "registration_deadline_0": deadline.strftime("%Y-%m-%d"),
            "registration_deadline_1": deadline.strftime("%H:%M:%S"),
            "offer_date": timezone.localdate().isoformat(),
            "acceptance_days": "14",
            "tie_break": "lottery",
            "district_points": "10",
            "criterion_points-TOTAL_FORMS": "0",
            "criterion_points-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = AllocationRound.objects.get()
    assert created.criterion_points.count() == 4
    assert created.supplies.get().places == 8


def test_preview_then_run_from_the_admin(team, allocation_round, apply, kita_factory) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 1)
    apply([kita])
    apply([kita])
    change = reverse("admin:kita_allocationround_change", args=[allocation_round.pk])

    preview = team.post(
        reverse("admin:kita_allocationround_preview", args=[allocation_round.pk]), follow=True
    )
    content = preview.content.decode()
    assert "Preview: 1 of 2 children would get a place" in content
    assert "Children placed by the rank of the wish" in content
    assert not Offer.objects.exists()

    run_url = reverse("admin:kita_allocationround_run", args=[allocation_round.pk])
    confirm = team.get(run_url).content.decode()
    assert "2 pre-registrations take part." in confirm
    done = team.post(run_url, follow=True)
    assert done.redirect_chain[-1][0] == change
    assert "The round has been run: 1 of 2 children got an offer" in done.content.decode()
    assert Offer.objects.count() == 1

    again = team.post(run_url, follow=True)
    assert "This round has already been run." in again.content.decode()
    assert Offer.objects.count() == 1
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.FINISHED


def test_running_too_early_is_refused_with_the_reason(team, kita_factory) -> None:
    early = AllocationRoundFactory(registration_deadline=timezone.now() + dt.timedelta(days=2))
    response = team.post(reverse("admin:kita_allocationround_run", args=[early.pk]), follow=True)
    assert "has not passed yet" in response.content.decode()
    early.refresh_from_db()
    assert early.status == RoundStatus.DRAFT


def test_statistics_role_reads_rounds_but_cannot_run_them(allocation_round) -> None:
    planner = english_client(UserFactory(roles=[Role.STATISTIK.value]))
    change = reverse("admin:kita_allocationround_change", args=[allocation_round.pk])
    page = planner.get(change).content.decode()
    assert "Run the round" not in page
    run_url = reverse("admin:kita_allocationround_run", args=[allocation_round.pk])
    assert planner.post(run_url).status_code == 403
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.DRAFT


def test_the_team_edits_places_until_the_round_has_run(team, allocation_round, kita_factory):  # type: ignore[no-untyped-def]
    programme = supply(allocation_round, kita_factory(), 3)
    url = reverse("admin:kita_programmesupply_change", args=[programme.pk])
    response = team.post(url, {"places": "5"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.places == 5
    round_run(allocation_round=allocation_round, user=None)
    team.post(url, {"places": "9"})
    assert ProgrammeSupply.objects.get(pk=programme.pk).places == 5
    listing = team.get(reverse("admin:kita_programmesupply_changelist") + "?confirmed=yes")
    assert listing.status_code == 200


def test_letters_for_offers_and_outcomes(team, allocation_round, apply, kita_factory) -> None:
    kita = kita_factory(name="Kita Löwenzahn")
    supply(allocation_round, kita, 1)
    placed = apply([kita], criteria=["inclusion"], first_name="Jürgen")
    apply([kita], language="en", first_name="Şule")
    round_run(allocation_round=allocation_round, user=None)

    offers = team.post(
        reverse("admin:kita_offer_changelist"),
        {"action": "print_letters", "_selected_action": [placed.offers.get().pk]},
    )
    assert offers["Content-Type"] == "application/pdf"
    assert offers.content.startswith(b"%PDF")
    assert _pdf_pages(offers.content) == 1

    outcomes = team.post(
        reverse("admin:kita_applicationoutcome_changelist"),
        {
            "action": "print_letters",
            "_selected_action": list(allocation_round.outcomes.values_list("pk", flat=True)),
        },
    )
    assert outcomes.content.startswith(b"%PDF")
    assert _pdf_pages(outcomes.content) == 2
