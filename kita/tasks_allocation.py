"""Background work of allocation: running a round, expiring and reminding offers, statistics.

Registered with Celery when Django starts (``kita.admin_allocation`` imports this module; the
worker sets Django up, which loads the admin). Tasks take ids, load, and call a service.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from familyportal.accounts.models import User
from kita import calendar
from kita.models import AllocationRound
from kita.services import (
    AllocationError,
    allocation_statistics_compute,
    offers_expire,
    offers_remind,
    round_run,
)


@shared_task(name="kita.allocation.run_round", acks_late=True)
def run_round(round_id: int, user_id: int | None = None) -> dict[str, Any]:
    """Run one round. Not retried: a refused run (already run, too early) says why."""
    allocation_round = AllocationRound.objects.get(pk=round_id)
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    try:
        statistics = round_run(allocation_round=allocation_round, user=user)
    except AllocationError as error:
        return {"ok": False, "error": str(error)}
    return {"ok": True, **{k: statistics[k] for k in ("children", "placed", "unplaced")}}


@shared_task(
    name="kita.allocation.expire_offers",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def expire_offers() -> int:
    return offers_expire()


@shared_task(
    name="kita.allocation.remind_offers",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def remind_offers() -> int:
    return offers_remind()


@shared_task(
    name="kita.allocation.compute_statistics",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def compute_allocation_statistics(kita_year: int | None = None) -> int:
    """After each round and nightly: the running and the coming Kita-year (or one given)."""
    if kita_year is not None:
        return allocation_statistics_compute(kita_year=kita_year)
    current = calendar.kita_year_of(timezone.localdate())
    return sum(allocation_statistics_compute(kita_year=year) for year in (current, current + 1))
