from __future__ import annotations

from celery import shared_task
from django.utils import timezone

# Celery's autodiscovery imports kita.tasks only; the allocation tasks live in their own module.
from kita import (
    calendar,
    tasks_allocation,  # noqa: F401
)
from kita.retention import applications_apply_retention
from kita.services import catalogue_statistics_compute


@shared_task(
    name="kita.compute_catalogue_statistics",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def compute_catalogue_statistics(kita_year: int | None = None) -> int:
    """Nightly: statistics for the running and the coming Kita-year (or one given year)."""
    if kita_year is not None:
        return catalogue_statistics_compute(kita_year=kita_year)
    current = calendar.kita_year_of(timezone.localdate())
    return sum(catalogue_statistics_compute(kita_year=year) for year in (current, current + 1))


@shared_task(name="kita.apply_application_retention", acks_late=True)
def apply_application_retention() -> int:
    """Nightly: erase address, inclusion description and remark of pre-registrations whose
    Kita-year ended ``APPLICATION_RETENTION_DAYS`` ago."""
    return applications_apply_retention()
