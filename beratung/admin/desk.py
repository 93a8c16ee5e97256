"""The Familienbüro desk in the admin ("Verwaltung"): caseworkers manage referrals here as well
as at the desk.

Only members of the Familienbüro role see desk records (superusers included, as with
Kita-Sozialarbeit). Contacts are read-only; a referral's status and follow-up date can be
changed, through the same audited service and the same allowed transitions as at the desk.
The name and contact details a family gave with consent appear on the contact's page only, and
opening that page is audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from beratung.models import (
    OPEN_REFERRAL_STATUSES,
    DeskContact,
    DeskContactPerson,
    DeskNeed,
    DeskReferral,
    ReferralStatus,
)
from beratung.selectors.desk import is_desk_staff
from beratung.services.desk import allowed_transitions, desk_person_view_audit, desk_referral_update
from beratung.services.desk_errors import DeskError
from beratung.views.access import request_user


class DeskOnlyMixin:
    """The Familienbüro role on top of the model permission, superuser or not."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_desk_staff(request.user) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_desk_staff(request.user) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_desk_staff(request.user) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Contacts and referrals are recorded at the desk, where consent is asked for.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset if is_desk_staff(request.user) else queryset.none()


class ReadOnlyInline(DeskOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_desk_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NeedInline(ReadOnlyInline):
    model = DeskNeed
    fields = readonly_fields = ("topic", "outcome")

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeskNeed]:
        return super().get_queryset(request).select_related("topic")


class PersonInline(ReadOnlyInline):
    model = DeskContactPerson
    fields = readonly_fields = (
        "name",
        "email",
        "phone",
        "consent_given_at",
        "consent_recorded_by",
        "consent_text",
    )


class ReferralInline(ReadOnlyInline):
    model = DeskReferral
    fields = readonly_fields = (
        "purpose",
        "service",
        "organisation",
        "referred_on",
        "status",
        "follow_up_on",
    )
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeskReferral]:
        return super().get_queryset(request).select_related("service", "organisation")


class FollowUpDueFilter(admin.SimpleListFilter):
    title = _("follow-up")
    parameter_name = "wiedervorlage"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("faellig", _("Due")), ("geplant", _("Planned")), ("keine", _("None"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        open_ = queryset.filter(status__in=OPEN_REFERRAL_STATUSES)
        if self.value() == "faellig":
            return open_.filter(follow_up_on__lte=today)
        if self.value() == "geplant":
            return open_.filter(follow_up_on__gt=today)
        if self.value() == "keine":
            return queryset.filter(follow_up_on__isnull=True)
        return queryset


@admin.register(DeskContact)
class DeskContactAdmin(DeskOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "contact_date", "channel", "district", "need_count", "has_person"]
    list_filter = ["channel", "district", "contact_date"]
    list_select_related = ["district"]
    date_hierarchy = "contact_date"
    fields = readonly_fields = (
        "contact_date",
        "channel",
        "district",
        "topics",
        "recorded_by",
        "created_at",
        "person_erased_at",
    )
    inlines = [NeedInline, ReferralInline, PersonInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeskContact]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                need_total=Count("needs"),
                with_person=Exists(DeskContactPerson.objects.filter(contact=OuterRef("pk"))),
            )
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("needs"), ordering="need_total")
    def need_count(self, obj: DeskContact) -> int:
        return obj.need_total  # type: ignore[attr-defined]

    @admin.display(description=_("with consented details"), boolean=True, ordering="with_person")
    def has_person(self, obj: DeskContact) -> bool:
        # Whether details exist, not what they are: the list shows no names.
        return bool(obj.with_person)  # type: ignore[attr-defined]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None and DeskContactPerson.objects.filter(contact=obj).exists():
            desk_person_view_audit(contact=obj, actor=request_user(request), via="admin")
        return super().render_change_form(request, context, add, change, form_url, obj)


class DeskReferralAdminForm(forms.ModelForm):
    class Meta:
        model = DeskReferral
        fields = ["status", "follow_up_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "status" in self.fields:
            current = ReferralStatus(self.instance.status)
            self.fields["status"].choices = [
                (s.value, s.label) for s in [current, *allowed_transitions(current)]
            ]


@admin.register(DeskReferral)
class DeskReferralAdmin(DeskOnlyMixin, admin.ModelAdmin):
    form = DeskReferralAdminForm
    list_display = [
        "purpose",
        "destination",
        "status",
        "referred_on",
        "follow_up_on",
        "created_by",
        "contact_link",
    ]
    list_filter = ["status", FollowUpDueFilter, "referred_on"]
    list_select_related = ["service", "organisation", "created_by", "contact"]
    date_hierarchy = "referred_on"
    readonly_fields = (
        "contact_link",
        "service",
        "organisation",
        "topic",
        "purpose",
        "referred_on",
        "consent_given_at",
        "created_by",
        "follow_up_reminded_on",
        "updated_at",
    )
    fields = (*readonly_fields[:6], "status", "follow_up_on", *readonly_fields[6:])

    @admin.display(description=_("referred to"))
    def destination(self, obj: DeskReferral) -> str:
        return str(obj.service or obj.organisation or "")

    @admin.display(description=_("desk contact"))
    def contact_link(self, obj: DeskReferral) -> str:
        from django.urls import reverse

        url = reverse("admin:beratung_deskcontact_change", args=[obj.contact_id])
        return format_html('<a href="{}">{}</a>', url, obj.contact)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            desk_referral_update(
                referral=obj,
                actor=request_user(request),
                status=form.cleaned_data["status"],
                follow_up_on=form.cleaned_data["follow_up_on"],
            )
        except DeskError as error:
            self.message_user(request, str(error), messages.ERROR)
