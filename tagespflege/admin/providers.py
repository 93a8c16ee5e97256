"""The provider list and form of the Fachberatung (exact address and contact included)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from tagespflege import selectors, services
from tagespflege.admin import actions
from tagespflege.admin.filters import ProviderPermitFilter, ReviewStateFilter
from tagespflege.models import CarePermit, Person, Provider, ProviderKind


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = [
            "display_name",
            "kind",
            "is_active",
            "street",
            "postal_code",
            "district",
            "phone",
            "email",
            "care_times",
            "early_care",
            "late_care",
            "meals",
            "min_age_months",
            "max_age_months",
            "care_hours",
            "languages",
            "pedagogy",
            "accounts",
            "notes",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if self.instance.pk and kind:
            try:
                services.permits_check(
                    is_large=kind == ProviderKind.LARGE,
                    spans=selectors.permit_spans(provider=self.instance),
                )
            except services.PermitError as error:
                self.add_error("kind", str(error))
        return data


class PersonFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.kind == ProviderKind.SINGLE and len(kept) > 1:
            raise forms.ValidationError(
                _("A single childminder has one person; choose Großtagespflege for several.")
            )


class PersonInline(admin.TabularInline):
    model = Person
    formset = PersonFormSet
    extra = 0
    min_num = 1
    fields = ["first_name", "last_name", "qualification", "current_permit"]
    readonly_fields = ["current_permit"]
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).prefetch_related("permits")

    @admin.display(description=_("care permit (edit the person to change)"))
    def current_permit(self, person: Person) -> str:
        today = timezone.localdate()
        valid = [p for p in person.permits.all() if p.issued_on <= today <= p.valid_until]
        if not valid:
            return str(_("none valid today"))
        permit = max(valid, key=lambda p: p.valid_until)
        return str(
            _("%(children)d children, valid until %(date)s")
            % {"children": permit.children_permitted, "date": f"{permit.valid_until:%d.%m.%Y}"}
        )


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    form = ProviderForm
    list_display = [
        "display_name",
        "kind",
        "district",
        "postal_code",
        "permit_until",
        "review_state",
        "is_active",
    ]
    list_select_related = ["district", "postal_code", "draft"]
    list_filter = ["district", "kind", ProviderPermitFilter, ReviewStateFilter, "is_active"]
    search_fields = [
        "display_name",
        "street",
        "postal_code__code",
        "email",
        "phone",
        "persons__last_name",
        "persons__first_name",
    ]
    filter_horizontal = ["languages", "accounts"]
    readonly_fields = ["published_at", "area_latitude", "area_longitude", "created_at"]
    inlines = [PersonInline]
    actions = ["approve_profiles", "reject_profiles", "invite_to_portal"]
    fieldsets = [
        (None, {"fields": ["display_name", "kind", "is_active", "published_at"]}),
        (
            _("Exact address (never public)"),
            {"fields": ["street", "postal_code", "district"]},
        ),
        (
            _("Public area (the postal code's centre, moved by up to 400 m)"),
            {"fields": [("area_latitude", "area_longitude")]},
        ),
        (_("Contact (never public)"), {"fields": ["phone", "email"]}),
        (
            _("Published profile"),
            {
                "fields": [
                    "care_times",
                    ("early_care", "late_care"),
                    "meals",
                    ("min_age_months", "max_age_months"),
                    "care_hours",
                    "languages",
                    "pedagogy",
                ],
                "description": _(
                    "Providers change these as a draft (review queue); changes made here are "
                    "public at once."
                ),
            },
        ),
        (_("Portal accounts and notes"), {"fields": ["accounts", "notes", "created_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Provider]:
        today = timezone.localdate()
        latest = (
            CarePermit.objects.filter(person__provider=OuterRef("pk"), issued_on__lte=today)
            .order_by("-valid_until")
            .values("valid_until")[:1]
        )
        return super().get_queryset(request).annotate(permit_until_value=Subquery(latest))

    @admin.display(description=_("permit valid until"), ordering="permit_until_value")
    def permit_until(self, provider: Provider) -> Any:
        return getattr(provider, "permit_until_value", None)

    @admin.display(description=_("profile"))
    def review_state(self, provider: Provider) -> str:
        draft = getattr(provider, "draft", None)
        if draft is not None and draft.status in {"submitted", "draft", "rejected"}:
            return str(draft.get_status_display())
        if provider.published_at is None:
            return str(_("never published"))
        return str(_("published"))

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name == "accounts":
            kwargs["queryset"] = User.objects.filter(groups__name=Role.TAGESPFLEGEPERSON.value)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Provider, form: Any, change: bool) -> None:
        if not change or "postal_code" in form.changed_data:
            services.provider_area_refresh(provider=obj)
        super().save_model(request, obj, form, change)
        transaction.on_commit(services.search_changed)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        transaction.on_commit(services.search_changed)

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tagespflege.review_profile")

    def has_invite_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tagespflege.invite_provider")

    @admin.action(
        description=_("Publish the profile (approve the changes)"), permissions=["review"]
    )
    def approve_profiles(self, request: HttpRequest, queryset: QuerySet[Provider]) -> None:
        actions.approve(self, request, list(queryset))

    @admin.action(description=_("Return the profile changes with a reason"), permissions=["review"])
    def reject_profiles(
        self, request: HttpRequest, queryset: QuerySet[Provider]
    ) -> HttpResponse | None:
        return actions.reject(
            self,
            request,
            list(queryset),
            action="reject_profiles",
            selected=[p.pk for p in queryset],
        )

    @admin.action(
        description=_("Invite to the portal (account and e-mail)"), permissions=["invite"]
    )
    def invite_to_portal(self, request: HttpRequest, queryset: QuerySet[Provider]) -> None:
        actions.invite(self, request, queryset.prefetch_related("persons"))
