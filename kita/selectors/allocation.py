"""What each audience may read of allocation rounds, offers and outcomes.

Families see the offers and outcomes of children they are a guardian of; Kita leaders the
supplies and waiting lists of Kitas they lead; the allocation team any Kita. Every lookup by an
id from a URL goes through these, so another family's or Kita's id finds nothing (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from familyportal.accounts.predicates import is_administration, is_allocation_team
from kita.models import (
    LIVE_OFFER_STATUSES,
    AllocationRound,
    AllocationStatistic,
    Application,
    ApplicationOutcome,
    Kita,
    Offer,
    ProgrammeSupply,
    RoundStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from familyportal.accounts.models import User

__all__ = [
    "WaitingListEntry",
    "allocation_application_for_guardian",
    "allocation_kita_for_waiting_list",
    "allocation_offer_for_guardian",
    "allocation_open_offer",
    "allocation_outcomes",
    "allocation_rounds_for_leader",
    "allocation_statistics",
    "allocation_statistics_years",
    "allocation_supplies_for_leader",
    "allocation_waiting_list",
]


def allocation_offer_for_guardian(*, user: User | AnonymousUser, offer_id: int) -> Offer | None:
    """The offer if ``user`` is a guardian of its child, else None."""
    if not user.is_authenticated:
        return None
    return (
        Offer.objects.filter(pk=offer_id, application__child__guardianships__user=user)
        .select_related("kita__district", "provider__postal_code", "round", "application__child")
        .first()
    )


def allocation_application_for_guardian(
    *, user: User | AnonymousUser, application_id: int
) -> Application | None:
    if not user.is_authenticated:
        return None
    return (
        Application.objects.filter(pk=application_id, child__guardianships__user=user)
        .select_related("child")
        .first()
    )


def allocation_open_offer(*, application: Application) -> Offer | None:
    """The child's open or accepted offer (there is at most one)."""
    return (
        Offer.objects.filter(application=application, status__in=LIVE_OFFER_STATUSES)
        .select_related("kita", "provider", "round")
        .first()
    )


def allocation_outcomes(*, application: Application) -> QuerySet[ApplicationOutcome]:
    """The child's outcomes of finished rounds, newest first."""
    return (
        ApplicationOutcome.objects.filter(application=application)
        .select_related("round", "placed_kita", "placed_provider")
        .order_by("-round__run_at", "-pk")
    )


def allocation_rounds_for_leader(*, user: User) -> QuerySet[AllocationRound]:
    """Rounds that give out places of a Kita ``user`` leads, newest first."""
    return AllocationRound.objects.filter(supplies__kita__leaders=user).distinct()


def allocation_supplies_for_leader(
    *, user: User, allocation_round: AllocationRound, kita_id: int | None = None
) -> QuerySet[ProgrammeSupply]:
    supplies = ProgrammeSupply.objects.filter(round=allocation_round, kita__leaders=user)
    if kita_id is not None:
        supplies = supplies.filter(kita_id=kita_id)
    return supplies.select_related("kita", "confirmed_by").order_by(
        "kita__name", "kita_id", "age_band", "care_hours"
    )


def _sees_every_kita(user: User) -> bool:
    return bool(is_allocation_team(user) or is_administration(user))


def allocation_kita_for_waiting_list(*, user: User, kita_id: int) -> Kita | None:
    """The Kita if ``user`` leads it (or is on the allocation team), else None."""
    kitas = Kita.objects.all() if _sees_every_kita(user) else Kita.objects.filter(leaders=user)
    return kitas.filter(pk=kita_id).first()


@dataclass(frozen=True)
class WaitingListEntry:
    application_id: int
    child: str
    birth_date: Any
    age_band: str
    care_hours: int
    rank: int
    points: int
    placed: bool
    waiting_position: int | None
    offer_status: str | None


def allocation_waiting_list(
    *, allocation_round: AllocationRound, kita: Kita
) -> list[WaitingListEntry]:
    """The children admitted to ``kita`` in a finished round and those waiting for it.

    Sorted by programme, admitted children first (by points), then the waiting list in order,
    then children who wished a programme without places (``waiting_position`` None).
    Two queries: the outcomes of children who wished this Kita, and the offers they hold.
    """
    if allocation_round.status != RoundStatus.FINISHED:
        return []
    outcomes = (
        ApplicationOutcome.objects.filter(round=allocation_round, application__wishes__kita=kita)
        .select_related("application__child")
        .order_by()
    )
    offers = dict(
        Offer.objects.filter(round=allocation_round, kita=kita).values_list(
            "application_id", "status"
        )
    )
    entries = []
    for outcome in outcomes:
        for wish in outcome.wishes:
            if wish["kita_id"] != kita.pk:
                continue
            if not wish["placed"] and wish["waiting_position"] is None and wish["places"]:
                continue  # placed at a Kita the family preferred: not waiting here
            child = outcome.application.child
            entries.append(
                WaitingListEntry(
                    application_id=outcome.application_id,
                    child=f"{child.first_name} {child.last_name}",
                    birth_date=child.birth_date,
                    age_band=outcome.data["age_band"],
                    care_hours=outcome.data["care_hours"],
                    rank=wish["rank"],
                    points=wish["points"],
                    placed=wish["placed"],
                    waiting_position=wish["waiting_position"],
                    offer_status=offers.get(outcome.application_id) if wish["placed"] else None,
                )
            )
    entries.sort(
        key=lambda e: (
            e.age_band,
            e.care_hours,
            not e.placed,
            e.waiting_position if e.waiting_position is not None else 1_000_000,
            -e.points,
            e.child,
        )
    )
    return entries


def allocation_statistics(*, kita_year: int) -> QuerySet[AllocationStatistic]:
    return AllocationStatistic.objects.filter(kita_year=kita_year).select_related("district")


def allocation_statistics_years() -> list[int]:
    return list(
        AllocationStatistic.objects.order_by("-kita_year")
        .values_list("kita_year", flat=True)
        .distinct()
    )
