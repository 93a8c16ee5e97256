"""Admin of the service directory: the Familienbüro maintains services, organisations, locations,
topics and target groups here. Every save refreshes the search columns and drops the cached
public pages (beratung.services.directory)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from beratung.models import (
    CostOption,
    DirectoryOrganisation,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceContact,
    ServiceLanguage,
    ServiceLocation,
    ServiceTopic,
    TargetGroup,
)
from beratung.services.directory import (
    directory_changed,
    directory_search_refresh,
    directory_topic_changed,
)


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]
    fields = ["location", "description"]


class ScheduleInline(admin.TabularInline):
    model = Schedule
    fk_name = "service"
    extra = 0
    fields = ["weekday", "opens_at", "closes_at", "description"]


class LocationScheduleInline(admin.TabularInline):
    model = Schedule
    fk_name = "service_at_location"
    extra = 0
    fields = ["weekday", "opens_at", "closes_at", "description"]


class LanguageInline(admin.TabularInline):
    model = ServiceLanguage
    extra = 0


class CostOptionInline(admin.TabularInline):
    model = CostOption
    extra = 0


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class ContactInline(admin.TabularInline):
    model = ServiceContact
    extra = 0


class ServicePhoneInline(admin.TabularInline):
    model = Phone
    fk_name = "service"
    extra = 0
    fields = ["number", "type", "description"]


class OrganisationPhoneInline(ServicePhoneInline):
    fk_name = "organisation"


class LocationPhoneInline(ServicePhoneInline):
    fk_name = "location"


class RefreshingAdmin(admin.ModelAdmin):
    """Drops the cached public pages after every change."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:  # type: ignore[type-arg]
        super().save_related(request, form, formsets, change)
        directory_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        directory_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        directory_changed()


@admin.register(Service)
class ServiceAdmin(RefreshingAdmin):
    list_display = ["name", "organisation", "kind", "status", "is_free", "topic_list"]
    list_filter = ["status", "kind", "is_free", "topics", "at_locations__location__district"]
    search_fields = ["name", "alternate_name", "description", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["topics", "target_groups"]
    inlines = [
        ServiceAtLocationInline,
        ScheduleInline,
        ServicePhoneInline,
        LanguageInline,
        CostOptionInline,
        RequiredDocumentInline,
        ContactInline,
    ]
    fieldsets = [
        (
            None,
            {"fields": ["organisation", "name", "alternate_name", "description", "kind", "status"]},
        ),
        (
            _("Topics and who it is for"),
            {
                "fields": [
                    "topics",
                    "target_groups",
                    "eligibility_description",
                    "minimum_age_months",
                    "maximum_age_months",
                ]
            },
        ),
        (
            _("Access"),
            {
                "fields": [
                    "application_process",
                    "url",
                    "email",
                    "interpretation_services",
                    "is_free",
                    "fees_description",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Service]:
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("topics"))
    def topic_list(self, obj: Service) -> str:
        return ", ".join(topic.name for topic in obj.topics.all())

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:  # type: ignore[type-arg]
        super().save_related(request, form, formsets, change)
        directory_search_refresh(service_ids=[form.instance.pk])


@admin.register(ServiceAtLocation)
class ServiceAtLocationAdmin(RefreshingAdmin):
    """Opening hours that differ per location are kept here."""

    list_display = ["service", "location"]
    list_select_related = ["service", "location"]
    search_fields = ["service__name", "location__name"]
    autocomplete_fields = ["service", "location"]
    inlines = [LocationScheduleInline]


@admin.register(DirectoryOrganisation)
class DirectoryOrganisationAdmin(RefreshingAdmin):
    list_display = ["name", "legal_status", "service_count"]
    search_fields = ["name", "alternate_name"]
    inlines = [OrganisationPhoneInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DirectoryOrganisation]:
        return super().get_queryset(request).annotate(number_of_services=Count("services"))

    @admin.display(description=_("services"), ordering="number_of_services")
    def service_count(self, obj: DirectoryOrganisation) -> int:
        return obj.number_of_services  # type: ignore[attr-defined,no-any-return]


@admin.register(ServiceLocation)
class ServiceLocationAdmin(RefreshingAdmin):
    list_display = ["name", "organisation", "address_1", "postal_code", "district"]
    list_filter = ["district"]
    list_select_related = ["organisation", "district"]
    search_fields = ["name", "address_1", "postal_code", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [LocationPhoneInline]


@admin.register(ServiceTopic)
class ServiceTopicAdmin(RefreshingAdmin):
    list_display = ["name", "code", "position", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "code", "keywords"]
    prepopulated_fields = {"code": ["name"]}

    def save_model(
        self, request: HttpRequest, obj: ServiceTopic, form: ModelForm, change: bool
    ) -> None:  # type: ignore[type-arg]
        super().save_model(request, obj, form, change)
        directory_topic_changed(topic=obj)


@admin.register(TargetGroup)
class TargetGroupAdmin(RefreshingAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
