"""Background jobs of the counselling app (scheduled in familyportal/celery.py)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

# Celery's autodiscovery imports beratung.tasks only; the desk's tasks live in their own module.
from beratung import tasks_desk  # noqa: F401
from beratung.quarters import Quarter
from beratung.services.sozialarbeit_retention import cases_apply_retention
from beratung.services.sozialarbeit_statistics import quarterly_statistics_compute


@shared_task(
    name="beratung.apply_retention",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def apply_retention() -> int:
    """Daily: anonymise closed Kita-Sozialarbeit cases whose retention period has run out."""
    return cases_apply_retention()


@shared_task(
    name="beratung.compute_quarterly_statistics",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def compute_quarterly_statistics(year: int | None = None, quarter: int | None = None) -> int:
    """Daily (and on demand): the running quarter and the one before, whose late entries (a
    referral outcome, a consultation recorded a few days after) still change its figures. Or
    one given quarter. Returns the number of aggregate rows written."""
    if year is not None and quarter is not None:
        return quarterly_statistics_compute(quarter=Quarter(year, quarter))
    current = Quarter.of(timezone.localdate())
    return sum(
        quarterly_statistics_compute(quarter=period) for period in (current.previous(), current)
    )
