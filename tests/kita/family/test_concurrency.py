"""Two requests at the same moment (a double click, two parents): one application, always.

Needs real concurrent transactions, so it runs on PostgreSQL (CI); SQLite serialises writers
anyway, and its in-memory test database cannot be shared between threads.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from kita import services
from kita.models import Application, ApplicationEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
    ),
]


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as exc:  # the outcome is what the test looks at
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_the_same_submission_twice_at_once_gives_one_application(submit) -> None:  # type: ignore[no-untyped-def]
    token = uuid.uuid4()
    first, second = at_once(
        lambda: submit(submission_token=token), lambda: submit(submission_token=token)
    )
    assert isinstance(first, Application) and isinstance(second, Application)
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.count() == 1


def test_two_submissions_for_one_child_at_once_give_one_application(submit) -> None:  # type: ignore[no-untyped-def]
    results = at_once(submit, submit)
    assert sorted(type(r).__name__ for r in results) == ["ActiveApplicationExists", "Application"]
    assert Application.objects.count() == 1
    assert any(isinstance(r, services.ActiveApplicationExists) for r in results)
