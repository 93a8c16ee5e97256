"""Filters of the team's case list. Every filter has an index behind it: status and worker on
the case, Kita through its foreign key, district through the Kita's."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from beratung.forms.sozialarbeit import UserChoiceField
from beratung.models import Case, CaseStatus
from beratung.selectors.sozialarbeit import case_search, kitas_with_cases, team_members
from familyportal.core.forms import BootstrapForm
from familyportal.organisations.models import District


class UserChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Case code or family name"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CaseStatus.choices, empty_label=_("All")
    )
    kita = django_filters.ModelChoiceFilter(
        label=_("Kita"), queryset=lambda request: kitas_with_cases(), empty_label=_("All Kitas")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        field_name="kita__district",
        queryset=District.objects.order_by("name"),
        empty_label=_("All districts"),
    )
    social_worker = UserChoiceFilter(
        label=_("Social worker"),
        queryset=lambda request: team_members(),
        empty_label=_("Everyone"),
    )

    class Meta:
        model = Case
        fields: list[str] = []
        form = BootstrapForm

    def filter_text(self, queryset: QuerySet[Case], name: str, value: Any) -> QuerySet[Case]:
        return case_search(queryset, value or "")
