from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita.models import Capacity, CatalogueStatistic, Concept, Kita
from kita.services import RowError, catalogue_changed, kita_import_csv
from kita.services.csv_columns import COLUMNS

IMPORT_PERMISSION = "kita.import_kitas"
# A master-data file of even a large city (a few thousand Kitas) stays far below this.
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class KitaImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, separated by semicolons or commas, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB."),
                code="too_large",
                params={"size": MAX_IMPORT_BYTES // (1024 * 1024)},
            )
        return upload


class CatalogueChangesMixin:
    """Admin edits of Kitas and places make cached catalogue pages stale at once."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        transaction.on_commit(catalogue_changed)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        transaction.on_commit(catalogue_changed)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        transaction.on_commit(catalogue_changed)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        transaction.on_commit(catalogue_changed)


class CapacityInline(admin.TabularInline):
    model = Capacity
    extra = 0
    fields = ["kita_year", "age_band", "care_hours", "places", "places_taken"]


@admin.register(Kita)
class KitaAdmin(CatalogueChangesMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "number",
        "provider",
        "district",
        "postal_code",
        "city",
        "is_familienzentrum",
        "is_active",
    ]
    list_select_related = ["provider", "district"]
    list_filter = [
        "district",
        "provider__provider_type",
        "is_familienzentrum",
        "is_active",
        "concepts",
    ]
    search_fields = ["name", "number", "street", "postal_code", "provider__name"]
    autocomplete_fields = ["provider", "district", "leaders"]
    filter_horizontal = ["concepts", "languages"]
    # Explicit, so the form does not depend on Django's changing default URL scheme.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [CapacityInline]
    fieldsets = [
        (None, {"fields": ["name", "number", "provider", "district", "is_active"]}),
        (_("Address"), {"fields": ["street", "postal_code", "city", "latitude", "longitude"]}),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (_("Opening hours"), {"fields": [("opens_at", "closes_at"), "opening_notes"]}),
        (_("Ages taken"), {"fields": [("min_age_months", "max_age_months")]}),
        (
            _("Profile"),
            {
                "fields": [
                    "concepts",
                    "languages",
                    "integrative_places",
                    "is_familienzentrum",
                    "is_barrier_free",
                    "meals",
                    "description",
                ]
            },
        ),
        (_("Kita leaders"), {"fields": ["leaders"]}),
    ]

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name == "leaders":
            # Only accounts with the Kita-Leitung role can lead a Kita.
            kwargs["queryset"] = User.objects.filter(groups__name=Role.KITA_LEITUNG.value)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        import_url = path(
            "import/", self.admin_site.admin_view(self.import_view), name="kita_kita_import"
        )
        return [import_url, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self._can_import(request)}
        return super().changelist_view(request, extra_context)

    def _can_import(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self._can_import(request):
            raise PermissionDenied
        is_upload = request.method == "POST"
        form = KitaImportForm(request.POST, request.FILES) if is_upload else KitaImportForm()
        errors: list[RowError] = []
        if is_upload and form.is_valid():
            # admin_view has let only logged-in staff through.
            actor = cast(User, request.user)
            result = kita_import_csv(data=form.cleaned_data["file"].read(), actor=actor)
            if result.ok:
                messages.success(
                    request,
                    gettext("Import finished. Kitas created: %(created)d, updated: %(updated)d.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("admin:kita_kita_changelist")
            errors = result.errors
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import Kitas from a CSV file"),
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
        }
        return TemplateResponse(request, "admin/kita/import.html", context)


@admin.register(Capacity)
class CapacityAdmin(CatalogueChangesMixin, admin.ModelAdmin):
    list_display = [
        "kita",
        "kita_year",
        "age_band",
        "care_hours",
        "places",
        "places_taken",
        "free_places",
    ]
    list_filter = ["kita_year", "age_band", "care_hours", "kita__district"]
    list_select_related = ["kita"]
    search_fields = ["kita__name", "kita__number"]
    autocomplete_fields = ["kita"]

    @admin.display(description=_("free places"))
    def free_places(self, capacity: Capacity) -> int:
        return capacity.free_places


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code"]
    search_fields = ["code"]


@admin.register(CatalogueStatistic)
class CatalogueStatisticAdmin(admin.ModelAdmin):
    """Computed nightly from the capacities; editing a row would only be overwritten."""

    list_display = [
        "kita_year",
        "district",
        "age_band",
        "care_hours",
        "kitas",
        "places",
        "free_places",
        "computed_at",
    ]
    list_filter = ["kita_year", "district", "age_band", "care_hours"]
    list_select_related = ["district"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


from kita import admin_allocation, admin_registration  # noqa: E402,F401
