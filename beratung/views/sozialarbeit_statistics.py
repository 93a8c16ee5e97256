"""Quarterly figures of Kita-Sozialarbeit for the team and for planning (Statistik role).

Only aggregates, with small counts suppressed on the page and in the exports alike.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from beratung.quarters import Quarter
from beratung.selectors.sozialarbeit_statistics import (
    QuarterReport,
    quarter_report,
    statistics_quarters,
)
from beratung.tasks import compute_quarterly_statistics
from beratung.views.access import RulePermissionMixin, rule_required
from familyportal.core.statistics import ExportMixin, recompute

PERMISSION = "beratung.view_sozialarbeit_statistics"


def export_rows(report: QuarterReport, export_format: str) -> list[list[object]]:
    """Long format: quarter, figure, group, category, count (or "< 5" / "×")."""
    quarter = str(report.quarter)
    rows: list[list[object]] = []

    def add(figure: str, group: str, label: object, value: object) -> None:
        rows.append([quarter, figure, group, str(label), value])

    for table in (report.channels, report.topics, report.districts):
        for row in table.rows:
            add(str(table.title), "", row.label, row.export_value)
        if table.total is not None:
            add(str(table.title), "", table.total.label, table.total.export_value)
    referrals = _("Referrals per destination and outcome")
    for referral in report.referral_rows:
        for label, figure in zip(report.outcome_labels, referral.outcomes, strict=True):
            add(referrals, str(referral.label), label, figure.export_value)
        add(referrals, str(referral.label), _("Total"), referral.total.export_value)
    add(referrals, "", _("Total"), report.referral_total.export_value)
    per_kita = _("Families reached per Kita")
    for group in report.kita_groups:
        for kita in group.kitas:
            add(per_kita, str(group.district.label), kita.label, kita.export_value)
    contacts = _("Contacts per family")
    for label, value in ((_("Mean"), report.contacts_mean), (_("Median"), report.contacts_median)):
        if value is None:
            shown: object = "×"
        elif export_format == "csv":
            shown = formats.number_format(value, 2)  # "2,50" for German spreadsheets
        else:
            shown = float(value)
        add(contacts, "", label, shown)
    return rows


class StatisticsView(RulePermissionMixin, ExportMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "beratung/sozialarbeit/statistics.html"

    @cached_property
    def quarters(self) -> list[Quarter]:
        return statistics_quarters()

    @cached_property
    def quarter(self) -> Quarter:
        chosen = Quarter.parse(self.request.GET.get("quartal", ""))
        if chosen is not None:
            return chosen
        # The newest complete quarter with figures, else the newest at all.
        running = Quarter.of(timezone.localdate())
        complete = [quarter for quarter in self.quarters if quarter < running]
        return (complete or self.quarters or [running])[0]

    @cached_property
    def report(self) -> QuarterReport | None:
        return quarter_report(quarter=self.quarter)

    def can_export(self) -> bool:
        return self.report is not None

    def export_filename(self) -> str:
        return f"kita-sozialarbeit-{self.quarter}"

    def export_header(self) -> list[object]:
        return [_("Quarter"), _("Figure"), _("Group"), _("Category"), _("Count")]

    def export_rows(self, export_format: str) -> list[list[object]]:
        if self.report is None:
            return []
        return export_rows(self.report, export_format)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            quarter=self.quarter, quarters=self.quarters, report=self.report, **kwargs
        )


@require_POST
@rule_required(PERMISSION)
def statistics_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a recomputation of the running and the previous quarter."""
    return recompute(
        request,
        compute_quarterly_statistics,
        redirect_to=reverse("beratung:sozialarbeit-statistics"),
    )
