"""The Redis cache fails soft: with Redis unreachable it is an empty cache, not an error."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from familyportal.core import cache_backends

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_cache(settings: Any) -> Iterator[None]:
    cache_backends.cache_outage_reset()
    settings.CACHES = {
        "default": {
            "BACKEND": "familyportal.core.cache_backends.FailSoftRedisCache",
            "LOCATION": DEAD,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield
    cache_backends.cache_outage_reset()


def test_reads_miss_writes_are_dropped_and_incr_acts_as_missing(unreachable_cache: None) -> None:
    cache.set("a", 1)
    assert cache.get("a") is None
    assert cache.get("a", "fallback") == "fallback"
    assert cache.get_or_set("b", 7) == 7
    assert cache.add("c", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("a") is False
    with pytest.raises(ValueError):
        cache.incr("counter")


def test_after_a_failure_the_cache_is_skipped_for_a_while(
    unreachable_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.get("a")  # fails, remembers the outage
    calls = []
    monkeypatch.setattr(
        "django.core.cache.backends.redis.RedisCache.get",
        lambda *args, **kwargs: calls.append(1),
    )
    started = time.monotonic()
    for _ in range(50):
        assert cache.get("a") is None
    assert calls == [] and time.monotonic() - started < 0.5


def test_the_catalogue_is_served_while_the_cache_is_unreachable(
    unreachable_cache: None, settings: Any
) -> None:
    settings.CATALOGUE_CACHE_SECONDS = 60
    response = Client().get("/kitas/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"


def test_settings_use_the_fail_soft_backend_for_redis() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "familyportal" / "settings.py").read_text()
    assert '"BACKEND": "familyportal.core.cache_backends.FailSoftRedisCache"' in text
