"""What a Kita leader (Kita-Leitung) may read: the pre-registrations that name their own Kita.

Every function takes the asking ``user`` and filters by ``Kita.leaders``, so a list can never
contain another Kita's rows, whatever id a URL carries. The rows are ``Wish`` objects: one wish
is exactly one application's choice of this Kita (unique per application and Kita), and it
carries what the leader needs besides the application — the rank and this Kita's criteria.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear

from kita.models import Application, ApplicationStatus, Criterion, Kita, Wish

if TYPE_CHECKING:
    from familyportal.accounts.models import User

__all__ = [
    "LEADER_HIDDEN_STATUSES",
    "leader_application_wish",
    "leader_kita",
    "leader_kitas",
    "leader_wish_months",
    "leader_wishes",
    "u3_at_start",
]

# A withdrawn pre-registration is no request for a place any more: the Kita does not need it.
LEADER_HIDDEN_STATUSES = [ApplicationStatus.WITHDRAWN]


def leader_kitas(*, user: User) -> QuerySet[Kita]:
    """The Kitas ``user`` leads, with how many pre-registrations name each."""
    return (
        Kita.objects.filter(leaders=user)
        .annotate(
            application_count=Count(
                "wishes", filter=~Q(wishes__application__status__in=LEADER_HIDDEN_STATUSES)
            )
        )
        .order_by("name", "pk")
    )


def leader_kita(*, user: User, kita_id: int) -> Kita | None:
    """The Kita with this id if ``user`` leads it, else None (the view answers 404)."""
    return Kita.objects.filter(leaders=user, pk=kita_id).first()


def _date_key(field: str, years_back: int = 0) -> ExpressionWrapper:
    """``(year - years_back) * 10000 + month * 100 + day``: dates as comparable integers."""
    return ExpressionWrapper(
        (ExtractYear(field) - Value(years_back)) * Value(10000)
        + ExtractMonth(field) * Value(100)
        + ExtractDay(field),
        output_field=IntegerField(),
    )


def u3_at_start() -> Q:
    """The child is younger than three on its desired start (as ``kita.calendar.is_u3``).

    Three full years are reached on the day whose (year - 3, month, day) is not before the
    birth date; comparing those as integers works on every database, also for 29 February.
    """
    return Q(_start_key_minus_three__lt=F("_birth_key"))


def _points(outer: str, claims: QuerySet[Any], column: str) -> Coalesce:
    """The sum of ``Criterion.points`` over ``claims`` (a through table) of the outer row."""
    total = (
        claims.filter(**{column: OuterRef(outer)})
        .order_by()
        .values(column)
        .annotate(total=Sum("criterion__points"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def leader_wishes(*, user: User, kita: Kita) -> QuerySet[Wish]:
    """This Kita's wishes of live applications, with everything the list and export show.

    Annotates ``points``: the default points (``Criterion.points``) of the application-wide
    criteria plus those claimed for this Kita — a provisional figure; an allocation round may
    weigh criteria differently. Sorted by points, then by submission (first come first).
    """
    criteria = Criterion.objects.order_by("order", "code")
    return (
        Wish.objects.filter(kita=kita, kita__leaders=user)
        .exclude(application__status__in=LEADER_HIDDEN_STATUSES)
        .select_related("application__child")
        .prefetch_related(
            Prefetch("criteria", queryset=criteria),
            Prefetch("application__criteria", queryset=criteria),
        )
        .annotate(
            points=ExpressionWrapper(
                _points(
                    "application_id", Application.criteria.through.objects.all(), "application_id"
                )
                + _points("pk", Wish.criteria.through.objects.all(), "wish_id"),
                output_field=IntegerField(),
            ),
            _birth_key=_date_key("application__child__birth_date"),
            _start_key_minus_three=_date_key("application__desired_start", years_back=3),
        )
        .order_by("-points", "application__submitted_at", "pk")
    )


def leader_wish_months(wishes: QuerySet[Wish]) -> list[dt.date]:
    """The months (first day) in which the given wishes' applications want to start."""
    return list(wishes.order_by().dates("application__desired_start", "month"))


def leader_application_wish(*, user: User, kita: Kita, application_id: int) -> Wish | None:
    """The wish of application ``application_id`` for ``kita``, if the leader may see it."""
    return leader_wishes(user=user, kita=kita).filter(application_id=application_id).first()
