"""Read-side helpers of the service directory for pages: opening hours as text, the public
service by id. Searching lives in ``directory_search``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from beratung.models import Schedule, ScheduleWeekday, Service
from beratung.selectors.directory_display import services_with_display_data
from beratung.selectors.directory_search import services_active


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    spans: str
    notes: str


def weekly_hours(schedules: Iterable[Schedule]) -> list[DayHours]:
    """One line per weekday: "Monday 08:30–12:00, 14:00–17:30"."""
    by_day: dict[int, list[Schedule]] = defaultdict(list)
    for schedule in schedules:
        by_day[schedule.weekday].append(schedule)
    days = []
    for weekday in sorted(by_day):
        rows = sorted(by_day[weekday], key=lambda row: row.opens_at)
        spans = ", ".join(f"{row.opens_at:%H:%M}–{row.closes_at:%H:%M}" for row in rows)
        notes = "; ".join(sorted({row.description for row in rows if row.description}))
        days.append(DayHours(weekday, str(ScheduleWeekday(weekday).label), spans, notes))
    return days


def service_hours(service: Service) -> list[DayHours]:
    """The service's own hours, else those at its locations (from the lists of
    ``services_with_display_data``, no query; a service loaded otherwise reads its relations)."""
    own = _shown(service, "display_schedules", "schedules")
    if own:
        return weekly_hours(own)
    return weekly_hours(
        schedule
        for link in _shown(service, "display_links", "at_locations")
        for schedule in _shown(link, "display_schedules", "schedules")
    )


def _shown(item: object, attr: str, relation: str) -> list:  # type: ignore[type-arg]
    rows = getattr(item, attr, None)
    return list(getattr(item, relation).all()) if rows is None else rows


def annotate_display(services: Iterable[Service]) -> None:
    """Attach ``hours`` for templates (from prefetched rows)."""
    for service in services:
        service.hours = service_hours(service)  # type: ignore[attr-defined]


def service_public(*, pk: UUID) -> Service | None:
    service = services_with_display_data(services_active().filter(pk=pk), detail=True).first()
    if service is not None:
        annotate_display([service])
    return service
