"""A dropped PostgreSQL connection (a database restart, a failover, an idle-timeout on a
firewall): the next request succeeds (issue 9, fault c).

With persistent connections (``DATABASE_CONN_MAX_AGE`` > 0, as in production) a web process
keeps its connection between requests; ``CONN_HEALTH_CHECKS`` (set in familyportal/env.py)
makes Django test it at the start of each request and open a new one when it is dead. The
requests go through Django's real WSGI handler (the test client turns those signals off).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.faults.conftest import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def persistent_connection() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL")
    previous = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield
    with contextlib.suppress(Exception):  # it may be the dead one
        connection.close()
    connection.settings_dict.update(previous)


def request(path: str) -> tuple[str, bytes]:
    environ = RequestFactory().get(path).environ
    environ["wsgi.input"] = io.BytesIO()
    status: list[str] = []
    body = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        return status[0], b"".join(body)
    finally:
        body.close()  # sends request_finished, as the WSGI server does


def backend_pid() -> int:
    assert connection.connection is not None, "the connection was not kept"
    return int(connection.connection.info.backend_pid)


def terminate(pid: int) -> None:
    params = connection.get_connection_params()
    conninfo = psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if k not in ("cursor_factory", "context")}
    )
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        wait_until(
            lambda: (
                not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
            ),
            timeout=10,
            what="the backend to end",
        )


@pytest.mark.parametrize("health_checks, second_status", [(True, "200"), (False, "500")])
def test_the_next_request_after_a_dropped_connection(
    persistent_connection: None, health_checks: bool, second_status: str, settings: Any
) -> None:
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    connection.settings_dict["CONN_HEALTH_CHECKS"] = health_checks
    status, _ = request("/kitas/")
    assert status.startswith("200")
    dropped = backend_pid()

    terminate(dropped)

    status, _ = request("/kitas/")
    # With health checks (production) the request gets a new connection and succeeds; without
    # them the same request fails, which shows the test really dropped the connection.
    assert status.startswith(second_status), status
    if health_checks:
        assert backend_pid() != dropped
    # Either way the request after that one works again.
    assert request("/kitas/")[0].startswith("200")
