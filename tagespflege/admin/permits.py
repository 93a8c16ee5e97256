"""Persons with their care permits, the permit list, and vacancies in the admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyportal.audit.services import audit_log
from tagespflege import dates, limits, services
from tagespflege.admin.filters import PermitExpiryFilter
from tagespflege.models import CarePermit, Person, Vacancy


def _other_spans(*, person: Person, exclude: list[int]) -> list[limits.PermitSpan]:
    """Permits of the provider's other persons (and of this one not being edited)."""
    return list(
        CarePermit.objects.filter(person__provider_id=person.provider_id)
        .exclude(pk__in=exclude)
        .values_list("issued_on", "valid_until", "children_permitted")
    )


class CarePermitFormSet(BaseInlineFormSet):
    """Together with the provider's other permits, no more children than the law allows."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        edited = [f.instance.pk for f in self.forms if f.instance.pk]
        spans = _other_spans(person=self.instance, exclude=edited) + [
            (
                f.cleaned_data["issued_on"],
                f.cleaned_data["valid_until"],
                f.cleaned_data["children_permitted"],
            )
            for f in kept
        ]
        try:
            services.permits_check(is_large=self.instance.provider.is_large, spans=spans)
        except services.PermitError as error:
            raise forms.ValidationError(str(error)) from error


class CarePermitInline(admin.TabularInline):
    model = CarePermit
    formset = CarePermitFormSet
    extra = 1
    fields = ["number", "issued_on", "valid_until", "children_permitted", "reminder_sent_at"]
    readonly_fields = ["reminder_sent_at"]


class SearchChangesMixin:
    """Admin edits change what families find: cached public pages are stale at once."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        transaction.on_commit(services.search_changed)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        transaction.on_commit(services.search_changed)


@admin.register(Person)
class PersonAdmin(SearchChangesMixin, admin.ModelAdmin):
    list_display = ["__str__", "provider", "qualification", "permit_until"]
    list_select_related = ["provider"]
    list_filter = ["qualification", "provider__district", "provider__kind"]
    search_fields = ["first_name", "last_name", "provider__display_name"]
    inlines = [CarePermitInline]
    fields = ["provider", "first_name", "last_name", "qualification"]
    autocomplete_fields = ["provider"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        latest = (
            CarePermit.objects.filter(person=OuterRef("pk"))
            .order_by("-valid_until")
            .values("valid_until")[:1]
        )
        return super().get_queryset(request).annotate(permit_until_value=Subquery(latest))

    @admin.display(description=_("latest permit until"), ordering="permit_until_value")
    def permit_until(self, person: Person) -> Any:
        return getattr(person, "permit_until_value", None)


class CarePermitForm(forms.ModelForm):
    class Meta:
        model = CarePermit
        fields = ["person", "number", "issued_on", "valid_until", "children_permitted"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        person = data.get("person")
        if person and not self.errors:
            exclude = [self.instance.pk] if self.instance.pk else []
            spans = [
                *_other_spans(person=person, exclude=exclude),
                (data["issued_on"], data["valid_until"], data["children_permitted"]),
            ]
            try:
                services.permits_check(is_large=person.provider.is_large, spans=spans)
            except services.PermitError as error:
                self.add_error("children_permitted", str(error))
        return data


@admin.register(CarePermit)
class CarePermitAdmin(SearchChangesMixin, admin.ModelAdmin):
    form = CarePermitForm
    list_display = [
        "person",
        "provider",
        "number",
        "issued_on",
        "valid_until",
        "children_permitted",
        "reminder_sent_at",
    ]
    list_select_related = ["person__provider"]
    list_filter = [PermitExpiryFilter, "person__provider__district", "children_permitted"]
    search_fields = [
        "number",
        "person__first_name",
        "person__last_name",
        "person__provider__display_name",
    ]
    date_hierarchy = "valid_until"
    readonly_fields = ["reminder_sent_at"]
    ordering = ["valid_until", "pk"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("provider"), ordering="person__provider__display_name")
    def provider(self, permit: CarePermit) -> str:
        return str(permit.person.provider)


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = ["provider", "month", "age_band", "free_places"]
        help_texts = {"month": _("Any day of the month; it is stored as the first.")}

    def clean_month(self) -> dt.date:
        return dates.first_of_month(self.cleaned_data["month"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        provider, month, band = data.get("provider"), data.get("month"), data.get("age_band")
        if provider and month and band and data.get("free_places") is not None:
            places = {
                (month, other.age_band): other.free_places
                for other in Vacancy.objects.filter(provider=provider, month=month).exclude(
                    pk=self.instance.pk
                )
            }
            places[(month, band)] = data["free_places"]
            errors = services.vacancies_check(provider=provider, places=places)
            if errors:
                self.add_error("free_places", errors[month])
        return data


@admin.register(Vacancy)
class VacancyAdmin(SearchChangesMixin, admin.ModelAdmin):
    form = VacancyForm
    list_display = ["provider", "month", "age_band", "free_places", "updated_at"]
    list_select_related = ["provider"]
    list_filter = ["age_band", "provider__district", "month"]
    search_fields = ["provider__display_name"]
    date_hierarchy = "month"
    ordering = ["month", "provider__display_name", "age_band"]
    autocomplete_fields = ["provider"]

    def save_model(self, request: HttpRequest, obj: Vacancy, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_log(
            actor=request.user,  # type: ignore[arg-type]
            action="tagespflege.vacancies.updated",
            target=obj.provider,
            data={f"{obj.month:%Y-%m}/{obj.age_band}": obj.free_places},
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("month", dates.first_of_month(timezone.localdate()))
        return initial
