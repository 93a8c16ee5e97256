"""Typed readers for environment variables.

Every setting that an operator may change comes from the environment through one of these
helpers. A value that cannot be read stops start-up with ``ImproperlyConfigured`` naming the
variable, so a typo in a deployment fails loudly instead of running with a default.
"""

from __future__ import annotations

import os
from typing import Any, overload

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str, *, default_sqlite_path: str, conn_max_age: int) -> dict[str, Any]:
    """Read a database URL; PostgreSQL (psycopg 3) or SQLite."""
    value = os.environ.get(name, "").strip()
    if not value:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite_path,
            # Several request threads of the dev server share the file; wait instead of failing.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    scheme = value.split(":", 1)[0]
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must start with postgres:// (or sqlite:///path); got scheme {scheme!r}."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} cannot be read: {exc}") from None
    if scheme == "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no SQLite file.")
    return dict(config)


def env_url(name: str, *, schemes: set[str]) -> str | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    scheme = value.split(":", 1)[0]
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must use one of the schemes {allowed}; got {scheme!r}.")
    return value
