"""Statistics for the Fachberatung and planners: places and vacancies per district."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from familyportal.core.exports import EXPORT_FORMATS, export_response
from familyportal.core.views import PermissionMixin
from tagespflege import dates, selectors
from tagespflege.models import AgeBand


class StatisticsView(PermissionMixin, TemplateView):
    permission_required = "tagespflege.view_statistics"
    template_name = "tagespflege/statistics.html"

    @cached_property
    def months(self) -> list:
        """This month and the next."""
        return dates.months_from(timezone.localdate(), 2)

    @cached_property
    def rows(self) -> list[selectors.DistrictFigures]:
        return selectors.statistics_by_district(today=timezone.localdate(), months=self.months)

    def columns(self) -> list[tuple[Any, str]]:
        """(month, age band) of every free-places column, in order."""
        return [(month, band) for month in self.months for band in (AgeBand.U3, AgeBand.UE3)]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export_format = request.GET.get("format")
        if export_format in EXPORT_FORMATS:
            today = timezone.localdate()
            header = [
                _("District"),
                _("Providers"),
                _("Permitted places"),
                *(
                    _("Free places %(band)s %(month)s")
                    % {"band": AgeBand(band).label, "month": date_format(month, "F Y")}
                    for month, band in self.columns()
                ),
            ]
            return export_response(
                filename=f"kindertagespflege-{today:%Y-%m-%d}",
                export_format=export_format,
                header=header,
                rows=(
                    [
                        row.district,
                        row.providers,
                        row.permitted_places,
                        *(row.free_in(month, band) for month, band in self.columns()),
                    ]
                    for row in self.rows
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        columns = self.columns()
        rows = [
            {
                "district": row.district,
                "providers": row.providers,
                "permitted": row.permitted_places,
                "free": [row.free_in(month, band) for month, band in columns],
            }
            for row in self.rows
        ]
        context.update(
            months=self.months,
            rows=rows,
            totals={
                "providers": sum(r["providers"] for r in rows),
                "permitted": sum(r["permitted"] for r in rows),
                "free": [sum(r["free"][i] for r in rows) for i in range(len(columns))],
            },
        )
        return context
