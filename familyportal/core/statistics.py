"""What the portal's statistics pages share: the ``?jahr=`` period, the ``?format=csv|xlsx``
download of the figures shown, and the "recompute now" button that queues a Celery job and says
clearly when the background service cannot be reached.

A page mixes in ``ExportMixin`` (and ``YearMixin`` when it is per year), says what a download
holds (``export_filename``, ``export_header``, ``export_rows``), and its refresh view returns
``recompute(request, task, redirect_to=…)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from familyportal.core.exports import EXPORT_FORMATS, export_response

YEAR_PARAMETER = "jahr"
MIN_YEAR, MAX_YEAR = 2000, 2100


class ExportMixin:
    """``?format=csv`` or ``?format=xlsx`` downloads the figures instead of the page."""

    request: HttpRequest

    def export_filename(self) -> str:
        raise NotImplementedError

    def export_header(self) -> Sequence[object]:
        raise NotImplementedError

    def export_rows(self, export_format: str) -> Iterable[Sequence[object]]:
        raise NotImplementedError

    def can_export(self) -> bool:
        """False when there is nothing to download (the page then says so)."""
        return True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export_format = request.GET.get("format")
        if export_format in EXPORT_FORMATS and self.can_export():
            return export_response(
                filename=self.export_filename(),
                export_format=export_format,
                header=[str(cell) for cell in self.export_header()],
                rows=self.export_rows(export_format),
            )
        return super().get(request, *args, **kwargs)  # type: ignore[misc]


class YearMixin:
    """The year a page shows: ``?jahr=2026``, else ``default_year()``; nonsense falls back to
    the default instead of failing."""

    request: HttpRequest

    def default_year(self) -> int:
        raise NotImplementedError

    @cached_property
    def year(self) -> int:
        text = self.request.GET.get(YEAR_PARAMETER, "").strip()
        if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
            return int(text)
        return self.default_year()


def recompute(
    request: HttpRequest, task: Any, *args: Any, redirect_to: str, **kwargs: Any
) -> HttpResponse:
    """Queue ``task``; a broker that is down gets a clear message, nothing breaks."""
    try:
        task.delay(*args, **kwargs)
    except Exception:  # kombu's OperationalError and socket errors alike
        messages.error(
            request,
            _(
                "The background service cannot be reached right now. The figures are "
                "recomputed every night anyway; please try again later."
            ),
        )
    else:
        messages.success(
            request, _("The figures are being recomputed. Reload the page in a moment.")
        )
    return HttpResponseRedirect(redirect_to)
