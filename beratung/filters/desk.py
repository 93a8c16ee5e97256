"""Filters of the desk's contact list: date range, topic, district, open referrals. Each has an
index behind it (contact_date, district + contact_date, the topic link table, referral status)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from beratung.forms.sozialarbeit import DateInput
from beratung.models import DeskContact, ServiceTopic
from beratung.selectors.desk import open_referrals
from familyportal.core.forms import BootstrapForm
from familyportal.organisations.models import District


class DeskContactFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="contact_date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="contact_date", lookup_expr="lte", widget=DateInput()
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=ServiceTopic.objects.order_by("position", "name"),
        empty_label=_("All topics"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.order_by("name"), empty_label=_("All")
    )
    open_referral = django_filters.BooleanFilter(
        label=_("Open referrals"),
        method="filter_open_referral",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = DeskContact
        fields: list[str] = []
        form = BootstrapForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.form.fields["open_referral"].widget
        widget.choices = [  # type: ignore[attr-defined]
            ("", _("All contacts")),
            ("true", _("Only with an open referral")),
            ("false", _("Only without")),
        ]

    def filter_open_referral(
        self, queryset: QuerySet[DeskContact], name: str, value: Any
    ) -> QuerySet[DeskContact]:
        if value is None:
            return queryset
        has_open = Exists(open_referrals().filter(contact=OuterRef("pk")))
        return queryset.filter(has_open) if value else queryset.exclude(has_open)
