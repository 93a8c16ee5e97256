"""What a parent may read: their own children, pre-registrations and invitations.

Every function takes the asking ``user`` and filters by ``Guardianship``, so a list or a lookup
by id can never reach another family's rows (a foreign id is simply not found: 404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from kita import calendar
from kita.models import (
    Application,
    ApplicationEvent,
    Child,
    Criterion,
    Guardianship,
    Invitation,
    Kita,
    Offer,
    Wish,
)
from kita.models.catalogue import AgeBand
from tagespflege.models import CarePermit, Provider, Vacancy

if TYPE_CHECKING:
    from familyportal.accounts.models import User

__all__ = [
    "applications_for_parent",
    "children_for_parent",
    "children_with_applications_for_parent",
    "criteria_offered",
    "invitation_by_token",
    "kitas_by_ids",
    "kitas_for_wishes",
    "last_address_for_parent",
    "providers_by_ids",
    "providers_for_wishes",
]


def children_for_parent(*, user: User) -> QuerySet[Child]:
    return Child.objects.filter(guardianships__user=user).order_by("birth_date", "first_name", "pk")


def applications_for_parent(*, user: User) -> QuerySet[Application]:
    """The parent's pre-registrations with everything "My area" shows, newest first."""
    return (
        Application.objects.filter(child__guardianships__user=user)
        .select_related("child", "district")
        .prefetch_related(
            Prefetch(
                "wishes",
                queryset=Wish.objects.select_related("kita", "provider")
                .prefetch_related("criteria")
                .order_by("rank"),
            ),
            "criteria",
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "pk")),
            # Offers of allocation rounds, shown by kita/allocation/_application_allocation.html.
            Prefetch(
                "offers",
                queryset=Offer.objects.select_related("kita", "provider").order_by("pk"),
            ),
        )
        .order_by("-submitted_at", "-pk")
    )


def children_with_applications_for_parent(*, user: User) -> QuerySet[Child]:
    """Children with their applications, co-parents and open invitations, in a fixed number
    of queries however many there are."""
    applications = (
        applications_for_parent(user=user).select_related(None).select_related("district")
    )
    return children_for_parent(user=user).prefetch_related(
        Prefetch("applications", queryset=applications),
        Prefetch(
            "guardianships",
            queryset=Guardianship.objects.select_related("user").order_by("created_at", "pk"),
        ),
        Prefetch(
            "invitations",
            queryset=Invitation.objects.filter(accepted_at__isnull=True).order_by("-created_at"),
            to_attr="pending_invitations",
        ),
    )


def criteria_offered() -> QuerySet[Criterion]:
    """The criteria families may claim, in the order the municipality set."""
    return Criterion.objects.filter(is_active=True).order_by("order", "code")


def kitas_for_wishes() -> QuerySet[Kita]:
    """Kitas a family may wish for, with what the wish list shows, grouped by district."""
    return (
        Kita.objects.filter(is_active=True)
        .select_related("district")
        .only(
            "pk",
            "name",
            "street",
            "is_active",
            "min_age_months",
            "max_age_months",
            "district__name",
        )
        .order_by("district__name", "name", "pk")
    )


def providers_for_wishes(
    *,
    birth_date: dt.date | None = None,
    desired_start: dt.date | None = None,
    care_hours: int | None = None,
) -> list[Provider]:
    """Kindertagespflege providers a family may rank beside Kitas (1 query).

    Public ones (active, profile published, a permit valid today) that take the child's age at
    the start and offer at least the hours asked for (when those are known). Each carries
    ``free_places``: its free places in the start's month and the child's age band, None when
    it reported nothing for that month. Providers without free places are listed too: places
    change until the round runs, and the round uses the figures of that day.
    """
    today = timezone.localdate()
    permits = CarePermit.objects.filter(
        person__provider=OuterRef("pk"), issued_on__lte=today, valid_until__gte=today
    )
    providers = (
        Provider.objects.filter(is_active=True, published_at__isnull=False)
        .filter(Exists(permits))
        .select_related("district")
        .only(
            "pk",
            "display_name",
            "min_age_months",
            "max_age_months",
            "care_hours",
            "is_active",
            "published_at",
            "district__name",
        )
        .order_by("district__name", "display_name", "pk")
    )
    if care_hours is not None:
        providers = providers.filter(care_hours__gte=care_hours)
    if birth_date is not None and desired_start is not None:
        age = calendar.age_in_months(birth_date, desired_start)
        providers = providers.filter(min_age_months__lte=age, max_age_months__gt=age)
        free = Vacancy.objects.filter(
            provider=OuterRef("pk"),
            month=desired_start.replace(day=1),
            age_band=AgeBand.U3 if calendar.is_u3(birth_date, desired_start) else AgeBand.UE3,
        ).values("free_places")[:1]
        providers = providers.annotate(free_places=Subquery(free))
    return list(providers)


def providers_by_ids(ids: Sequence[int]) -> list[Provider]:
    """Public providers in the order of ``ids``; unknown or non-public ids are dropped."""
    found = {p.pk: p for p in providers_for_wishes() if p.pk in set(ids)}
    return [found[pk] for pk in ids if pk in found]


def kitas_by_ids(ids: Sequence[int]) -> list[Kita]:
    """Active Kitas in the order of ``ids`` (the family's ranking); unknown ids are dropped."""
    found = Kita.objects.filter(is_active=True, pk__in=list(ids)).select_related("district")
    by_id = {kita.pk: kita for kita in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def last_address_for_parent(*, user: User) -> tuple[str, str] | None:
    """Street and postal code of the parent's latest pre-registration (to fill in the next)."""
    row = (
        Application.objects.filter(child__guardianships__user=user)
        .order_by("-submitted_at", "-pk")
        .values_list("street", "postal_code")
        .first()
    )
    return (row[0], row[1]) if row else None


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation a link points to. Whoever holds the token may see that it exists; what
    it is about is shown only after acceptance."""
    return Invitation.objects.select_related("child", "created_by").filter(token=token).first()
