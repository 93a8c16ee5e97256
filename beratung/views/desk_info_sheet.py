"""The info sheet of the offers chosen for a family: a page to print (print stylesheet), a PDF
to download and an e-mail to send, in the language chosen with the site's language switch.

The desk search sends ``?service=<id>&service=<id>…``; ids that are unknown or no longer active
are reported on the page, never a server error.
"""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView

from beratung.forms.desk import InfoSheetEmailForm
from beratung.models import Service
from beratung.selectors.desk import info_sheet_services
from beratung.services.desk_info_sheet import (
    InfoSheetEntry,
    info_sheet_entries,
    info_sheet_pdf,
    info_sheet_send,
)
from beratung.views.access import RulePermissionMixin, request_user

DESK = "beratung.use_desk"
MAX_SERVICES = 30


class InfoSheetView(RulePermissionMixin, FormView):
    permission_required = DESK
    template_name = "beratung/desk/info_sheet.html"
    form_class = InfoSheetEmailForm

    @cached_property
    def requested(self) -> list[str]:
        return [v.strip() for v in self.request.GET.getlist("service") if v.strip()][:MAX_SERVICES]

    @cached_property
    def ids(self) -> list[uuid.UUID]:
        ids = []
        for value in self.requested:
            try:
                ids.append(uuid.UUID(value))
            except ValueError:
                continue
        return ids

    @cached_property
    def services(self) -> list[Service]:
        return info_sheet_services(ids=self.ids)

    @cached_property
    def entries(self) -> list[InfoSheetEntry]:
        return info_sheet_entries(self.services)

    @property
    def missing(self) -> int:
        return len(set(self.requested)) - len(self.services)

    def query_string(self) -> str:
        return urlencode([("service", str(service.pk)) for service in self.services])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "pdf" and self.entries:
            response = HttpResponse(info_sheet_pdf(self.entries), content_type="application/pdf")
            filename = f"infoblatt-{timezone.localdate():%Y-%m-%d}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"language": translation.get_language() or "de"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        topics = sorted({topic.code for service in self.services for topic in service.topics.all()})
        return super().get_context_data(
            entries=self.entries,
            missing=self.missing,
            missing_text=missing_message(self.missing) if self.missing > 0 else "",
            requested=bool(self.requested),
            query_string=self.query_string(),
            intake_query=urlencode([("topic", code) for code in topics]),
            **kwargs,
        )

    def form_valid(self, form: InfoSheetEmailForm) -> HttpResponse:
        if not self.entries:
            form.add_error(None, _("Choose at least one offer for the info sheet."))
            return self.form_invalid(form)
        data = form.cleaned_data
        info_sheet_send(
            entries=self.entries_in(data["language"]),
            recipient=data["recipient"],
            language=data["language"],
            actor=request_user(self.request),
            token=data["token"] or uuid.uuid4(),
        )
        messages.success(
            self.request,
            ngettext(
                "The info sheet with %(count)d offer is being sent by e-mail.",
                "The info sheet with %(count)d offers is being sent by e-mail.",
                len(self.entries),
            )
            % {"count": len(self.entries)},
        )
        return HttpResponseRedirect(f"{self.request.path}?{self.query_string()}")

    def entries_in(self, language: str) -> list[InfoSheetEntry]:
        with translation.override(language):
            return info_sheet_entries(self.services)


def missing_message(count: int) -> str:
    return ngettext(
        "%(count)d of the chosen offers could not be found or is no longer available.",
        "%(count)d of the chosen offers could not be found or are no longer available.",
        count,
    ) % {"count": count}
