"""/healthz: database, broker and worker heartbeat, as JSON, cheap and without secrets."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from familyportal import celery_app
from familyportal.core import health
from familyportal.core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://:hunter2secret@127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _fresh(settings: Any) -> None:
    settings.HEALTHZ_CACHE_SECONDS = 0
    settings.HEALTHZ_BROKER_REQUIRED = False
    health.health_cache_clear()
    cache.delete(health.HEARTBEAT_KEY)


def get(client: Client | None = None) -> Any:
    return (client or Client()).get(reverse("healthz"))


def test_healthy_without_a_broker_reports_eager(settings: Any) -> None:
    settings.CELERY_BROKER_URL = None
    response = get()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": {"status": "ok"},
        "broker": {"status": "eager"},
        "worker": {"status": "eager"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_the_url_is_slash_less_and_answers_no_post() -> None:
    assert reverse("healthz") == "/healthz"
    assert Client().post("/healthz").status_code == 405


def test_broker_down_is_degraded_not_down_by_default_and_leaks_no_url(settings: Any) -> None:
    settings.CELERY_BROKER_URL = DEAD_BROKER
    started = time.monotonic()
    response = get()
    assert time.monotonic() - started < 3  # a short connect timeout, not a hanging probe
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"] == {"status": "down"}
    assert body["checks"]["worker"] == {"status": "missing"}
    content = response.content.decode()
    assert "hunter2secret" not in content and "127.0.0.1" not in content
    assert settings.SECRET_KEY not in content


def test_broker_down_is_503_when_the_broker_is_required(settings: Any) -> None:
    settings.CELERY_BROKER_URL = DEAD_BROKER
    settings.HEALTHZ_BROKER_REQUIRED = True
    response = get()
    assert response.status_code == 503
    assert response.json()["status"] == "down"


def test_database_down_is_503(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.CELERY_BROKER_URL = None

    class BrokenCursor:
        def __enter__(self) -> BrokenCursor:
            raise OperationalError("could not connect to server: password=topsecret")

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = get()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"status": "down"}
    assert "topsecret" not in response.content.decode()


def test_the_worker_heartbeat_is_reported_with_its_age(settings: Any) -> None:
    # A reachable-looking broker is not needed for the heartbeat check; the broker check
    # itself is covered above, so only the worker entry is looked at here.
    settings.CELERY_BROKER_URL = DEAD_BROKER
    assert get().json()["checks"]["worker"] == {"status": "missing"}

    worker_heartbeat.delay()  # eager here; the worker runs it from beat in production
    assert health.check_worker() == {"status": "ok", "age_seconds": 0}

    settings.HEALTHZ_HEARTBEAT_MAX_AGE = 300
    cache.set(health.HEARTBEAT_KEY, time.time() - 301)
    worker = get().json()["checks"]["worker"]
    assert worker["status"] == "stale" and 300 < worker["age_seconds"] < 320


def test_the_heartbeat_is_on_the_beat_schedule() -> None:
    schedule = {
        entry["task"]: entry["schedule"] for entry in celery_app.conf.beat_schedule.values()
    }
    assert schedule["core.worker_heartbeat"] == 60.0
    assert "core.worker_heartbeat" in celery_app.tasks


def test_the_report_is_kept_for_a_few_seconds(
    monkeypatch: pytest.MonkeyPatch, settings: Any, django_assert_num_queries: Any
) -> None:
    settings.CELERY_BROKER_URL = None
    settings.HEALTHZ_CACHE_SECONDS = 5
    calls = []
    original = health.check_database
    monkeypatch.setattr(health, "check_database", lambda: calls.append(1) or original())
    with django_assert_num_queries(1):  # SELECT 1, once; no session, no user
        for _ in range(3):
            assert get().status_code == 200
    assert len(calls) == 1


def test_exempt_from_the_https_redirect(settings: Any) -> None:
    settings.CELERY_BROKER_URL = None
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["familienportal.example.de"]
    client = Client()
    assert client.get("/healthz", HTTP_HOST="familienportal.example.de").status_code == 200
    assert client.get("/impressum/", HTTP_HOST="familienportal.example.de").status_code == 301


def test_no_personal_data_even_for_a_logged_in_staff_user(client_as: Any, settings: Any) -> None:
    from familyportal.accounts.roles import Role

    settings.CELERY_BROKER_URL = None
    client = client_as(Role.ADMINISTRATION)
    body = get(client).json()
    assert set(body) == {"status", "checks", "time"}
