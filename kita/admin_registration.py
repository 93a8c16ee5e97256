"""The allocation team's admin for pre-registrations (Platzvergabe, Administration).

Registered by one import line at the end of ``kita/admin.py``. Kita leaders have no model
permissions here; they use /kita-leitung/. Status changes go through services (admin actions),
so every change lands in the family's history; opening an application changes nothing.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    ManyToManyField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familyportal.accounts.models import User
from kita.models import (
    Application,
    ApplicationEvent,
    Child,
    Criterion,
    DuplicateFlag,
    TagespflegeWish,
    Wish,
)
from kita.services import applications_mark_in_review, duplicate_flags_resolve


def _unresolved_flags() -> Q:
    """The application is on either side of a possible duplicate nobody has resolved yet.

    Two EXISTS (one per side) rather than one with OR, so each can use its foreign-key index.
    """
    unresolved = DuplicateFlag.objects.filter(resolved_at__isnull=True)
    return Q(Exists(unresolved.filter(application=OuterRef("pk")))) | Q(
        Exists(unresolved.filter(other=OuterRef("pk")))
    )


class UnresolvedDuplicateFilter(admin.SimpleListFilter):
    title = _("possible duplicate")
    parameter_name = "duplicate"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("open", _("unresolved")), ("none", _("none unresolved"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "open":
            return queryset.filter(_unresolved_flags())
        if self.value() == "none":
            return queryset.filter(~_unresolved_flags())
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WishInline(ReadOnlyInline):
    model = Wish
    fields = readonly_fields = ("rank", "kita", "provider", "criteria")
    ordering = ["rank"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Wish]:
        return (
            super()
            .get_queryset(request)
            .select_related("kita", "provider")
            .prefetch_related("criteria")
        )


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = readonly_fields = ("created_at", "kind", "actor", "data")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApplicationEvent]:
        return super().get_queryset(request).select_related("actor")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "child",
        "kita_year_display",
        "desired_start",
        "care_hours",
        "district",
        "status",
        "wish_count",
        "duplicate_marker",
        "submitted_at",
    ]
    list_select_related = ["child", "district"]
    list_filter = [
        "status",
        "kita_year",
        "care_hours",
        "district",
        UnresolvedDuplicateFilter,
        "criteria",
    ]
    search_fields = [
        "child__first_name",
        "child__last_name",
        "created_by__email",
        "child__guardians__email",
    ]
    date_hierarchy = "submitted_at"
    inlines = [WishInline, ApplicationEventInline]
    actions = ["mark_in_review"]
    filter_horizontal = ["criteria"]
    # The status moves only through services (actions, allocation), which write the history.
    readonly_fields = [
        "child",
        "created_by",
        "status",
        "submission_token",
        "consent_at",
        "submitted_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["child", "created_by", "status", "kita_year", "desired_start"]}),
        (_("Care"), {"fields": ["care_hours"]}),
        (_("Address"), {"fields": ["street", "postal_code", "district"]}),
        (_("Criteria"), {"fields": ["criteria", "inclusion_description"]}),
        (_("Remark"), {"fields": ["remark"]}),
        (_("Record"), {"fields": ["submission_token", "consent_at", "submitted_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        wish_count = (
            Wish.objects.filter(application=OuterRef("pk"))
            .order_by()
            .values("application")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                wish_total=Subquery(wish_count),
                has_open_duplicate=ExpressionWrapper(_unresolved_flags(), BooleanField()),
            )
        )

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "criteria":
            # Per-Kita criteria (a sibling attends) belong to a wish, not the whole application.
            kwargs["queryset"] = Criterion.objects.filter(per_wish=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("Kita-year"), ordering="kita_year")
    def kita_year_display(self, application: Application) -> str:
        return f"{application.kita_year}/{(application.kita_year + 1) % 100:02d}"

    @admin.display(description=_("wishes"), ordering="wish_total")
    def wish_count(self, application: Application) -> int:
        return application.wish_total or 0  # type: ignore[attr-defined]

    @admin.display(description=_("possible duplicate"), boolean=True)
    def duplicate_marker(self, application: Application) -> bool:
        return bool(application.has_open_duplicate)  # type: ignore[attr-defined]

    @admin.action(description=_("Mark as in review"), permissions=["change"])
    def mark_in_review(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        moved = applications_mark_in_review(
            applications=queryset.select_related(None).only("pk"), user=cast(User, request.user)
        )
        skipped = queryset.count() - moved
        messages.success(
            request,
            ngettext(
                "%(count)d pre-registration marked as in review.",
                "%(count)d pre-registrations marked as in review.",
                moved,
            )
            % {"count": moved},
        )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d was not in the status “received” and was left unchanged.",
                    "%(count)d were not in the status “received” and were left unchanged.",
                    skipped,
                )
                % {"count": skipped},
            )


class ResolvedFilter(admin.SimpleListFilter):
    title = _("resolved")
    parameter_name = "resolved"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("unresolved")), ("yes", _("resolved"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("no", "yes"):
            return queryset.filter(resolved_at__isnull=self.value() == "no")
        return queryset


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(admin.ModelAdmin):
    list_display = ["application", "other", "created_at", "is_resolved", "resolved_by"]
    list_select_related = ["application__child", "other__child", "resolved_by"]
    list_filter = [ResolvedFilter]
    search_fields = ["application__child__last_name", "other__child__last_name"]
    # Unresolved first (the work to do), newest first within each group.
    ordering = [F("resolved_at").asc(nulls_first=True), "-created_at", "-pk"]  # type: ignore[list-item]
    readonly_fields = ["application", "other", "created_at", "resolved_at", "resolved_by"]
    fields = [*readonly_fields, "note"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Flags come from duplicate detection at submission, never by hand.
        return False

    @admin.display(description=_("resolved"), boolean=True, ordering="resolved_at")
    def is_resolved(self, flag: DuplicateFlag) -> bool:
        return flag.resolved_at is not None

    @admin.action(description=_("Mark as resolved"), permissions=["change"])
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[DuplicateFlag]) -> None:
        resolved = duplicate_flags_resolve(
            flags=queryset.select_related(None).only("pk", "application", "other"),
            user=cast(User, request.user),
        )
        messages.success(
            request,
            ngettext(
                "%(count)d possible duplicate marked as resolved.",
                "%(count)d possible duplicates marked as resolved.",
                resolved,
            )
            % {"count": resolved},
        )


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "code", "per_wish", "points", "is_active", "order"]
    list_editable = ["points", "is_active", "order"]
    list_filter = ["is_active", "per_wish"]
    search_fields = ["name_de", "name_en", "code"]
    ordering = ["order", "code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The code names the criterion in code and data; what it means stays what families
        # claimed. Changing it or its kind after the fact would rewrite their applications.
        return ["code", "per_wish", "requires_description"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting would silently drop families' claims; switch a criterion off instead.
        return False


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "birth_date", "is_expected_birth_date"]
    search_fields = ["first_name", "last_name"]
    ordering = ["last_name", "first_name", "pk"]
    fields = ["first_name", "last_name", "birth_date", "is_expected_birth_date", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(TagespflegeWish)
class TagespflegeWishAdmin(admin.ModelAdmin):
    """Which childminders families ranked, for the Fachberatung: demand, not people.

    Shows no names: the Kita-year, start, hours, age band of the start is what the Fachberatung
    needs to advise providers; the pre-registration itself is the allocation team's.
    """

    list_display = [
        "provider",
        "rank",
        "kita_year",
        "desired_start",
        "care_hours",
        "application_status",
        "family_district",
    ]
    list_filter = [
        "application__kita_year",
        "application__status",
        "provider__district",
        "rank",
    ]
    list_select_related = ["provider", "application__district"]
    search_fields = ["provider__display_name"]
    fields = readonly_fields = list_display
    ordering = ["provider__display_name", "application__desired_start", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[TagespflegeWish]:
        return super().get_queryset(request).filter(provider__isnull=False)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Kita-year"), ordering="application__kita_year")
    def kita_year(self, wish: TagespflegeWish) -> int:
        return wish.application.kita_year

    @admin.display(description=_("desired start"), ordering="application__desired_start")
    def desired_start(self, wish: TagespflegeWish) -> Any:
        return wish.application.desired_start

    @admin.display(description=_("care hours"))
    def care_hours(self, wish: TagespflegeWish) -> int:
        return wish.application.care_hours

    @admin.display(description=_("status"))
    def application_status(self, wish: TagespflegeWish) -> str:
        return str(wish.application.get_status_display())

    @admin.display(description=_("family's district"))
    def family_district(self, wish: TagespflegeWish) -> str:
        district = wish.application.district
        return district.name if district else ""
