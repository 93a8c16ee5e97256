"""Kita-Sozialarbeit in the admin ("Verwaltung").

Cases are read-only here: every change goes through the portal's forms and their audited
services. Reading a case here is audited like reading it in the portal. Only members of the
Kita-Sozialarbeit role see cases, whatever else they are (superusers included), and only the
team lead sees the child-protection fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from beratung.models import (
    Case,
    CaseConsent,
    CaseReferral,
    Consultation,
    OfficeHours,
    SocialWorkerProfile,
)
from beratung.rules.sozialarbeit import is_team_lead
from beratung.selectors.sozialarbeit import is_team_member, team_members
from beratung.services.sozialarbeit_errors import SozialarbeitError
from beratung.services.sozialarbeit_records import case_view_audit, cases_search_audit
from beratung.services.sozialarbeit_team import social_worker_profile_set
from beratung.views.access import request_user

CHILD_PROTECTION_FIELDS = ("child_protection_flag", "child_protection_note")


class TeamOnlyAdminMixin:
    """Requires the Kita-Sozialarbeit role on top of the model permission, superuser or not;
    nobody adds, changes or deletes here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_team_member(request.user) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_team_member(request.user) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset if is_team_member(request.user) else queryset.none()


class TeamOnlyInline(TeamOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Inlines have no permission of their own here: seeing the case is what counts.
        return is_team_member(request.user)


class ConsultationInline(TeamOnlyInline):
    model = Consultation
    fields = readonly_fields = (
        "date",
        "channel",
        "duration_minutes",
        "topic_list",
        "note",
        "recorded_by",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Consultation]:
        return (
            super()
            .get_queryset(request)
            .select_related("recorded_by")
            .prefetch_related("topic_rows")
        )

    @admin.display(description=_("topics"))
    def topic_list(self, obj: Consultation) -> str:
        return ", ".join(str(label) for label in obj.topic_labels)


class ReferralInline(TeamOnlyInline):
    model = CaseReferral
    fields = readonly_fields = (
        "referred_on",
        "destination",
        "destination_detail",
        "outcome",
        "outcome_on",
    )


class ConsentInline(TeamOnlyInline):
    model = CaseConsent
    fields = readonly_fields = ("purpose", "given_on", "recorded_by", "withdrawn_on", "note")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseConsent]:
        return super().get_queryset(request).select_related("recorded_by")


@admin.register(Case)
class CaseAdmin(TeamOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "status",
        "kita",
        "district_name",
        "social_worker",
        "opened_on",
        "closed_on",
    ]
    list_filter = ["status", "origin", "kita__district", "opened_on"]
    search_fields = ["code", "family_name"]
    list_select_related = ["kita__district", "social_worker"]
    date_hierarchy = "opened_on"
    inlines = [ConsultationInline, ReferralInline, ConsentInline]
    fields = (
        "code",
        "status",
        "kita",
        "social_worker",
        "origin",
        "opened_on",
        "closed_on",
        "family_name",
        "contact",
        "description",
        *CHILD_PROTECTION_FIELDS,
        "requested_by",
        "anonymised_at",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:  # type: ignore[override]
        if is_team_lead(request.user):
            return self.fields
        return tuple(name for name in self.fields if name not in CHILD_PROTECTION_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.get_fields(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Case], search_term: str
    ) -> tuple[QuerySet[Case], bool]:
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            cases_search_audit(actor=request_user(request), results=results.count(), via="admin")
        return results, duplicates

    @admin.display(description=_("district"), ordering="kita__district__name")
    def district_name(self, obj: Case) -> str:
        return obj.kita.district.name

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None:
            case_view_audit(case=obj, actor=request_user(request), via="admin")
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    """The team keeps the public office hours (/kita-sozialarbeit/) up to date here."""

    list_display = ["weekday", "starts_at", "ends_at", "place", "kita", "district", "is_active"]
    list_filter = ["is_active", "weekday", "district"]
    search_fields = ["place", "street", "kita__name"]
    list_select_related = ["kita", "district"]


class SocialWorkerProfileForm(forms.ModelForm):
    class Meta:
        model = SocialWorkerProfile
        fields = ["user", "is_team_lead"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = team_members()  # type: ignore[attr-defined]


@admin.register(SocialWorkerProfile)
class SocialWorkerProfileAdmin(admin.ModelAdmin):
    """Who leads the team (and so sees child-protection flags). Audited."""

    form = SocialWorkerProfileForm
    list_display = ["user", "is_team_lead"]
    list_filter = ["is_team_lead"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            saved = social_worker_profile_set(
                user=obj.user, is_team_lead=obj.is_team_lead, actor=request_user(request)
            )
        except SozialarbeitError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        obj.pk = saved.pk
