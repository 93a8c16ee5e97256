"""Planning figures of allocation: demand vs supply, unplaced children, answers to offers."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from familyportal.core.exports import EXPORT_FORMATS, export_response
from familyportal.core.views import PermissionMixin, permission_required
from kita import calendar, selectors
from kita.models import AllocationStatistic
from kita.tasks_allocation import compute_allocation_statistics

COUNTS = [
    "children",
    "places",
    "unplaced",
    "offers_open",
    "offers_accepted",
    "offers_declined",
    "offers_expired",
]


def _district(row: AllocationStatistic) -> str:
    return row.district.name if row.district is not None else _("District unknown")


class AllocationStatisticsView(PermissionMixin, TemplateView):
    permission_required = "kita.view_allocation_statistics"
    template_name = "kita/allocation/statistics.html"

    @cached_property
    def kita_year(self) -> int:
        default = calendar.kita_year_of(timezone.localdate()) + 1
        try:
            return int(self.request.GET.get("jahr", default))
        except ValueError:
            return default

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export_format = request.GET.get("format")
        if export_format in EXPORT_FORMATS:
            return export_response(
                filename=f"platzvergabe-{self.kita_year}",
                export_format=export_format,
                header=[
                    _("Kita-year"),
                    _("District"),
                    _("Age band"),
                    _("Care hours"),
                    _("Children registered"),
                    _("Free places"),
                    _("Children without a place"),
                    _("Offers waiting"),
                    _("Offers accepted"),
                    _("Offers declined"),
                    _("Offers expired"),
                ],
                rows=(
                    [
                        row.kita_year,
                        _district(row),
                        row.get_age_band_display(),
                        row.care_hours,
                        *(getattr(row, name) for name in COUNTS),
                    ]
                    for row in selectors.allocation_statistics(kita_year=self.kita_year)
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = list(selectors.allocation_statistics(kita_year=self.kita_year))
        totals = {name: sum(getattr(row, name) for row in rows) for name in COUNTS}
        per_district: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
        for row in rows:
            for name in COUNTS:
                per_district[_district(row)][name] += getattr(row, name)
        largest = max((max(v["children"], v["places"]) for v in per_district.values()), default=0)
        chart = [
            {
                "district": district,
                "children": values["children"],
                "places": values["places"],
                "unplaced": values["unplaced"],
                # Bar lengths in percent of the longest bar.
                "children_width": round(100 * values["children"] / largest, 1) if largest else 0,
                "places_width": round(100 * values["places"] / largest, 1) if largest else 0,
            }
            for district, values in sorted(per_district.items())
        ]
        return {
            **super().get_context_data(**kwargs),
            "kita_year": self.kita_year,
            "years": selectors.allocation_statistics_years(),
            "rows": rows,
            "totals": totals,
            "chart": chart,
            "computed_at": max((row.computed_at for row in rows), default=None),
        }


@require_POST
@permission_required("kita.view_allocation_statistics")
def allocation_statistics_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a recomputation; a broker that is down gets a clear message, nothing breaks."""
    try:
        compute_allocation_statistics.delay()
    except Exception:  # kombu's OperationalError and socket errors alike
        messages.error(
            request,
            _(
                "The background service cannot be reached right now. The figures are "
                "recomputed every night anyway; please try again later."
            ),
        )
    else:
        messages.success(request, _("The figures are being recomputed. Reload the page soon."))
    return HttpResponseRedirect(reverse("allocation:statistics"))
