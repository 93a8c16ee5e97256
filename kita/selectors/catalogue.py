"""Read-side queries of the Kita catalogue. Every function returns a lazy queryset."""

from __future__ import annotations

import math

from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from kita.models import Capacity, CatalogueStatistic, Kita

# Kilometres per degree; an equirectangular approximation is exact enough inside one city
# (error well below 1 % over 30 km) and needs only arithmetic, so it runs on SQLite too.
KM_PER_DEGREE_LATITUDE = 110.574
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320


def kitas_public() -> QuerySet[Kita]:
    """Kitas shown in the public catalogue, with what the list and detail pages display."""
    return (
        Kita.objects.filter(is_active=True)
        .select_related("provider", "district")
        .prefetch_related("concepts", "languages")
    )


def kitas_taking_age(qs: QuerySet[Kita], *, age_months: int) -> QuerySet[Kita]:
    return qs.filter(min_age_months__lte=age_months, max_age_months__gte=age_months)


def kitas_near(
    qs: QuerySet[Kita], *, latitude: float, longitude: float, radius_km: float | None
) -> QuerySet[Kita]:
    """Annotate ``distance_sq`` (km²) from a point; with a radius, keep only Kitas inside it.

    The bounding box lets the database use the coordinates index before computing distances.
    """
    km_per_degree_longitude = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(latitude))
    if radius_km is not None:
        dlat = radius_km / KM_PER_DEGREE_LATITUDE
        dlon = radius_km / km_per_degree_longitude
        qs = qs.filter(
            latitude__range=(latitude - dlat, latitude + dlat),
            longitude__range=(longitude - dlon, longitude + dlon),
        )
    dy = (F("latitude") - Value(latitude)) * Value(KM_PER_DEGREE_LATITUDE)
    dx = (F("longitude") - Value(longitude)) * Value(km_per_degree_longitude)
    qs = qs.annotate(distance_sq=ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField()))
    if radius_km is not None:
        qs = qs.filter(distance_sq__lte=radius_km * radius_km)
    return qs


def _capacities(
    *, kita_year: int, age_band: str | None, care_hours: int | None
) -> QuerySet[Capacity]:
    capacities = Capacity.objects.filter(kita=OuterRef("pk"), kita_year=kita_year)
    if age_band:
        capacities = capacities.filter(age_band=age_band)
    if care_hours:
        capacities = capacities.filter(care_hours=care_hours)
    return capacities


def kitas_with_programme(
    qs: QuerySet[Kita],
    *,
    kita_year: int,
    age_band: str | None = None,
    care_hours: int | None = None,
    free_only: bool = False,
) -> QuerySet[Kita]:
    """Kitas that offer places of this kind in this Kita-year (optionally: free ones)."""
    capacities = _capacities(kita_year=kita_year, age_band=age_band, care_hours=care_hours)
    if free_only:
        capacities = capacities.filter(places__gt=F("places_taken"))
    return qs.filter(Exists(capacities))


def kitas_annotate_free_places(
    qs: QuerySet[Kita],
    *,
    kita_year: int,
    age_band: str | None = None,
    care_hours: int | None = None,
) -> QuerySet[Kita]:
    """Annotate ``free_places`` (sum over the matching programmes) in the same query."""
    total = (
        _capacities(kita_year=kita_year, age_band=age_band, care_hours=care_hours)
        .order_by()
        .values("kita")
        .annotate(free=Sum(F("places") - F("places_taken")))
        .values("free")
    )
    return qs.annotate(free_places=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)))


def capacities_for_kita(*, kita: Kita, kita_years: list[int]) -> QuerySet[Capacity]:
    return Capacity.objects.filter(kita=kita, kita_year__in=kita_years).order_by(
        "kita_year", "age_band", "care_hours"
    )


def catalogue_statistics(*, kita_year: int) -> QuerySet[CatalogueStatistic]:
    return CatalogueStatistic.objects.filter(kita_year=kita_year).select_related("district")


def catalogue_statistics_years() -> list[int]:
    return list(
        CatalogueStatistic.objects.order_by("-kita_year")
        .values_list("kita_year", flat=True)
        .distinct()
    )
