from __future__ import annotations

from celery import shared_task

from familyportal.core.health import heartbeat_write


@shared_task(name="core.worker_heartbeat", ignore_result=True, expires=120)
def worker_heartbeat() -> float:
    """Beat schedules it every minute; /healthz reports how long ago a worker last ran it."""
    return heartbeat_write()
