"""The engine's inputs: who takes part, points, district points, tie-breaks, programmes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kita.models import AgeBand, ApplicationStatus, OfferStatus, RoundCriterionPoints, TieBreak
from kita.services import lottery_number, round_inputs
from tests.factories import AllocationRoundFactory, OfferFactory
from tests.kita.allocation.conftest import UE3_BIRTH, supply

pytestmark = pytest.mark.django_db


def test_points_add_round_criteria_wish_criteria_and_district(
    allocation_round, apply, kita_factory, north, south
) -> None:
    near, far = kita_factory(district=north), kita_factory(district=south)
    supply(allocation_round, near, 1)
    supply(allocation_round, far, 1)
    RoundCriterionPoints.objects.filter(
        round=allocation_round, criterion__code="single-parent"
    ).update(points=25)
    application = apply(
        [near, far], criteria=["single-parent"], wish_criteria={1: ["sibling"]}, district=north
    )

    inputs = round_inputs(allocation_round=allocation_round)

    near_programme = (near.pk, AgeBand.U3, 35)
    far_programme = (far.pk, AgeBand.U3, 35)
    assert inputs.preferences[application.pk] == [near_programme, far_programme]
    # 25 (round's points for single parent) + 10 (lives in the Kita's district)
    assert inputs.points_at(application.pk, near_programme) == 35
    # 25 + 40 (a sibling attends that Kita), another district
    assert inputs.points_at(application.pk, far_programme) == 65


def test_programmes_order_by_points_then_by_the_seeded_lottery(
    allocation_round, apply, kita_factory
) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 1)
    low = [apply([kita]) for _ in range(6)]
    high = apply([kita], criteria=["working-or-training"])

    preferences, priorities, capacities = round_inputs(allocation_round=allocation_round)

    order = priorities[(kita.pk, AgeBand.U3, 35)]
    assert order[0] == high.pk
    expected = sorted((a.pk for a in low), key=lambda pk: lottery_number(allocation_round.seed, pk))
    assert order[1:] == expected
    assert capacities == {(kita.pk, AgeBand.U3, 35): 1}
    assert set(preferences) == {high.pk, *(a.pk for a in low)}


def test_the_lottery_is_reproducible_from_the_stored_seed_and_differs_between_seeds(
    apply, kita_factory
) -> None:
    kita = kita_factory()
    first = AllocationRoundFactory(seed="alpha")
    supply(first, kita, 1)
    applications = [apply([kita]) for _ in range(8)]
    again = AllocationRoundFactory(seed="alpha")
    supply(again, kita, 1)
    other = AllocationRoundFactory(seed="beta")
    supply(other, kita, 1)
    programme = (kita.pk, AgeBand.U3, 35)

    orders = [round_inputs(allocation_round=r).priorities[programme] for r in (first, again, other)]

    assert sorted(orders[0]) == sorted(a.pk for a in applications)
    assert orders[0] == orders[1]
    assert orders[0] != orders[2]


def test_registration_time_tie_break_serves_first_come_first(apply, kita_factory) -> None:
    kita = kita_factory()
    allocation_round = AllocationRoundFactory(tie_break=TieBreak.REGISTRATION)
    supply(allocation_round, kita, 1)
    now = timezone.now()
    late = apply([kita], submitted_at=now - dt.timedelta(hours=1))
    early = apply([kita], submitted_at=now - dt.timedelta(days=3))

    inputs = round_inputs(allocation_round=allocation_round)

    assert inputs.priorities[(kita.pk, AgeBand.U3, 35)] == [early.pk, late.pk]


def test_a_wish_becomes_the_programme_of_the_childs_age_band_and_hours(
    allocation_round, apply, kita_factory
) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 3, age_band=AgeBand.UE3, care_hours=45)
    older = apply([kita], birth_date=UE3_BIRTH, care_hours=45)
    younger = apply([kita], care_hours=45)

    inputs = round_inputs(allocation_round=allocation_round)

    assert inputs.preferences[older.pk] == [(kita.pk, AgeBand.UE3, 45)]
    assert inputs.preferences[younger.pk] == [(kita.pk, AgeBand.U3, 45)]
    # The Kita has no U3 places with 45 hours: the younger child cannot be admitted there.
    assert (kita.pk, AgeBand.U3, 45) not in inputs.priorities


def test_applications_after_the_deadline_wait_for_a_later_round(
    allocation_round, apply, kita_factory
) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 2)
    on_time = apply([kita])
    late = apply([kita], submitted_at=allocation_round.registration_deadline + dt.timedelta(1))
    withdrawn = apply([kita])
    withdrawn.status = ApplicationStatus.WITHDRAWN
    withdrawn.save()

    inputs = round_inputs(allocation_round=allocation_round)

    assert set(inputs.preferences) == {on_time.pk}
    assert late.pk not in inputs.preferences


def test_a_follow_up_round_takes_the_unplaced_but_not_children_with_or_after_an_offer(
    apply, kita_factory
) -> None:
    kita = kita_factory()
    first = AllocationRoundFactory(status="finished")
    follow_up = AllocationRoundFactory(follow_up_of=first)
    supply(follow_up, kita, 5)
    unplaced = apply([kita])
    unplaced.status = ApplicationStatus.REJECTED
    unplaced.save()
    new = apply([kita])
    holders = {}
    for status in OfferStatus.values:
        application = apply([kita])
        OfferFactory(round=first, application=application, kita=kita, status=status)
        holders[status] = application

    inputs = round_inputs(allocation_round=follow_up)

    assert set(inputs.preferences) == {unplaced.pk, new.pk}
    # Open and accepted offers of the first round still hold their places.
    assert inputs.capacities[(kita.pk, AgeBand.U3, 35)] == 5 - 2
