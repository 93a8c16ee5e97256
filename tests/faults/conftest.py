"""Real processes for the fault tests: a private redis-server and Celery workers on the test
database, started and stopped (or killed) by the tests themselves.

Private, so that stopping "the broker" disturbs neither the CI worker nor other tests that use
the shared Redis: the submitting side (this test process) and the worker both talk to the
private one, so its outage is exactly what production would see.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from familyportal import celery_app
from tests.conftest import _forget_broker_connections

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60.0


def wait_until(predicate: Callable[[], Any], *, timeout: float, what: str) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail with ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require_fault_environment() -> None:
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is not set: tasks run eagerly, no worker to break")
    if connection.vendor != "postgresql":
        pytest.skip("The worker process must share the test database: needs PostgreSQL")
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")


class RedisServer:
    """A redis-server of the test's own on a free loopback port."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.exceptions.ConnectionError:
            return False
        finally:
            client.close()

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [  # noqa: S607 - the same redis-server that .ci/run starts, from PATH
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=20, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        """Stops it as an outage would (queued messages are lost with it: no persistence)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        assert not self.ping()

    def queue_length(self, name: str = "celery") -> int:
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        try:
            return int(client.llen(name))
        finally:
            client.close()


def test_database_url() -> str:
    """The database the tests run in (test_…), for the worker process."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{db['NAME']}"


test_database_url.__test__ = False  # type: ignore[attr-defined]  # not a test, despite the name


class Worker:
    """``celery -A familyportal worker`` in a process group of its own, on the test database."""

    def __init__(self, *, broker_url: str, mail_dir: Path, log_path: Path, **env: str) -> None:
        self.hostname = f"fault-{uuid.uuid4().hex[:8]}@%h"
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "LOG_FORMAT": "text",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            **env,
        }
        # Nobody waits for results of these tasks; keep the worker off the shared Redis.
        self.env.pop("CELERY_RESULT_BACKEND", None)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "familyportal",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    f"--hostname={self.hostname}",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self._ready, timeout=WORKER_START_TIMEOUT, what="the Celery worker to start")
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            pytest.fail(f"The worker exited with {self.process.returncode}:\n{self.log()}")
        return " ready." in self.log()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group (main process and its pool child): no clean-up at all."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.alive:
            return
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


@pytest.fixture
def fault_env(transactional_db: None) -> None:
    require_fault_environment()


@pytest.fixture
def private_redis(fault_env: None, tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.process and server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture
def use_broker(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Callable[[str], None]]:
    """Point this test process's Celery app (the submitting side) at another broker."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)

    def point(url: str) -> None:
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        settings.CELERY_BROKER_URL = url
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = url
        _forget_broker_connections()

    yield point
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
    monkeypatch.undo()
    _forget_broker_connections()


@pytest.fixture
def mail_dir(tmp_path: Path, settings: Any) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    settings.EMAIL_FILE_PATH = str(folder)  # read by the delivered_mail fixture
    return folder


@pytest.fixture
def workers(fault_env: None, tmp_path: Path, mail_dir: Path) -> Iterator[Callable[..., Worker]]:
    """Starts workers; every one still running is stopped before the database is flushed."""
    started: list[Worker] = []

    def start(broker_url: str, **env: str) -> Worker:
        worker = Worker(
            broker_url=broker_url,
            mail_dir=mail_dir,
            log_path=tmp_path / f"worker-{len(started)}.log",
            **env,
        )
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


def mails_per_notice(mails: list[EmailMessage]) -> Counter[str]:
    return Counter(str(mail["X-Familienportal-Notice"]) for mail in mails)
