from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from familyportal import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("helper", "variable", "value"),
    [
        (lambda: env.env_bool("DEBUG"), "DEBUG", "vielleicht"),
        (lambda: env.env_int("EMAIL_PORT", 25, minimum=1), "EMAIL_PORT", "fünfundzwanzig"),
        (lambda: env.env_int("EMAIL_PORT", 25, minimum=1), "EMAIL_PORT", "0"),
        (
            lambda: env.env_database("DATABASE_URL", default_sqlite_path="x", conn_max_age=0),
            "DATABASE_URL",
            "mysql://localhost/db",
        ),
        (
            lambda: env.env_url("CELERY_BROKER_URL", schemes={"redis"}),
            "CELERY_BROKER_URL",
            "http://localhost",
        ),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, helper: object, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ImproperlyConfigured, match=variable):
        helper()  # type: ignore[operator]


def test_database_url_selects_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://portal:pw@db.example:5433/portal")
    config = env.env_database("DATABASE_URL", default_sqlite_path="x", conn_max_age=60)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "portal")
    assert config["CONN_MAX_AGE"] == 60


def test_no_database_url_means_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.env_database("DATABASE_URL", default_sqlite_path="portal.sqlite3", conn_max_age=0)
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def run_check(**overrides: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL"}
    }
    environment.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_start_up_stops_on_a_bad_value_naming_it() -> None:
    result = run_check(DEBUG="vielleicht")
    assert result.returncode != 0
    assert "DEBUG='vielleicht' is not a boolean" in result.stderr


def test_production_without_secret_key_refuses_to_start() -> None:
    result = run_check(DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_bad_random_page_cost_stops_the_start_naming_it() -> None:
    result = run_check(
        DATABASE_URL="postgres://portal@127.0.0.1:5432/portal", DATABASE_RANDOM_PAGE_COST="billig"
    )
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST must be a number" in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_plan_with_the_ssd_random_page_cost() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_settings_defaults(settings: object) -> None:
    assert settings.TIME_ZONE == "Europe/Berlin"  # type: ignore[attr-defined]
    assert settings.LANGUAGE_CODE == "de"  # type: ignore[attr-defined]
    assert settings.AUTH_USER_MODEL == "accounts.User"  # type: ignore[attr-defined]
