"""The public search's filters (django-filter), bound to a GET form that works without JS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from familyportal.core.forms import BootstrapForm
from familyportal.organisations.models import District, LanguageCode
from tagespflege import dates, selectors
from tagespflege.models import CareHours, Provider

# How far ahead families can ask for free places (providers publish twelve months).
SEARCH_MONTHS = 12
SORT_CHOICES = [("name", _("Name")), ("free", _("Free places first"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    return [
        (f"{month:%Y-%m}", date_format(month, "F Y"))
        for month in dates.months_from(today, SEARCH_MONTHS)
    ]


class SearchForm(BootstrapForm):
    """Cross-field checks: a start needs a birth date before it."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        birth_date: dt.date | None = data.get("birth_date")
        start: dt.date | None = data.get("start")
        today = timezone.localdate()
        if start and start < dates.first_of_month(today):
            self.add_error("start", _("The desired start cannot lie in the past."))
        if birth_date and start and birth_date >= start:
            self.add_error("start", _("The desired start must be after the birth date."))
        if birth_date and birth_date > today + dt.timedelta(days=300):
            self.add_error(
                "birth_date", _("Please enter the birth date or the expected birth date.")
            )
        return data


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        field_name="display_name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all(), empty_label=_("All districts")
    )
    birth_date = django_filters.DateFilter(
        label=_("Child's date of birth"),
        method="filter_nothing",
        widget=DateInput(attrs={"autocomplete": "off"}),
        help_text=_("Or the expected date of birth. Shows only childminders who take your child."),
    )
    start = django_filters.DateFilter(
        label=_("Desired start"),
        method="filter_nothing",
        widget=DateInput(),
        help_text=_("Childminders take children in any month of the year."),
    )
    free_from = django_filters.ChoiceFilter(
        label=_("Free place from"),
        choices=[],
        empty_label=_("any month"),
        method="filter_nothing",
        help_text=_("Only childminders who report a free place in this month."),
    )
    care_hours = django_filters.ChoiceFilter(
        label=_("Care hours"),
        choices=CareHours.choices,
        empty_label=_("any"),
        method="filter_care_hours",
    )
    language = django_filters.ChoiceFilter(
        label=_("Language spoken"),
        field_name="languages__code",
        choices=LanguageCode.choices,
        empty_label=_("any"),
        distinct=True,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_nothing"
    )

    class Meta:
        model = Provider
        fields: list[str] = []
        form = SearchForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.filters["free_from"].extra["choices"] = month_choices(self.today)

    def filter_nothing(
        self, queryset: QuerySet[Provider], name: str, value: Any
    ) -> QuerySet[Provider]:
        return queryset

    def filter_care_hours(
        self, queryset: QuerySet[Provider], name: str, value: str
    ) -> QuerySet[Provider]:
        # A provider offering up to 45 hours also takes a family that books 35.
        return queryset.filter(care_hours__gte=int(value)) if value else queryset

    @property
    def request_summary(self) -> dict[str, Any]:
        """The month and age band the visitor asks about (for the free-place indicator)."""
        data = (
            self.form.cleaned_data if self.is_bound and hasattr(self.form, "cleaned_data") else {}
        )
        free_from = data.get("free_from")
        start: dt.date | None = data.get("start")
        if free_from:
            month = dt.date.fromisoformat(f"{free_from}-01")
        elif start:
            month = dates.first_of_month(start)
        else:
            month = dates.first_of_month(self.today)
        start = start or max(month, self.today)
        birth_date = data.get("birth_date")
        band = None
        if birth_date and start > birth_date:
            band = dates.age_band(birth_date, start)
        return {
            "month": month,
            "age_band": band,
            "start": start,
            "birth_date": birth_date if band else None,
            "free_only": bool(free_from),
        }

    def filter_queryset(self, queryset: QuerySet[Provider]) -> QuerySet[Provider]:
        queryset = super().filter_queryset(queryset)
        asked = self.request_summary
        if asked["birth_date"]:
            queryset = selectors.providers_taking_age(
                queryset, age_months=dates.age_in_months(asked["birth_date"], asked["start"])
            )
        if asked["free_only"]:
            queryset = selectors.providers_with_free_places(
                queryset, month=asked["month"], age_band=asked["age_band"]
            )
        queryset = selectors.providers_annotate_free_places(
            queryset, month=asked["month"], age_band=asked["age_band"]
        )
        if self.form.cleaned_data.get("sort") == "free":
            return queryset.order_by(F("free_places").desc(nulls_last=True), "display_name", "pk")
        return queryset.order_by("display_name", "pk")
