"""What the HTTP benchmarks share: a throw-away PostgreSQL database, manage.py, gunicorn on
loopback, and the small helpers around them. Scripts in bench/ import it as ``bench.common``
(or ``common`` when run as files)."""

from __future__ import annotations

import http.client
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
# The only host the benchmarks send requests to, and the only one gunicorn listens on.
HOST = "127.0.0.1"
LOOPBACK_DB_HOSTS = {"127.0.0.1", "localhost", "::1", ""}
HEADERS = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5", "User-Agent": "familienportal-bench"}
MIGRATE_TIMEOUT = 300
SEED_TIMEOUT = 600
STARTUP_TIMEOUT = 30
REQUEST_TIMEOUT = 10.0


class BenchError(Exception):
    """Setup went wrong; the message says what and the run stops without figures."""


def percentile_ms(latencies: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of latencies in seconds, in milliseconds."""
    if not latencies:
        return math.nan
    ordered = sorted(latencies)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)] * 1000


# --- Environment -------------------------------------------------------------------------------


def database_name(url: str) -> str:
    """The database to drop and recreate; refuses anything that may hold real data."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise BenchError("--database-url must be a postgres:// URL.")
    if (parts.hostname or "") not in LOOPBACK_DB_HOSTS:
        raise BenchError(f"--database-url must point at loopback, not {parts.hostname!r}.")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise BenchError(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    return name


def django_environment(
    *,
    database_url: str,
    cache_url: str,
    static_root: str,
    settings_module: str = "bench.settings",
    extra_path: str | None = None,
) -> dict[str, str]:
    """Production settings for the server and manage.py, on loopback, without a broker."""
    env = dict(os.environ)
    # No broker: anything enqueued runs eagerly, and no Redis traffic blurs the figures.
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        # As in production (docker-compose.yml): one Redis cache shared by the web workers.
        CACHE_URL=cache_url,
        CATALOGUE_CACHE_SECONDS="60",
        LOG_LEVEL="WARNING",
        # As in production: hashed, compressed files from collectstatic, served by whitenoise.
        STATICFILES_MANIFEST="1",
        STATIC_ROOT=static_root,
        PYTHONPATH=os.pathsep.join(filter(None, [extra_path, str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


# --- Database ----------------------------------------------------------------------------------


def admin_execute(url: str, statement: str, name: str) -> None:
    conninfo = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))


def recreate_database(url: str, name: str) -> None:
    admin_execute(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
    admin_execute(url, "CREATE DATABASE {}", name)


def drop_database(url: str, name: str) -> None:
    admin_execute(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def manage(env: dict[str, str], *command: str, timeout: int) -> float:
    """Run ``manage.py`` with ``env``; returns the seconds it took."""
    return manage_output(env, *command, timeout=timeout)[0]


def manage_output(env: dict[str, str], *command: str, timeout: int) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"manage.py {' '.join(command)} took longer than {timeout} s.") from None
    if completed.returncode != 0:
        raise BenchError(
            f"manage.py {' '.join(command)[:200]} failed:\n{completed.stdout}{completed.stderr}"
        )
    return time.perf_counter() - started, completed.stdout


# --- Server ------------------------------------------------------------------------------------


def prepare_demo_database(
    env: dict[str, str], *, database_url: str, name: str, scale: str, seed: int, reuse: bool
) -> None:
    """Static files, then (unless ``reuse``) a new database with the demo city at ``scale``."""
    manage(env, "collectstatic", "--noinput", "-v0", timeout=MIGRATE_TIMEOUT)
    if reuse:
        return
    print(f"Recreating database {name} …", file=sys.stderr, flush=True)
    recreate_database(database_url, name)
    manage(env, "migrate", "--noinput", timeout=MIGRATE_TIMEOUT)
    print(f"Seeding scale {scale} …", file=sys.stderr, flush=True)
    manage(env, "seed_demo", "--scale", scale, "--seed", str(seed), timeout=SEED_TIMEOUT)


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex((HOST, port)) == 0


def start_gunicorn(
    *, port: int, workers: int, env: dict[str, str], log: IO[bytes]
) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    executable = str(gunicorn) if gunicorn.exists() else shutil.which("gunicorn")
    if executable is None:
        raise BenchError("gunicorn is not installed next to this Python.")
    command = [
        executable,
        "familyportal.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--chdir",
        str(ROOT),
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def log_tail(log: IO[bytes], lines: int = 30) -> str:
    log.flush()
    log.seek(0)
    return "\n".join(log.read().decode(errors="replace").splitlines()[-lines:])


def fetch(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_serving(
    process: subprocess.Popen[bytes], port: int, log: IO[bytes], path: str = "/bench/bare/"
) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{log_tail(log)}")
        try:
            if fetch(port, path) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {STARTUP_TIMEOUT} s:\n{log_tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # gunicorn: graceful shutdown of its workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# --- A browser ---------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One parent's browser: cookies, and redirects followed for GET like a browser does."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.requests = 0

    def request(
        self, method: str, path: str, data: list[tuple[str, str]] | None = None
    ) -> tuple[int, str, str]:
        headers = dict(HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        finally:
            connection.close()
        self.requests += 1
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        location = urlsplit(response.headers.get("Location", ""))
        target = location.path + (f"?{location.query}" if location.query else "")
        return response.status, target, content

    def get(self, path: str) -> tuple[str, str]:
        """Follow redirects; returns (final path, page)."""
        for _hop in range(5):
            status, location, content = self.request("GET", path)
            if status in (301, 302, 303):
                path = location
                continue
            if status != 200:
                raise BenchError(f"GET {path} answered {status}")
            return path, content
        raise BenchError(f"GET {path}: too many redirects")

    def post(self, path: str, data: list[tuple[str, str]]) -> tuple[int, str]:
        status, location, content = self.request("POST", path, data)
        if status not in (302, 303):
            raise BenchError(f"POST {path} answered {status}: {form_errors(content)}")
        return status, location


def form_errors(page: str) -> str:
    found = re.findall(r'class="invalid-feedback d-block[^"]*"><strong>([^<]+)', page)
    return "; ".join(found[:3]) or page[:200]


def csrf(page: str) -> str:
    match = CSRF.search(page)
    if match is None:
        raise BenchError("no CSRF token on the page")
    return match.group(1)


def stop_on_sigterm(signum: int, frame: object) -> None:
    # Like Ctrl-C: unwind through the finally blocks that stop gunicorn and drop the database.
    raise SystemExit(128 + signum)
