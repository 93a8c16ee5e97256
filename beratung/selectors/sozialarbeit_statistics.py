"""The quarterly figures as published: tables with small counts suppressed (``disclosure``).

Suppressed values never leave this module: a suppressed figure carries no number, so neither a
template nor an export can show it by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from beratung.disclosure import SHOWN, SMALL, THRESHOLD, Cell, protect
from beratung.models import (
    Channel,
    Destination,
    ReferralOutcome,
    SocialWorkStatistic,
    StatisticKind,
    Topic,
)
from beratung.quarters import Quarter

SMALL_TEXT = f"< {THRESHOLD}"
WITHHELD_TEXT = "×"


@dataclass
class Figure:
    label: str | Promise
    value: int | None  # None when suppressed
    mark: str
    percent: float = 0.0  # bar length, relative to the largest shown figure of the table
    key: str = ""  # the category's code (channel, topic, outcome …), for exports and tests

    @property
    def display(self) -> str:
        if self.mark == SMALL:
            return SMALL_TEXT
        if self.value is None:
            return WITHHELD_TEXT
        return str(self.value)

    @property
    def export_value(self) -> int | str:
        return self.value if self.value is not None else self.display


@dataclass
class Table:
    title: str | Promise
    rows: list[Figure]
    total: Figure | None = None


@dataclass
class ReferralRow:
    label: str | Promise
    outcomes: list[Figure]
    total: Figure


@dataclass
class KitaGroup:
    district: Figure
    kitas: list[Figure]


@dataclass
class QuarterReport:
    quarter: Quarter
    computed_at: dt.datetime | None
    channels: Table
    topics: Table
    referral_rows: list[ReferralRow]
    referral_total: Figure
    districts: Table
    kita_groups: list[KitaGroup]
    contacts_mean: Decimal | None = None
    contacts_median: Decimal | None = None
    outcome_labels: list[str | Promise] = field(
        default_factory=lambda: [outcome.label for outcome in ReferralOutcome]
    )


def statistics_quarters() -> list[Quarter]:
    """Quarters with computed figures, newest first."""
    # order_by() first: the model's ordering would otherwise make every row distinct.
    pairs = SocialWorkStatistic.objects.order_by().values_list("year", "quarter").distinct()
    return sorted((Quarter(year, quarter) for year, quarter in pairs), reverse=True)


def _label(choices: type[models.TextChoices], key: str) -> str | Promise:
    try:
        return choices(key).label
    except ValueError:  # a category that no longer exists keeps its code
        return key


def _figures(cells: list[Cell], labels: list[str | Promise]) -> list[Figure]:
    shown = [cell.value for cell in cells if cell.mark == SHOWN]
    largest = max(shown, default=0)
    return [
        Figure(
            label=label,
            value=cell.value if cell.mark == SHOWN else None,
            mark=cell.mark,
            percent=round(100 * cell.value / largest, 1) if cell.mark == SHOWN and largest else 0.0,
            key=str(cell.key or ""),
        )
        for cell, label in zip(cells, labels, strict=True)
    ]


def _figure(cell: Cell, label: str | Promise) -> Figure:
    return _figures([cell], [label])[0]


def _flat_table(
    title: str | Promise,
    counts: dict[str, int],
    choices: type[models.TextChoices],
    *,
    with_total: bool,
) -> Table:
    keys = [member.value for member in choices] + sorted(set(counts) - {m.value for m in choices})
    cells = [Cell(counts.get(key, 0), key=key) for key in keys]
    root = protect(Cell(sum(cell.value for cell in cells), cells, published=with_total))
    rows = _figures(cells, [_label(choices, key) for key in keys])
    return Table(title, rows, _figure(root, _("Total")) if with_total else None)


def quarter_report(*, quarter: Quarter) -> QuarterReport | None:
    rows = list(SocialWorkStatistic.objects.filter(year=quarter.year, quarter=quarter.quarter))
    if not rows:
        return None
    by_kind: dict[str, list[SocialWorkStatistic]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)

    channels = _flat_table(
        _("Consultations per channel"),
        {row.key: row.count for row in by_kind[StatisticKind.CHANNEL]},
        Channel,
        with_total=True,
    )
    # One consultation has one or more topics: the topic counts have no total to publish.
    topics = _flat_table(
        _("Consultations per topic"),
        {row.key: row.count for row in by_kind[StatisticKind.TOPIC]},
        Topic,
        with_total=False,
    )
    referral_rows, referral_total = _referral_table(by_kind[StatisticKind.REFERRAL])
    districts, kita_groups = _reach_tables(
        by_kind[StatisticKind.DISTRICT], by_kind[StatisticKind.KITA]
    )

    report = QuarterReport(
        quarter=quarter,
        computed_at=max(row.computed_at for row in rows),
        channels=channels,
        topics=topics,
        referral_rows=referral_rows,
        referral_total=referral_total,
        districts=districts,
        kita_groups=kita_groups,
    )
    contacts = {row.key: row for row in by_kind[StatisticKind.CONTACTS]}
    families, consultations = districts.total, channels.total
    # The mean is consultations ÷ families: only shown when both are, so it rebuilds nothing.
    if (
        contacts
        and families is not None
        and families.value is not None
        and consultations is not None
        and consultations.value is not None
    ):
        report.contacts_mean = contacts["mean"].value
        report.contacts_median = contacts["median"].value
    return report


def _referral_table(rows: list[SocialWorkStatistic]) -> tuple[list[ReferralRow], Figure]:
    counts = {(row.parent_key, row.key): row.count for row in rows}
    outcomes = [outcome.value for outcome in ReferralOutcome]
    destinations = [destination.value for destination in Destination]
    groups = []
    for destination in destinations:
        cells = [Cell(counts.get((destination, outcome), 0), key=outcome) for outcome in outcomes]
        groups.append(Cell(sum(cell.value for cell in cells), cells, key=destination))
    root = protect(Cell(sum(group.value for group in groups), groups))
    totals = _figures(groups, [_label(Destination, d) for d in destinations])
    table = [
        ReferralRow(total.label, _figures(group.children, ["" for _o in outcomes]), total)
        for group, total in zip(groups, totals, strict=True)
    ]
    return table, _figure(root, _("Total"))


def _reach_tables(
    district_rows: list[SocialWorkStatistic], kita_rows: list[SocialWorkStatistic]
) -> tuple[Table, list[KitaGroup]]:
    """Families reached per district and, inside each district, per Kita: one tree, so that a
    district's figure cannot be used to work out the suppressed figures of its Kitas."""
    kitas_by_district: dict[str, list[SocialWorkStatistic]] = defaultdict(list)
    for row in sorted(kita_rows, key=lambda row: (row.label, row.key)):
        kitas_by_district[row.parent_key].append(row)
    districts = sorted(district_rows, key=lambda row: (row.label, row.key))
    groups = []
    for district in districts:
        cells = [Cell(row.count, key=row.key) for row in kitas_by_district.get(district.key, [])]
        groups.append(Cell(district.count, cells, key=district.key))
    root = protect(Cell(sum(group.value for group in groups), groups))
    district_figures = _figures(groups, [row.label for row in districts])
    kita_groups = [
        KitaGroup(
            figure,
            _figures(
                group.children, [row.label for row in kitas_by_district.get(district.key, [])]
            ),
        )
        for district, group, figure in zip(districts, groups, district_figures, strict=True)
    ]
    table = Table(_("Families reached per district"), district_figures, _figure(root, _("Total")))
    return table, kita_groups
