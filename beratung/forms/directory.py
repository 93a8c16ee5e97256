"""The directory's search form: one box and the filters, shared by the desk search and the
public list (GET forms that work without JavaScript)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beratung.models import ServiceTopic
from beratung.selectors.directory_search import SearchFilters
from familyportal.core.forms import BootstrapForm
from familyportal.organisations.models import District, LanguageCode

MAX_AGE_YEARS = 26


class DirectorySearchForm(BootstrapForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("For example: Elterngeld, Hebamme, Schulden, Kitaplatz."),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=ServiceTopic.objects.all(),
        required=False,
        empty_label=_("All topics"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("All districts"),
    )
    age = forms.IntegerField(
        label=_("Child's age (years)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE_YEARS,
        help_text=_("0 for a baby under one year."),
        error_messages={
            "min_value": _("Please enter an age of 0 years or more."),
            "max_value": _("Offers for children and young people go up to 26 years."),
            "invalid": _("Please enter the age in whole years, e.g. 3."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("any language")), *LanguageCode.choices],
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def filters(self, *, now: dt.datetime | None = None) -> SearchFilters:
        """The filters of the valid fields (an invalid field is left out, with its error)."""
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return SearchFilters(
            topic=data.get("topic"),
            district=data.get("district"),
            age_years=data.get("age"),
            language=data.get("language") or "",
            free_only=bool(data.get("free")),
            open_now=bool(data.get("open_now")),
            now=now,
        )

    @property
    def query(self) -> str:
        return str(getattr(self, "cleaned_data", {}).get("q") or "")
