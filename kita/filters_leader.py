"""Filters of a Kita leader's list of pre-registrations (django-filter on a GET form)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from familyportal.core.forms import BootstrapForm
from kita import selectors
from kita.models import AgeBand, ApplicationStatus, CareHours, Wish

# A family names up to ten Kitas (the Berlin-scale maximum).
MAX_RANK = 10
SORT_POINTS = "points"
SORT_SUBMITTED = "submitted"
SORT_CHOICES = [
    (SORT_POINTS, _("Points, then time of submission")),
    (SORT_SUBMITTED, _("Time of submission")),
]
STATUS_CHOICES = [
    (value, label)
    for value, label in ApplicationStatus.choices
    if value not in selectors.LEADER_HIDDEN_STATUSES
]


class LeaderApplicationForm(BootstrapForm):
    pass


def _month_value(month: dt.date) -> str:
    return f"{month:%Y-%m}"


class LeaderApplicationFilter(django_filters.FilterSet):
    age_band = django_filters.ChoiceFilter(
        label=_("Age band at the desired start"),
        choices=AgeBand.choices,
        empty_label=_("any"),
        method="filter_age_band",
    )
    care_hours = django_filters.ChoiceFilter(
        label=_("Care hours"),
        field_name="application__care_hours",
        choices=CareHours.choices,
        empty_label=_("any"),
    )
    start_month = django_filters.ChoiceFilter(
        label=_("Desired start in"),
        choices=[],
        empty_label=_("any month"),
        method="filter_start_month",
    )
    rank = django_filters.ChoiceFilter(
        label=_("Rank the family gave this Kita"),
        choices=[(str(rank), str(rank)) for rank in range(1, MAX_RANK + 1)],
        empty_label=_("any"),
    )
    min_points = django_filters.NumberFilter(
        label=_("Minimum points"),
        field_name="points",
        lookup_expr="gte",
        min_value=0,
        max_value=1000,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="application__status",
        choices=STATUS_CHOICES,
        empty_label=_("any"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_nothing"
    )

    class Meta:
        model = Wish
        fields: list[str] = []
        form = LeaderApplicationForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The months in which this Kita's families want to start; one query on the base list.
        self.filters["start_month"].extra["choices"] = [
            (_month_value(month), formats.date_format(month, "YEAR_MONTH_FORMAT"))
            for month in selectors.leader_wish_months(self.queryset)
        ]

    def filter_nothing(self, queryset: QuerySet[Wish], name: str, value: Any) -> QuerySet[Wish]:
        return queryset

    def filter_age_band(self, queryset: QuerySet[Wish], name: str, value: str) -> QuerySet[Wish]:
        u3 = selectors.u3_at_start()
        return queryset.filter(u3) if value == AgeBand.U3 else queryset.exclude(u3)

    def filter_start_month(self, queryset: QuerySet[Wish], name: str, value: str) -> QuerySet[Wish]:
        year, month = (int(part) for part in value.split("-"))
        first = dt.date(year, month, 1)
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        return queryset.filter(
            application__desired_start__gte=first, application__desired_start__lt=after
        )

    def filter_queryset(self, queryset: QuerySet[Wish]) -> QuerySet[Wish]:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("sort") == SORT_SUBMITTED:
            return queryset.order_by("application__submitted_at", "pk")
        return queryset.order_by("-points", "application__submitted_at", "pk")
