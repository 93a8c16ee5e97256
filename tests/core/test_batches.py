"""in_batches: every pending row once, each batch in its own transaction."""

from __future__ import annotations

import pytest

from familyportal.audit.models import AuditEvent
from familyportal.core.batches import in_batches

pytestmark = pytest.mark.django_db


def events(count: int) -> list[int]:
    AuditEvent.objects.bulk_create(AuditEvent(action="test.row") for _ in range(count))
    return list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))


def test_every_pending_row_once_in_batches_of_the_given_size() -> None:
    ids = events(7)
    seen: list[list[int]] = []

    def handle(batch: list[int]) -> None:
        seen.append(batch)
        AuditEvent.objects.filter(pk__in=batch).update(action="test.done")

    assert in_batches(AuditEvent.objects.filter(action="test.row"), handle, size=3) == 7
    assert seen == [ids[0:3], ids[3:6], ids[6:7]]
    assert in_batches(AuditEvent.objects.filter(action="test.row"), handle, size=3) == 0


def test_a_failing_batch_keeps_the_batches_before_it() -> None:
    ids = events(5)

    def handle(batch: list[int]) -> None:
        AuditEvent.objects.filter(pk__in=batch).update(action="test.done")
        if ids[4] in batch:
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        in_batches(AuditEvent.objects.filter(action="test.row"), handle, size=2)
    done = set(AuditEvent.objects.filter(action="test.done").values_list("pk", flat=True))
    # The first two batches were committed; the third was rolled back with its transaction.
    assert done == set(ids[:4])
