"""Rounds: the dry run, the run (offers, outcomes, history, notices in bulk), follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familyportal.audit.models import AuditEvent
from familyportal.notices.models import Notice, NoticeStatus
from kita.models import (
    AgeBand,
    ApplicationEvent,
    ApplicationOutcome,
    ApplicationStatus,
    Capacity,
    Offer,
    OfferStatus,
    ProgrammeSupply,
    RoundStatus,
)
from kita.services import (
    RoundAlreadyRun,
    RoundNotReady,
    offer_accept,
    offer_decline,
    round_create,
    round_preview,
    round_run,
)
from tests.factories import AllocationRoundFactory, CapacityFactory, UserFactory
from tests.kita.allocation.conftest import supply

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db: None):  # type: ignore[no-untyped-def]
    return UserFactory(email="team@stadt.example")


def test_round_create_copies_criterion_points_and_free_places(kita_factory, team) -> None:
    kita = kita_factory()
    CapacityFactory(kita=kita, kita_year=2027, age_band=AgeBand.U3, places=10, places_taken=7)
    CapacityFactory(kita=kita, kita_year=2027, age_band=AgeBand.UE3, places=20, places_taken=20)
    CapacityFactory(kita=kita, kita_year=2028, places=5, places_taken=0)

    created = round_create(
        name="Hauptvergabe 2027",
        kita_year=2027,
        registration_deadline=timezone.now(),
        offer_date=timezone.localdate(),
        actor=team,
    )

    assert dict(created.criterion_points.values_list("criterion__code", "points")) == {
        "sibling": 40,
        "single-parent": 20,
        "working-or-training": 20,
        "inclusion": 30,
    }
    assert list(created.supplies.values_list("kita", "age_band", "care_hours", "places")) == [
        (kita.pk, AgeBand.U3, 35, 3)
    ]
    assert len(created.seed) == 32
    assert AuditEvent.objects.filter(action="kita.allocation.round_created").exists()


def test_the_preview_stores_statistics_and_writes_nothing_else(
    allocation_round, apply, kita_factory, north
) -> None:
    popular, quiet = kita_factory(), kita_factory()
    supply(allocation_round, popular, 1)
    supply(allocation_round, quiet, 3)
    first = apply([popular, quiet], criteria=["single-parent"])
    second = apply([popular, quiet])
    third = apply([popular], district=north)

    statistics = round_preview(allocation_round=allocation_round)

    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.PREVIEWED
    assert allocation_round.preview == statistics
    assert (statistics["children"], statistics["placed"], statistics["unplaced"]) == (3, 2, 1)
    assert statistics["by_rank"] == [{"rank": 1, "children": 1}, {"rank": 2, "children": 1}]
    assert statistics["unplaced_groups"] == [
        {"district": "Nord", "age_band": "u3", "care_hours": 35, "children": 1}
    ]
    assert statistics["places"] == 4
    assert statistics["places_left"] == 2
    assert [(row["kita"], row["left"]) for row in statistics["programmes_left"]] == [
        (quiet.name, 2)
    ]
    assert not Offer.objects.exists()
    assert not ApplicationOutcome.objects.exists()
    assert not Notice.objects.exists()
    statuses = {a.status for a in (first, second, third)}
    assert statuses == {ApplicationStatus.RECEIVED}


def test_the_run_writes_offers_outcomes_history_and_notices(
    allocation_round, apply, kita_factory, team, django_capture_on_commit_callbacks
) -> None:
    popular, quiet = kita_factory(name="Kita Sonnenblume"), kita_factory(name="Kita Regenbogen")
    supply(allocation_round, popular, 1)
    supply(allocation_round, quiet, 1)
    winner = apply([popular, quiet], criteria=["inclusion"], first_name="Lina")
    second = apply([popular, quiet], criteria=["single-parent"], first_name="Emil")
    loser = apply([popular, quiet], language="en", first_name="Noah")
    loser_order = round_preview(allocation_round=allocation_round)

    with django_capture_on_commit_callbacks(execute=True):
        statistics = round_run(allocation_round=allocation_round, user=team)

    assert statistics["placed"] == loser_order["placed"] == 2
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.FINISHED
    assert allocation_round.run_by == team
    offer = Offer.objects.get(application=winner)
    assert (offer.kita, offer.status, offer.points) == (popular, OfferStatus.OPEN, 30)
    assert offer.deadline == timezone.localdate() + dt.timedelta(days=14)
    assert offer.wish.kita == popular
    for application, status in (
        (winner, ApplicationStatus.OFFERED),
        (second, ApplicationStatus.OFFERED),
        (loser, ApplicationStatus.REJECTED),
    ):
        application.refresh_from_db()
        assert application.status == status
    kinds = dict(ApplicationEvent.objects.values_list("application_id", "kind"))
    assert kinds[winner.pk] == "allocation.offer"
    assert kinds[loser.pk] == "allocation.not_placed"
    outcome = ApplicationOutcome.objects.get(application=loser)
    assert outcome.placed_kita is None
    wishes = outcome.wishes
    assert [(w["kita"], w["placed"], w["waiting_position"]) for w in wishes] == [
        ("Kita Sonnenblume", False, 2),  # behind Emil, who waits for it too
        ("Kita Regenbogen", False, 1),
    ]
    assert (wishes[0]["points"], wishes[0]["cutoff_points"]) == (0, 30)
    assert (wishes[1]["points"], wishes[1]["cutoff_points"]) == (0, 20)
    # One e-mail per family, in its language, with the deadline and the link.
    assert Notice.objects.filter(status=NoticeStatus.SENT).count() == 3
    subjects = sorted(m.subject for m in mail.outbox)
    assert "Kein Platz für Noah in dieser Runde" not in subjects  # Noah's parent reads English
    assert "No place for Noah in this round" in subjects
    offer_mail = next(m for m in mail.outbox if "Lina" in m.subject)
    assert f"/vergabe/angebot/{offer.pk}/" in offer_mail.body
    assert offer.deadline.strftime("%Y") in offer_mail.body
    rejection = next(m for m in mail.outbox if "Noah" in m.subject)
    assert "Kita Sonnenblume: position 2" in rejection.body
    assert "Kita Regenbogen: position 1" in rejection.body
    assert AuditEvent.objects.filter(action="kita.allocation.round_run").count() == 1


def _round_with(apply, kita_factory, applications: int):  # type: ignore[no-untyped-def]
    allocation_round = AllocationRoundFactory()
    kitas = [kita_factory() for _ in range(3)]
    for kita in kitas:
        supply(allocation_round, kita, applications // 4)
    for number in range(applications):
        apply(kitas[number % 3 :] + kitas[: number % 3], criteria=["inclusion"][: number % 2])
    return allocation_round


def test_the_run_needs_the_same_number_of_queries_for_10_and_60_children(
    apply, kita_factory
) -> None:
    counts = []
    for size in (10, 60):
        allocation_round = _round_with(apply, kita_factory, size)
        with CaptureQueriesContext(connection) as queries:
            round_run(allocation_round=allocation_round, user=None)
        assert ApplicationOutcome.objects.filter(round=allocation_round).count() == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_round_runs_once(allocation_round, apply, kita_factory) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 1)
    apply([kita])
    round_run(allocation_round=allocation_round, user=None)

    with pytest.raises(RoundAlreadyRun, match="already been run"):
        round_run(allocation_round=allocation_round, user=None)
    with pytest.raises(RoundAlreadyRun):
        round_preview(allocation_round=allocation_round)
    assert Offer.objects.count() == 1


def test_a_round_does_not_run_before_its_registration_deadline(apply, kita_factory) -> None:
    allocation_round = AllocationRoundFactory(
        registration_deadline=timezone.now() + dt.timedelta(days=1)
    )
    with pytest.raises(RoundNotReady, match="deadline"):
        round_run(allocation_round=allocation_round, user=None)
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.DRAFT


def test_a_follow_up_round_gives_freed_places_while_accepted_ones_stay(
    allocation_round, apply, kita_factory, team
) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 2)
    accepts = apply([kita], criteria=["inclusion"])
    declines = apply([kita], criteria=["single-parent"])
    waits = apply([kita])
    round_run(allocation_round=allocation_round, user=team)
    offer_accept(offer=Offer.objects.get(application=accepts), user=accepts.created_by)
    offer_decline(offer=Offer.objects.get(application=declines), user=declines.created_by)

    follow_up = round_create(
        name="Nachrückverfahren",
        kita_year=2027,
        registration_deadline=timezone.now(),
        offer_date=timezone.localdate(),
        actor=team,
        follow_up_of=allocation_round,
    )
    assert ProgrammeSupply.objects.get(round=follow_up).places == 2
    round_run(allocation_round=follow_up, user=team)

    assert list(Offer.objects.filter(round=follow_up).values_list("application", flat=True)) == [
        waits.pk
    ]
    live = Offer.objects.filter(kita=kita, status__in=[OfferStatus.OPEN, OfferStatus.ACCEPTED])
    assert live.count() == 2  # never more than the Kita's places
    waits.refresh_from_db()
    assert waits.status == ApplicationStatus.OFFERED


def test_a_follow_up_round_waits_for_its_first_round(apply, kita_factory, team) -> None:
    first = AllocationRoundFactory()
    follow_up = AllocationRoundFactory(follow_up_of=first)
    with pytest.raises(RoundNotReady, match="first round"):
        round_run(allocation_round=follow_up, user=team)
    assert Capacity.objects.count() == 0
