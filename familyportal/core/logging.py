"""Request ids and structured (JSON) logs.

Every request gets an id: a sane ``X-Request-ID`` from the reverse proxy is kept (so one id
follows a request through proxy, gunicorn and the portal), anything else is replaced by a
fresh UUID. The id is returned in the ``X-Request-ID`` response header, kept in a context
variable for the duration of the request, and added to every log record by
``RequestIdFilter``, as is the id of the Celery task a record was written in.

``JsonFormatter`` writes one JSON object per line (``LOG_FORMAT=json``, the default in
production): a dozen lines of our own rather than a dependency, because all it needs is
``json.dumps`` of the record's fields.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# What we accept from outside: what proxies generate (UUIDs, hex, base64-ish ids), no spaces
# or control characters that could forge log lines, and not too long.
INCOMING_ID = re.compile(r"^[A-Za-z0-9._:+/=-]{8,128}$")
HEADER = "X-Request-ID"

access_logger = logging.getLogger("familyportal.request")


def request_id_from(value: str | None) -> str:
    if value and INCOMING_ID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Assigns the request id and writes one access line per request (no query strings, no
    personal data: the URL pattern, not the path, which may carry tokens)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            route = match.route if match else None
            access_logger.log(
                logging.DEBUG if match and match.url_name == "healthz" else logging.INFO,
                "%s %s %s",
                request.method,
                route or "-",
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _current_task_id() -> str | None:
    try:
        from celery import current_task
    except ImportError:  # pragma: no cover - celery is a dependency
        return None
    task = current_task
    if not task:
        return None
    request = getattr(task, "request", None)
    return getattr(request, "id", None)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (or ``-``) and ``task_id`` (or ``-``) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        if not hasattr(record, "task_id"):
            record.task_id = _current_task_id() or "-"
        return True


# Attributes every LogRecord has; anything else was passed in ``extra`` and is logged too.
# ``request`` (Django's own records) is left out: its repr holds the query string.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName", "request"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and value not in (None, "-"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
