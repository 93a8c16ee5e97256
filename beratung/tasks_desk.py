"""Background jobs of the Familienbüro desk (scheduled in familyportal/celery.py; imported by
beratung.tasks, which Celery's autodiscovery finds)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from beratung.services.desk_follow_ups import follow_ups_remind
from beratung.services.desk_retention import desk_apply_retention
from beratung.services.desk_statistics import desk_statistics_compute

_OPTIONS = {"acks_late": True, "autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="beratung.desk.remind_follow_ups", **_OPTIONS)
def remind_follow_ups() -> int:
    """Daily: e-mail each staff member their due follow-ups, once per referral and date."""
    return follow_ups_remind()


@shared_task(name="beratung.desk.apply_retention", **_OPTIONS)
def apply_desk_retention() -> int:
    """Nightly: erase names and contact details whose retention period has run out."""
    return desk_apply_retention()


@shared_task(name="beratung.desk.compute_statistics", **_OPTIONS)
def compute_desk_statistics(year: int | None = None) -> int:
    """Nightly (and on demand): this year's figures, and last year's in January, when late
    entries still change them. Or one given year. Returns the number of rows written."""
    if year is not None:
        return desk_statistics_compute(year=year)
    today = timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    return sum(desk_statistics_compute(year=value) for value in years)
