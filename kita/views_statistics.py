"""Planning statistics of the catalogue: places and free places per district."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from kombu.exceptions import OperationalError

from familyportal.core.exports import EXPORT_FORMATS, export_response
from familyportal.core.views import PermissionMixin, permission_required
from kita import calendar, selectors
from kita.tasks import compute_catalogue_statistics


class CatalogueStatisticsView(PermissionMixin, TemplateView):
    permission_required = "kita.view_catalogue_statistics"
    template_name = "kita/statistics.html"

    @cached_property
    def kita_year(self) -> int:
        default = calendar.kita_year_of(timezone.localdate())
        try:
            return int(self.request.GET.get("jahr", default))
        except ValueError:
            return default

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export_format = request.GET.get("format")
        if export_format in EXPORT_FORMATS:
            return export_response(
                filename=f"kita-plaetze-{self.kita_year}",
                export_format=export_format,
                header=[
                    _("Kita-year"),
                    _("District"),
                    _("Age band"),
                    _("Care hours"),
                    _("Kitas"),
                    _("Places"),
                    _("Free places"),
                ],
                rows=(
                    [
                        s.kita_year,
                        s.district.name,
                        s.get_age_band_display(),
                        s.care_hours,
                        s.kitas,
                        s.places,
                        s.free_places,
                    ]
                    for s in selectors.catalogue_statistics(kita_year=self.kita_year)
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = list(selectors.catalogue_statistics(kita_year=self.kita_year))
        context.update(
            kita_year=self.kita_year,
            years=selectors.catalogue_statistics_years(),
            rows=rows,
            computed_at=max((row.computed_at for row in rows), default=None),
            total_places=sum(row.places for row in rows),
            total_free=sum(row.free_places for row in rows),
        )
        return context


@require_POST
@permission_required("kita.view_catalogue_statistics")
def catalogue_statistics_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a recomputation; a broker that is down gets a clear message, nothing breaks."""
    try:
        compute_catalogue_statistics.delay()
    except OperationalError:
        messages.error(
            request,
            _(
                "The background service cannot be reached right now. The statistics are "
                "recomputed every night anyway; please try again later."
            ),
        )
    else:
        messages.success(
            request, _("The statistics are being recomputed. Reload the page in a moment.")
        )
    return HttpResponseRedirect(reverse("kita:statistics"))
