from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from kita.models import Capacity, CatalogueStatistic


@transaction.atomic
def catalogue_statistics_compute(*, kita_year: int) -> int:
    """Recompute places and free places per district × age band × hours for one Kita-year.

    One aggregate query and one bulk insert, whatever the number of Kitas; returns the row count.
    """
    now = timezone.now()
    rows = (
        Capacity.objects.filter(kita_year=kita_year, kita__is_active=True)
        .values("kita__district", "age_band", "care_hours")
        .annotate(
            kitas=Count("kita", distinct=True),
            total=Sum("places"),
            free=Sum(F("places") - F("places_taken")),
        )
        .order_by()
    )
    statistics = [
        CatalogueStatistic(
            kita_year=kita_year,
            district_id=row["kita__district"],
            age_band=row["age_band"],
            care_hours=row["care_hours"],
            kitas=row["kitas"],
            places=row["total"],
            free_places=row["free"],
            computed_at=now,
        )
        for row in rows
    ]
    CatalogueStatistic.objects.filter(kita_year=kita_year).delete()
    CatalogueStatistic.objects.bulk_create(statistics)
    return len(statistics)
