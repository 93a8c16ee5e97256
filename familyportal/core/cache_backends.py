"""A Redis cache that an unreachable Redis turns into an empty cache instead of error pages.

Production keeps the cache in the same Redis as Celery's queue. The cache only saves work
(rendered catalogue pages, allauth's rate-limit counters), so while Redis is away every read is
a miss and every write is dropped: pages are rendered afresh, log-ins and pre-registrations go
on. After a failure the cache is skipped for ``RETRY_AFTER`` seconds, so requests do not each
wait for a connect timeout. Only connection problems are swallowed; any other error is a bug.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
_state = {"down_until": 0.0}
_lock = threading.Lock()


def _call(cache: RedisCache, name: str, default: Any, *args: Any, **kwargs: Any) -> Any:
    if time.monotonic() < _state["down_until"]:
        return default
    try:
        return getattr(super(FailSoftRedisCache, cache), name)(*args, **kwargs)
    except _UNREACHABLE as exc:
        with _lock:
            _state["down_until"] = time.monotonic() + RETRY_AFTER
        logger.warning(
            "Cache unavailable (%s); serving without it for %.0f s", type(exc).__name__, RETRY_AFTER
        )
        return default


def cache_outage_reset() -> None:
    """Forget a remembered outage (tests)."""
    _state["down_until"] = 0.0


class FailSoftRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _call(self, "get", default, key, default, version)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return _call(self, "get_many", {}, keys, version)  # type: ignore[no-any-return]

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return bool(_call(self, "has_key", False, key, version))

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return bool(_call(self, "add", False, key, value, timeout, version))

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        _call(self, "set", None, key, value, timeout, version)

    def set_many(
        self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return _call(self, "set_many", [], data, timeout, version)  # type: ignore[no-any-return]

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(_call(self, "touch", False, key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(_call(self, "delete", False, key, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        _call(self, "delete_many", None, keys, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        missing = object()
        value = _call(self, "incr", missing, key, delta, version)
        if value is missing:
            # As for a key that does not exist: callers fall back to set(), which is dropped.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return value  # type: ignore[no-any-return]

    def clear(self) -> None:
        _call(self, "clear", None)
