from __future__ import annotations

import math
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from familyportal.core.cache import AnonymousPageCacheMixin
from familyportal.core.views import PermissionMixin
from kita import calendar, selectors
from kita.filters import KitaFilter
from kita.models import Kita
from kita.services.catalogue import CATALOGUE_CACHE_NAMESPACE

# The filters most families use; the others sit behind "More filters" so that on a phone the
# results are not three screens down.
PRIMARY_FILTERS = (
    "postal_code",
    "lat",
    "lon",
    "radius",
    "birth_date",
    "start",
    "care_hours",
    "free_places",
)


class KitaListView(PermissionMixin, AnonymousPageCacheMixin, FilterView):
    """The public catalogue: a filter form, a paginated list and (with JS) a map of the page."""

    permission_required = "kita.view_catalogue"
    page_cache_namespace = CATALOGUE_CACHE_NAMESPACE
    filterset_class = KitaFilter
    template_name = "kita/kita_list.html"
    context_object_name = "kitas"
    # Show valid filters even when another field has an error; the form marks the error.
    strict = False

    @property
    def page_cache_seconds(self) -> int:  # type: ignore[override]
        return settings.CATALOGUE_CACHE_SECONDS

    def get_paginate_by(self, queryset: QuerySet[Kita]) -> int:
        return settings.CATALOGUE_PAGE_SIZE

    def get_queryset(self) -> QuerySet[Kita]:
        return selectors.kitas_public()

    def get_filterset_kwargs(self, filterset_class: type[KitaFilter]) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound, so the default view is filtered, annotated and sorted like any other.
        kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = list(context["kitas"])
        for kita in page:
            distance_sq = getattr(kita, "distance_sq", None)
            kita.distance_km = math.sqrt(distance_sq) if distance_sq is not None else None
        query = self.request.GET.copy()
        query.pop("page", None)
        form = self.filterset.form
        more_fields = [field for field in form if field.name not in PRIMARY_FILTERS]
        context.update(
            primary_fields=[form[name] for name in PRIMARY_FILTERS],
            more_fields=more_fields,
            # Open when the visitor set one of them or one has an error: nothing is hidden.
            more_open=any(
                field.errors or (field.name != "sort" and self.request.GET.get(field.name))
                for field in more_fields
            ),
            kitas=page,
            programme=self.filterset.programme,
            query_string=query.urlencode(),
            map_points=[
                {
                    "name": kita.name,
                    "lat": kita.latitude,
                    "lon": kita.longitude,
                    "url": kita.get_absolute_url(),
                }
                for kita in page
            ],
            map_tile_url=settings.MAP_TILE_URL,
            map_attribution=settings.MAP_ATTRIBUTION,
        )
        return context


class KitaDetailView(PermissionMixin, AnonymousPageCacheMixin, DetailView):
    permission_required = "kita.view_catalogue"
    page_cache_namespace = CATALOGUE_CACHE_NAMESPACE
    template_name = "kita/kita_detail.html"
    context_object_name = "kita"

    def get_queryset(self) -> QuerySet[Kita]:
        return selectors.kitas_public()

    @property
    def page_cache_seconds(self) -> int:  # type: ignore[override]
        return settings.CATALOGUE_CACHE_SECONDS

    def get_permission_object(self) -> None:
        # The rule is public and not about one Kita; without this, rules' mixin would load the
        # Kita (and its prefetches) before the page cache is even asked.
        return None

    @cached_property
    def kita_years(self) -> list[int]:
        current = calendar.kita_year_of(timezone.localdate())
        return [current, current + 1]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        capacities = list(
            selectors.capacities_for_kita(kita=self.object, kita_years=self.kita_years)
        )
        context["years"] = [
            {
                "kita_year": year,
                "label": f"{year}/{(year + 1) % 100:02d}",
                "capacities": [c for c in capacities if c.kita_year == year],
            }
            for year in self.kita_years
        ]
        context["care_hours_offered"] = sorted({c.care_hours for c in capacities})
        context["map_points"] = [
            {"name": self.object.name, "lat": self.object.latitude, "lon": self.object.longitude}
        ]
        context["map_tile_url"] = settings.MAP_TILE_URL
        context["map_attribution"] = settings.MAP_ATTRIBUTION
        return context
