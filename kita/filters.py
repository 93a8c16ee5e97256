"""The public catalogue's filters (django-filter), bound to a GET form that works without JS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyportal.core.forms import BootstrapForm
from familyportal.organisations.models import District, LanguageCode, PostalCode, ProviderType
from kita import calendar, selectors
from kita.models import AgeBand, CareHours, ConceptCode, Kita

RADIUS_CHOICES = [("1", _("1 km")), ("2", _("2 km")), ("5", _("5 km")), ("10", _("10 km"))]
SORT_CHOICES = [("name", _("Name")), ("distance", _("Distance"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CatalogueForm(BootstrapForm):
    """Cross-field checks: a start needs a birth date before it, a distance needs an origin."""

    # The point distances are measured from, once validated: the visitor's own position (sent
    # by the "use my location" button, progressive enhancement) or their postal code's centre.
    origin: tuple[float, float] | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        birth_date: dt.date | None = data.get("birth_date")
        start: dt.date | None = data.get("start")
        today = timezone.localdate()
        if start and start < today:
            self.add_error("start", _("The desired start cannot lie in the past."))
        if birth_date and start and birth_date >= start:
            self.add_error("start", _("The desired start must be after the birth date."))
        if birth_date and birth_date > today + dt.timedelta(days=300):
            self.add_error(
                "birth_date", _("Please enter the birth date or the expected birth date.")
            )
        latitude, longitude = data.get("lat"), data.get("lon")
        if latitude is not None and longitude is not None:
            self.origin = (float(latitude), float(longitude))
        postal_code = data.get("postal_code")
        if postal_code and self.origin is None:
            origin = PostalCode.objects.filter(code=postal_code).first()
            if origin is None:
                self.add_error(
                    "postal_code",
                    _("We do not know this postal code in our city. Please check it."),
                )
            else:
                self.origin = (origin.latitude, origin.longitude)
        needs_origin = data.get("radius") or data.get("sort") == "distance"
        if needs_origin and self.origin is None and "postal_code" not in self.errors:
            self.add_error(
                "postal_code",
                _("Please enter your postal code to search or sort by distance."),
            )
        return data


class KitaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or street"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all(), empty_label=_("All districts")
    )
    postal_code = django_filters.CharFilter(
        label=_("Your postal code"),
        method="filter_nothing",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": "5"}
        ),
    )
    # Filled by static/js/geolocation.js when the visitor shares their position; a point in
    # Germany (with a margin) is accepted, anything else is ignored as tampering.
    lat = django_filters.NumberFilter(
        method="filter_nothing", widget=forms.HiddenInput, min_value=47, max_value=55.5
    )
    lon = django_filters.NumberFilter(
        method="filter_nothing", widget=forms.HiddenInput, min_value=5.5, max_value=15.5
    )
    radius = django_filters.ChoiceFilter(
        label=_("Distance"), choices=RADIUS_CHOICES, empty_label=_("any"), method="filter_nothing"
    )
    birth_date = django_filters.DateFilter(
        label=_("Child's date of birth"),
        method="filter_nothing",
        widget=DateInput(attrs={"autocomplete": "off"}),
        help_text=_("Or the expected date of birth. Shows only Kitas that take your child."),
    )
    start = django_filters.DateFilter(
        label=_("Desired start"),
        method="filter_nothing",
        widget=DateInput(),
        help_text=_("Usually 1 August, the start of the Kita-year."),
    )
    care_hours = django_filters.ChoiceFilter(
        label=_("Care hours"),
        choices=CareHours.choices,
        empty_label=_("any"),
        method="filter_nothing",
    )
    provider_type = django_filters.ChoiceFilter(
        label=_("Type of provider"),
        field_name="provider__provider_type",
        choices=ProviderType.choices,
        empty_label=_("any"),
    )
    concept = django_filters.ChoiceFilter(
        label=_("Educational concept"),
        field_name="concepts__code",
        choices=ConceptCode.choices,
        empty_label=_("any"),
        distinct=True,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language spoken"),
        field_name="languages__code",
        choices=LanguageCode.choices,
        empty_label=_("any"),
        distinct=True,
    )
    integrative = django_filters.BooleanFilter(
        label=_("Integrative places"),
        method="filter_integrative",
        widget=forms.CheckboxInput,
    )
    familienzentrum = django_filters.BooleanFilter(
        label=_("Familienzentrum"),
        field_name="is_familienzentrum",
        widget=forms.CheckboxInput,
        method="filter_true_only",
    )
    free_places = django_filters.BooleanFilter(
        label=_("Only with free places"), method="filter_nothing", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_nothing"
    )

    class Meta:
        model = Kita
        fields: list[str] = []
        form = CatalogueForm

    # Fields whose meaning depends on other fields are applied together in filter_queryset.
    def filter_nothing(self, queryset: QuerySet[Kita], name: str, value: Any) -> QuerySet[Kita]:
        return queryset

    def filter_text(self, queryset: QuerySet[Kita], name: str, value: str) -> QuerySet[Kita]:
        return queryset.filter(Q(name__icontains=value) | Q(street__icontains=value))

    def filter_integrative(
        self, queryset: QuerySet[Kita], name: str, value: bool
    ) -> QuerySet[Kita]:
        return queryset.filter(integrative_places__gt=0) if value else queryset

    def filter_true_only(self, queryset: QuerySet[Kita], name: str, value: bool) -> QuerySet[Kita]:
        # An unticked box means "don't care", not "only Kitas without".
        return queryset.filter(**{name: True}) if value else queryset

    @property
    def programme(self) -> dict[str, Any]:
        """The Kita-year, age band and hours the visitor asks about (for free places)."""
        data = (
            self.form.cleaned_data if self.is_bound and hasattr(self.form, "cleaned_data") else {}
        )
        start = data.get("start") or calendar.next_kita_year_start(timezone.localdate())
        birth_date = data.get("birth_date")
        age_band = None
        if birth_date and start > birth_date:
            age_band = AgeBand.U3 if calendar.is_u3(birth_date, start) else AgeBand.UE3
        return {
            "kita_year": calendar.kita_year_of(start),
            "age_band": age_band,
            "care_hours": int(data["care_hours"]) if data.get("care_hours") else None,
            "start": start,
            "birth_date": birth_date if age_band else None,
        }

    def filter_queryset(self, queryset: QuerySet[Kita]) -> QuerySet[Kita]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        programme = self.programme
        if programme["birth_date"]:
            queryset = selectors.kitas_taking_age(
                queryset,
                age_months=calendar.age_in_months(programme["birth_date"], programme["start"]),
            )
        # The age range alone decides whether a Kita takes the child; programmes only matter
        # once the visitor asks for hours or free places (a Kita may not have published the
        # coming year's places yet).
        if programme["care_hours"] or data.get("free_places"):
            queryset = selectors.kitas_with_programme(
                queryset,
                kita_year=programme["kita_year"],
                age_band=programme["age_band"],
                care_hours=programme["care_hours"],
                free_only=bool(data.get("free_places")),
            )
        queryset = selectors.kitas_annotate_free_places(
            queryset,
            kita_year=programme["kita_year"],
            age_band=programme["age_band"],
            care_hours=programme["care_hours"],
        )
        origin = self.form.origin
        if origin:
            radius = data.get("radius")
            queryset = selectors.kitas_near(
                queryset,
                latitude=origin[0],
                longitude=origin[1],
                radius_km=float(radius) if radius else None,
            )
        if data.get("sort") == "distance" and origin:
            return queryset.order_by("distance_sq", "name", "pk")
        return queryset.order_by("name", "pk")
