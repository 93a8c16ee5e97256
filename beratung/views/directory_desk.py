"""The Familienbüro's desk search (/familienbuero/suche/)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from beratung.forms.directory import DirectorySearchForm
from beratung.selectors.directory import annotate_display
from beratung.selectors.directory_search import desk_search
from familyportal.core.views import PermissionMixin

RESULT_LIMIT = 30


def _url_or_none(name: str) -> str | None:
    """The desk's own pages (info sheet, new contact) may not exist in every deployment."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class DeskSearchView(PermissionMixin, TemplateView):
    permission_required = "beratung.use_desk_search"
    template_name = "beratung/directory/desk_search.html"

    def get_permission_object(self) -> None:
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = DirectorySearchForm(self.request.GET or None)
        result = None
        if form.is_bound:
            form.is_valid()
            result = desk_search(query=form.query, filters=form.filters(), limit=RESULT_LIMIT)
            annotate_display(result.services)
        contact_create_url = _url_or_none("beratung:desk-contact-create")
        topic = form.filters().topic if form.is_bound else None
        if contact_create_url and topic is not None:
            # The intake form preselects the topic the desk searched for.
            contact_create_url += "?" + urlencode({"topic": topic.code})
        context.update(
            form=form,
            result=result,
            info_sheet_url=_url_or_none("beratung:desk-info-sheet"),
            contact_create_url=contact_create_url,
        )
        return context
