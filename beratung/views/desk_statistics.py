"""The Familienbüro's figures: contacts per topic, district, channel and family situation, needs
per topic and outcome (unmet needs), referral outcomes; per year or quarter; CSV/XLSX export.

Computed by a Celery job into ``DeskStatistic`` rows (nightly, or "recompute now"); the page
only reads those rows. Anonymous counts only: no name is ever read for them.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from beratung.selectors.desk_statistics import DeskReport, desk_report, desk_statistics_years
from beratung.tasks_desk import compute_desk_statistics
from beratung.views.access import RulePermissionMixin, rule_required
from familyportal.core.statistics import ExportMixin, YearMixin, recompute

PERMISSION = "beratung.view_desk_statistics"


class DeskStatisticsView(RulePermissionMixin, ExportMixin, YearMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "beratung/desk/statistics.html"

    def default_year(self) -> int:
        return timezone.localdate().year

    @cached_property
    def quarter(self) -> int:
        text = self.request.GET.get("quartal", "")
        return int(text) if text in {"1", "2", "3", "4"} else 0

    @cached_property
    def report(self) -> DeskReport | None:
        return desk_report(year=self.year, quarter=self.quarter)

    def can_export(self) -> bool:
        return self.report is not None

    def export_filename(self) -> str:
        suffix = f"-q{self.quarter}" if self.quarter else ""
        return f"familienbuero-{self.year}{suffix}"

    def export_header(self) -> list[object]:
        return [_("Year"), _("Quarter"), _("Figure"), _("Group"), _("Category"), _("Count")]

    def export_rows(self, export_format: str) -> list[list[object]]:
        if self.report is None:
            return []
        return self.report.export_rows(quarter=self.quarter or "")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        years = desk_statistics_years()
        if self.year not in years:
            years = sorted({*years, self.year}, reverse=True)
        return super().get_context_data(
            year=self.year,
            years=years,
            quarter=self.quarter,
            quarters=[1, 2, 3, 4],
            report=self.report,
            **kwargs,
        )


@require_POST
@rule_required(PERMISSION)
def desk_statistics_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a recomputation of the chosen year (this year by default)."""
    text = request.POST.get("jahr", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None
    target = reverse("beratung:desk-statistics")
    return recompute(
        request,
        compute_desk_statistics,
        year=year,
        redirect_to=f"{target}?jahr={year}" if year else target,
    )
