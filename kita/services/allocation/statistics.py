"""Planning figures of allocation: demand and supply per district × age band × care hours.

Demand counts where families live (the pre-registration's district), supply where the Kitas
are (free places of the capacities), so planners see which districts lack places. Computed by
Celery every night and after each round; a few aggregate queries and one bulk insert.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from kita import calendar
from kita.models import (
    AgeBand,
    AllocationStatistic,
    Application,
    ApplicationStatus,
    Capacity,
    Offer,
    OfferStatus,
)

Key = tuple[int | None, str, int]

_OFFER_FIELDS: dict[str, str] = {
    OfferStatus.OPEN: "offers_open",
    OfferStatus.ACCEPTED: "offers_accepted",
    OfferStatus.DECLINED: "offers_declined",
    OfferStatus.EXPIRED: "offers_expired",
}


@transaction.atomic
def allocation_statistics_compute(*, kita_year: int) -> int:
    """Recompute the rows of one Kita-year; returns how many rows there are."""
    figures: dict[Key, Counter[str]] = defaultdict(Counter)
    applications = (
        Application.objects.filter(kita_year=kita_year)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .values_list("district_id", "child__birth_date", "desired_start", "care_hours", "status")
        .order_by()
    )
    for district_id, birth_date, start, hours, status in applications.iterator(chunk_size=5000):
        band = str(AgeBand.U3 if calendar.is_u3(birth_date, start) else AgeBand.UE3)
        row = figures[(district_id, band, hours)]
        row["children"] += 1
        if status == ApplicationStatus.REJECTED:
            row["unplaced"] += 1
    places = (
        Capacity.objects.filter(kita_year=kita_year, kita__is_active=True)
        .values_list("kita__district_id", "age_band", "care_hours")
        .annotate(free=Sum(F("places") - F("places_taken")))
        .order_by()
    )
    for district_id, band, hours, free in places:
        figures[(district_id, band, hours)]["places"] += free
    offers = (
        Offer.objects.filter(round__kita_year=kita_year)
        .values_list("application__district_id", "age_band", "care_hours", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for district_id, band, hours, status, count in offers:
        figures[(district_id, band, hours)][_OFFER_FIELDS[status]] += count

    now = timezone.now()
    AllocationStatistic.objects.filter(kita_year=kita_year).delete()
    AllocationStatistic.objects.bulk_create(
        AllocationStatistic(
            kita_year=kita_year,
            district_id=district_id,
            age_band=band,
            care_hours=hours,
            computed_at=now,
            **counts,
        )
        for (district_id, band, hours), counts in figures.items()
    )
    return len(figures)
