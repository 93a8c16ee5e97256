"""Admin ("Verwaltung") of the Platzvergabe team: rounds, free places, offers and outcomes.

A round is prepared as a draft (points per criterion inline, the free places in the supplies
list), previewed (a dry run whose statistics show on the round's page) and run from a
confirmation page. The run is started in the request and takes a second or two even at Berlin
scale (see docs/allocation.md), so the team sees the result — or why the run was refused — at
once; ``kita.allocation.run_round`` runs the same service from a worker for scripted use.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from kita import tasks_allocation  # noqa: F401 - registers the allocation tasks with Celery
from kita.letters import letters_for_offers, letters_for_outcomes, letters_pdf
from kita.models import (
    AllocationRound,
    ApplicationOutcome,
    Offer,
    ProgrammeSupply,
    RoundCriterionPoints,
)
from kita.services import (
    AllocationError,
    round_defaults_copy,
    round_preview,
    round_run,
    supplies_confirm,
)
from kita.services.allocation.inputs import round_applications

RUN_PERMISSION = "kita.change_allocationround"


class CriterionPointsInline(admin.TabularInline):
    model = RoundCriterionPoints
    extra = 0
    fields = ["criterion", "points"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and not obj.is_finished and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_finished:
            return False
        return super().has_change_permission(request, obj)


@admin.register(AllocationRound)
class AllocationRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "kita_year", "status", "registration_deadline", "offer_date", "run_at"]
    list_filter = ["kita_year", "status"]
    search_fields = ["name"]
    inlines = [CriterionPointsInline]
    change_form_template = "kita/allocation/admin/round_change_form.html"
    fields = [
        "name",
        "kita_year",
        "follow_up_of",
        "registration_deadline",
        "offer_date",
        "acceptance_days",
        "tie_break",
        "district_points",
        "status",
        "seed",
        "previewed_at",
        "run_at",
        "run_by",
    ]
    always_read_only = ["status", "seed", "previewed_at", "run_at", "run_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.is_finished:
            return list(self.fields)
        return list(self.always_read_only)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_finished:
            return False  # its offers and outcomes are the record of what families were told
        return super().has_delete_permission(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            round_defaults_copy(allocation_round=form.instance)
            audit_log(
                actor=cast(User, request.user),
                action="kita.allocation.round_created",
                target=form.instance,
                data={"kita_year": form.instance.kita_year},
            )

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/preview/",
                wrap(require_POST(self.preview_view)),
                name="kita_allocationround_preview",
            ),
            path("<int:object_id>/run/", wrap(self.run_view), name="kita_allocationround_run"),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        obj = kwargs.get("obj")
        if obj is not None:
            supplies = obj.supplies.all()
            context.update(
                can_run=request.user.has_perm(RUN_PERMISSION) and not obj.is_finished,
                statistics=obj.preview,
                supply_count=supplies.count(),
                unconfirmed_count=supplies.filter(confirmed_at__isnull=True).count(),
                supplies_url=reverse("admin:kita_programmesupply_changelist")
                + f"?round__id__exact={obj.pk}",
                offers_url=reverse("admin:kita_offer_changelist") + f"?round__id__exact={obj.pk}",
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def _round(self, request: HttpRequest, object_id: int) -> AllocationRound:
        if not request.user.has_perm(RUN_PERMISSION):
            raise PermissionDenied
        return get_object_or_404(AllocationRound, pk=object_id)

    def _change_url(self, allocation_round: AllocationRound) -> str:
        return reverse("admin:kita_allocationround_change", args=[allocation_round.pk])

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        allocation_round = self._round(request, object_id)
        try:
            statistics = round_preview(
                allocation_round=allocation_round, actor=cast(User, request.user)
            )
        except AllocationError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext(
                    "Preview: %(placed)d of %(children)d children would get a place; "
                    "%(left)d places would be left. Nothing was saved but these figures."
                )
                % {
                    "placed": statistics["placed"],
                    "children": statistics["children"],
                    "left": statistics["places_left"],
                },
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(allocation_round))

    def run_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        allocation_round = self._round(request, object_id)
        if allocation_round.is_finished:
            self.message_user(request, gettext("This round has already been run."), messages.ERROR)
            return HttpResponseRedirect(self._change_url(allocation_round))
        if request.method == "POST":
            try:
                statistics = round_run(
                    allocation_round=allocation_round,
                    user=cast(User, request.user),
                    base_url=request.build_absolute_uri("/"),
                )
            except AllocationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext(
                        "The round has been run: %(placed)d of %(children)d children got an "
                        "offer, %(unplaced)d did not. The families are being notified."
                    )
                    % statistics,
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._change_url(allocation_round))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Run the allocation round"),
            "round": allocation_round,
            "original": allocation_round,
            "participants": round_applications(allocation_round=allocation_round).count(),
            "places": sum(allocation_round.supplies.values_list("places", flat=True)),
            "statistics": allocation_round.preview,
        }
        return TemplateResponse(request, "kita/allocation/admin/round_run_confirm.html", context)


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed by the Kita")
    parameter_name = "confirmed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("Not yet"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed_at__isnull=self.value() == "no")
        return queryset


@admin.register(ProgrammeSupply)
class ProgrammeSupplyAdmin(admin.ModelAdmin):
    list_display = ["kita", "round", "age_band", "care_hours", "places", "confirmed_at"]
    list_filter = ["round", ConfirmedFilter, "kita__district", "age_band", "care_hours"]
    list_select_related = ["kita", "round"]
    search_fields = ["kita__name", "kita__number"]
    autocomplete_fields = ["kita"]
    fields = ["round", "kita", "age_band", "care_hours", "places", "confirmed_by", "confirmed_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["confirmed_by", "confirmed_at"]
        return ["round", "kita", "age_band", "care_hours", "confirmed_by", "confirmed_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.round.is_finished:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.round.is_finished:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "round":
            kwargs["queryset"] = AllocationRound.objects.exclude(status="finished")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        try:
            supplies_confirm(
                allocation_round=obj.round,
                user=cast(User, request.user),
                places={obj.pk: obj.places},
            )
        except AllocationError as error:
            self.message_user(request, str(error), messages.ERROR)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Offers and outcomes are written by the services only; the admin reads and prints."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _pdf_response(request: HttpRequest, letters: list, filename: str, target: str) -> HttpResponse:
    audit_log(
        actor=cast(User, request.user),
        action="kita.allocation.letters_printed",
        data={"what": target, "count": len(letters)},
    )
    response = HttpResponse(letters_pdf(letters), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = [
        "application",
        "kita",
        "provider",
        "age_band",
        "care_hours",
        "status",
        "deadline",
        "round",
    ]
    list_filter = [
        "status",
        "round",
        ("kita", admin.RelatedOnlyFieldListFilter),
        "kita__district",
        ("provider", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["application__child", "kita", "provider", "round"]
    search_fields = ["application__child__last_name", "application__child__first_name"]
    date_hierarchy = "deadline"
    actions = ["print_letters"]

    @admin.action(description=_("Print letters (PDF)"), permissions=["view"])
    def print_letters(self, request: HttpRequest, queryset: QuerySet[Offer]) -> HttpResponse:
        return _pdf_response(request, letters_for_offers(queryset), "angebote", "offers")


@admin.register(ApplicationOutcome)
class ApplicationOutcomeAdmin(ReadOnlyAdmin):
    list_display = ["application", "round", "placed_kita", "placed_provider"]
    list_filter = [
        "round",
        ("placed_kita", admin.EmptyFieldListFilter),
        ("placed_provider", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["application__child", "round", "placed_kita", "placed_provider"]
    search_fields = ["application__child__last_name", "application__child__first_name"]
    actions = ["print_letters"]

    @admin.action(description=_("Print letters (PDF)"), permissions=["view"])
    def print_letters(
        self, request: HttpRequest, queryset: QuerySet[ApplicationOutcome]
    ) -> HttpResponse:
        return _pdf_response(request, letters_for_outcomes(queryset), "ergebnisse", "outcomes")
