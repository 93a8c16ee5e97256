"""The review queue: profile changes providers submitted, approved or returned here."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from tagespflege.admin import actions
from tagespflege.models import PROFILE_FIELDS, ProfileDraft, Provider


def _shown(obj: Provider | ProfileDraft, name: str) -> object:
    """A profile field as the admin shows it (the label of a choice, not its code)."""
    display = getattr(obj, f"get_{name}_display", None)
    return display() if display is not None else getattr(obj, name)


@admin.register(ProfileDraft)
class ProfileDraftAdmin(admin.ModelAdmin):
    list_display = ["provider", "status", "revision", "submitted_at", "reviewed_at", "reviewed_by"]
    list_select_related = ["provider", "reviewed_by"]
    list_filter = ["status", "provider__district"]
    search_fields = ["provider__display_name", "display_name"]
    ordering = ["-status", "submitted_at", "pk"]
    actions = ["approve_profiles", "reject_profiles"]
    fields: list[str] = [
        "provider",
        "status",
        "revision",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
        "review_reason",
        "comparison",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Drafts are written by providers on their own pages.
        return False

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tagespflege.review_profile")

    @admin.display(description=_("draft compared with the published profile"))
    def comparison(self, draft: ProfileDraft) -> str:
        published = draft.provider
        changed = _("changed")
        rows = []
        for name in PROFILE_FIELDS:
            field = ProfileDraft._meta.get_field(name)
            before = (
                published._get_FIELD_display(field) if field.choices else getattr(published, name)
            )
            after = draft._get_FIELD_display(field) if field.choices else getattr(draft, name)
            rows.append((field.verbose_name, before, after, changed if before != after else ""))
        before_languages = ", ".join(str(x) for x in published.languages.all())
        after_languages = ", ".join(str(x) for x in draft.languages.all())
        rows.append(
            (
                _("languages spoken"),
                before_languages,
                after_languages,
                changed if before_languages != after_languages else "",
            )
        )
        body = format_html_join(
            "", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        return format_html(
            "<table><thead><tr><th scope='col'></th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("published"),
            _("draft"),
            _("changed"),
            body,
        )

    def _providers(self, queryset: QuerySet[ProfileDraft]) -> list[Provider]:
        return [draft.provider for draft in queryset.select_related("provider")]

    @admin.action(
        description=_("Publish the profile (approve the changes)"), permissions=["review"]
    )
    def approve_profiles(self, request: HttpRequest, queryset: QuerySet[ProfileDraft]) -> None:
        actions.approve(self, request, self._providers(queryset))

    @admin.action(description=_("Return the profile changes with a reason"), permissions=["review"])
    def reject_profiles(
        self, request: HttpRequest, queryset: QuerySet[ProfileDraft]
    ) -> HttpResponse | None:
        return actions.reject(
            self,
            request,
            self._providers(queryset),
            action="reject_profiles",
            selected=[draft.pk for draft in queryset],
        )
