"""The desk's figures as shown and exported: tables built from the ``DeskStatistic`` rows of one
year or quarter. The rows hold anonymous counts only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beratung.models import DeskChannel, FamilySituation, NeedOutcome, ReferralStatus
from beratung.models.desk import DeskStatistic, DeskStatisticKind
from beratung.services.desk_statistics import NO_DISTRICT


@dataclass
class Row:
    key: str
    label: str | Promise
    count: int
    percent: float = 0.0


@dataclass
class Table:
    title: str | Promise
    rows: list[Row]

    def __post_init__(self) -> None:
        largest = max((row.count for row in self.rows), default=0)
        for row in self.rows:
            row.percent = round(100 * row.count / largest, 1) if largest else 0.0


@dataclass
class NeedRow:
    key: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(outcome.value, 0) for outcome in NeedOutcome]


@dataclass
class DeskReport:
    year: int
    quarter: int
    computed_at: dt.datetime
    contacts: int
    channels: Table
    topics: Table
    districts: Table
    situations: Table
    unmet: Table
    referrals: Table
    needs: list[NeedRow] = field(default_factory=list)

    @property
    def outcome_labels(self) -> list[str | Promise]:
        return [outcome.label for outcome in NeedOutcome]

    def export_rows(self, *, quarter: object = "") -> list[list[object]]:
        rows: list[list[object]] = [
            [self.year, quarter, str(_("Desk contacts")), "", "", self.contacts]
        ]
        for table in (
            self.channels,
            self.topics,
            self.districts,
            self.situations,
            self.unmet,
            self.referrals,
        ):
            rows += [
                [self.year, quarter, str(table.title), "", str(row.label), row.count]
                for row in table.rows
            ]
        needs = str(_("Needs per topic and outcome"))
        for need in self.needs:
            rows += [
                [self.year, quarter, needs, need.label, str(outcome.label), count]
                for outcome, count in zip(NeedOutcome, need.cells, strict=True)
            ]
        return rows


def desk_statistics_years() -> list[int]:
    return sorted(
        set(DeskStatistic.objects.values_list("year", flat=True).distinct()), reverse=True
    )


def _label(kind: str, key: str, label: str) -> str | Promise:
    choices: dict[str, type] = {
        DeskStatisticKind.CHANNEL: DeskChannel,
        DeskStatisticKind.SITUATION: FamilySituation,
        DeskStatisticKind.REFERRAL: ReferralStatus,
    }
    if kind in choices:
        try:
            return choices[kind](key).label
        except ValueError:
            return key
    if kind == DeskStatisticKind.DISTRICT and key == NO_DISTRICT:
        return gettext_lazy("District not known")
    return label or key


def desk_report(*, year: int, quarter: int = 0) -> DeskReport | None:
    """The figures of ``year`` (quarter 0) or one quarter; None before they were computed."""
    rows = list(DeskStatistic.objects.filter(year=year, quarter=quarter).order_by("pk"))
    if not rows:
        return None
    by_kind: dict[str, list[DeskStatistic]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)

    def table(kind: str, title: str | Promise, *, sort: bool = False) -> Table:
        entries = [Row(r.key, _label(kind, r.key, r.label), r.count) for r in by_kind[kind]]
        if sort:
            entries.sort(key=lambda entry: (-entry.count, str(entry.label)))
        return Table(title, entries)

    needs: dict[str, NeedRow] = {}
    for row in by_kind[DeskStatisticKind.NEED]:
        need = needs.setdefault(row.key, NeedRow(row.key, row.label, {}))
        need.counts[row.parent_key] = row.count
    need_rows = [need for need in needs.values() if need.total]
    unmet = Table(
        gettext_lazy("Unmet needs per topic"),
        sorted(
            (
                Row(need.key, need.label, need.counts.get(NeedOutcome.UNMET, 0))
                for need in need_rows
                if need.counts.get(NeedOutcome.UNMET, 0)
            ),
            key=lambda entry: (-entry.count, str(entry.label)),
        ),
    )
    contacts = next((r.count for r in by_kind[DeskStatisticKind.CONTACTS]), 0)
    return DeskReport(
        year=year,
        quarter=quarter,
        computed_at=max(row.computed_at for row in rows),
        contacts=contacts,
        channels=table(DeskStatisticKind.CHANNEL, gettext_lazy("Contacts per channel")),
        topics=table(DeskStatisticKind.TOPIC, gettext_lazy("Contacts per topic"), sort=True),
        districts=table(DeskStatisticKind.DISTRICT, gettext_lazy("Contacts per district")),
        situations=table(
            DeskStatisticKind.SITUATION, gettext_lazy("Contacts per family situation")
        ),
        unmet=unmet,
        referrals=table(DeskStatisticKind.REFERRAL, gettext_lazy("Referrals per status")),
        needs=need_rows,
    )
