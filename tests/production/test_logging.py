"""Request ids and JSON logs (familyportal/core/logging.py)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from celery import shared_task
from django.conf import settings as django_settings
from django.test import Client

from familyportal.core.logging import (
    JsonFormatter,
    RequestIdFilter,
    request_id_from,
    request_id_var,
)

pytestmark = pytest.mark.django_db

UUID_HEX = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the production handler would write, for our loggers."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("familyportal.request"), logging.getLogger("tests.production")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_every_response_carries_a_fresh_request_id() -> None:
    client = Client()
    first = client.get("/impressum/")["X-Request-ID"]
    second = client.get("/impressum/")["X-Request-ID"]
    assert UUID_HEX.match(first) and UUID_HEX.match(second) and first != second


@pytest.mark.parametrize(
    "incoming, kept",
    [
        ("3f2a1c9e-7b4d-4e2a-9c1f-0a1b2c3d4e5f", True),
        ("proxy-req:0001.abc", True),
        ("short", False),
        ("has space in it", False),
        ("forged\nlevel=ERROR", False),
        ("x" * 129, False),
    ],
)
def test_a_sane_incoming_id_is_kept_anything_else_replaced(incoming: str, kept: bool) -> None:
    response = Client().get("/impressum/", HTTP_X_REQUEST_ID=incoming)
    assert (response["X-Request-ID"] == incoming) is kept
    if not kept:
        assert UUID_HEX.match(response["X-Request-ID"])


def test_the_access_line_is_json_with_the_request_id_and_no_query_or_path(
    json_lines: io.StringIO,
) -> None:
    response = Client().get(
        "/kitas/?email=anna.secret@example.org", HTTP_X_REQUEST_ID="abcdef12-proxy"
    )
    assert response.status_code == 200
    (line,) = [r for r in records(json_lines) if r["logger"] == "familyportal.request"]
    assert line["request_id"] == "abcdef12-proxy" == response["X-Request-ID"]
    assert (line["method"], line["route"], line["status"]) == ("GET", "kitas/", 200)
    assert line["level"] == "INFO" and isinstance(line["duration_ms"], float)
    assert "anna.secret" not in json_lines.getvalue()
    assert request_id_var.get() is None  # reset after the request


def test_password_reset_tokens_in_the_path_are_not_logged(json_lines: io.StringIO) -> None:
    Client().get("/konto/password/reset/key/1-set-password-token-abc/")
    text = json_lines.getvalue()
    assert text and "token-abc" not in text


def test_records_outside_requests_and_tasks_say_so() -> None:
    record = logging.makeLogRecord({"msg": "plain"})
    RequestIdFilter().filter(record)
    assert (record.request_id, record.task_id) == ("-", "-")  # type: ignore[attr-defined]


def test_the_formatter_writes_extras_and_exceptions_but_not_the_request_object() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "failed %s",
            ("here",),
            __import__("sys").exc_info(),
            extra={"notice_id": 7, "request": object()},
        )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed here" and line["notice_id"] == 7
    assert "ValueError: boom" in line["exception"]
    assert "request" not in line


@shared_task(name="tests.production.log_something")
def log_something() -> None:
    logging.getLogger("tests.production").warning("inside the task")


def test_records_written_inside_a_celery_task_carry_its_id(json_lines: io.StringIO) -> None:
    log_something.apply(task_id="task-0001")
    (line,) = records(json_lines)
    assert line["task_id"] == "task-0001" and line["message"] == "inside the task"


def test_production_logs_json_and_celery_keeps_our_configuration() -> None:
    # The test run uses DEBUG=0, like production.
    assert django_settings.LOG_FORMAT == "json"
    handler = django_settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "json" and handler["filters"] == ["request_id"]
    assert django_settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False


def test_request_id_helper_bounds() -> None:
    assert request_id_from(None) != request_id_from(None)
    assert request_id_from("a" * 128) == "a" * 128
