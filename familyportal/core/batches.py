"""Bulk work over many rows in batches, each in its own transaction (the retention jobs).

A nightly job over tens of thousands of rows should neither hold one transaction for minutes
nor lose what it finished when it is interrupted: it takes the next ``size`` ids of what is
still pending, handles them in one transaction, and repeats until nothing is left. The rows it
handled must drop out of ``pending`` (erased, deleted or marked), so the loop ends and a second
run finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet


def in_batches(pending: QuerySet[Any], handle: Callable[[list[Any]], None], *, size: int) -> int:
    """Call ``handle`` with the primary keys of ``pending``, at most ``size`` at a time and each
    batch in one transaction, until ``pending`` is empty; returns how many were handled.

    ``pending`` is evaluated afresh for every batch, in its own order (``pk`` unless it has
    one) and with its own row locks (``select_for_update``, taken inside the transaction).
    """
    if not pending.query.order_by:
        pending = pending.order_by("pk")
    total = 0
    while True:
        with transaction.atomic():
            ids = list(pending.values_list("pk", flat=True)[:size])
            if not ids:
                return total
            handle(ids)
        total += len(ids)
