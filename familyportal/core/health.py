"""``/healthz``: is this web process able to serve, and are the parts behind it alive?

Container probes and monitoring call it often, without a session, so it is cheap (one
``SELECT 1``, one broker connect with a short timeout, one cache read; the result is kept for
``HEALTHZ_CACHE_SECONDS`` per process) and says nothing about people or secrets: only the state
of each part and the heartbeat's age.

- ``database``: ``ok`` or ``down``. Down means 503: nothing works without it.
- ``broker``: ``ok``, ``down`` or ``eager`` (no ``CELERY_BROKER_URL``: tasks run in the
  request). Down is "degraded" (200) by default, since notices wait safely in the outbox;
  ``HEALTHZ_BROKER_REQUIRED=1`` makes it a 503.
- ``worker``: the age of the heartbeat that the beat-scheduled ``core.worker_heartbeat`` task
  writes every minute: ``ok``, ``stale`` (older than ``HEALTHZ_HEARTBEAT_MAX_AGE`` seconds),
  ``missing`` (never seen; needs a cache shared with the worker, ``CACHE_URL``) or ``eager``.
  Not ``ok`` is "degraded": the site works, background work waits.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from familyportal.core.views import permission_required

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "core:worker-heartbeat"
# Kept far longer than it is considered fresh, so "stale" can still report its age.
HEARTBEAT_TTL = 24 * 3600
BROKER_TIMEOUT = 1.0

OK, DOWN, EAGER, STALE, MISSING = "ok", "down", "eager", "stale", "missing"


def heartbeat_write() -> float:
    """Called by the worker every minute (``core.worker_heartbeat``); returns the timestamp."""
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, timeout=HEARTBEAT_TTL)
    return now


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the type, never the message
        logger.warning("healthz: database unavailable (%s)", type(exc).__name__)
        return {"status": DOWN}
    return {"status": OK}


def check_broker() -> dict[str, Any]:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"status": EAGER}
    from kombu import Connection

    try:
        with Connection(
            url,
            connect_timeout=BROKER_TIMEOUT,
            transport_options={
                "socket_connect_timeout": BROKER_TIMEOUT,
                "socket_timeout": BROKER_TIMEOUT,
            },
        ) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=1)
    except Exception as exc:  # kombu, redis and socket errors alike
        logger.warning("healthz: broker unavailable (%s)", type(exc).__name__)
        return {"status": DOWN}
    return {"status": OK}


def check_worker() -> dict[str, Any]:
    if not settings.CELERY_BROKER_URL:
        return {"status": EAGER}
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception as exc:  # a cache (Redis) outage must not break the probe
        logger.warning("healthz: cache unavailable (%s)", type(exc).__name__)
        beat = None
    if beat is None:
        return {"status": MISSING}
    age = max(0, round(time.time() - float(beat)))
    status = OK if age <= settings.HEALTHZ_HEARTBEAT_MAX_AGE else STALE
    return {"status": status, "age_seconds": age}


@dataclass(frozen=True)
class Report:
    http_status: int
    body: dict[str, Any]


def health_report() -> Report:
    checks = {
        "database": check_database(),
        "broker": check_broker(),
        "worker": check_worker(),
    }
    broker_down = checks["broker"]["status"] == DOWN
    if checks["database"]["status"] == DOWN or (broker_down and settings.HEALTHZ_BROKER_REQUIRED):
        status, http_status = "down", 503
    elif all(check["status"] in (OK, EAGER) for check in checks.values()):
        status, http_status = "ok", 200
    else:
        status, http_status = "degraded", 200
    body = {"status": status, "checks": checks, "time": timezone.now().isoformat()}
    return Report(http_status=http_status, body=body)


_lock = threading.Lock()
_cached: tuple[float, Report] | None = None


def health_report_cached() -> Report:
    """The report, computed at most once per ``HEALTHZ_CACHE_SECONDS`` in this process."""
    global _cached
    ttl = settings.HEALTHZ_CACHE_SECONDS
    with _lock:
        now = time.monotonic()
        if ttl and _cached is not None and now - _cached[0] < ttl:
            return _cached[1]
        report = health_report()
        _cached = (now, report)
        return report


def health_cache_clear() -> None:
    global _cached
    with _lock:
        _cached = None


@require_safe
@never_cache
@permission_required("core.view_public_pages")
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report_cached()
    return JsonResponse(report.body, status=report.http_status)
