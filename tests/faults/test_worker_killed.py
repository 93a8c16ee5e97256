"""A worker is killed (SIGKILL) in the middle of delivering a notice (issue 9, fault b).

``notice_deliver`` holds the notice's row lock while it sends and marks it sent in the same
transaction; a worker killed before the mail went out leaves the transaction to be rolled back
by PostgreSQL, so the notice is still pending with nothing sent. Another worker and the sweeper
send it; deliveries of the same notice that arrive again later (the lost task redelivered, the
sweeper racing) find it sent and send nothing. Each notice is delivered exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.db import DatabaseError, transaction

from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.services import notice_queue, notices_pending_enqueue
from familyportal.notices.tasks import deliver_notice
from tests.faults.conftest import RedisServer, Worker, mails_per_notice, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NOTICES = 4


def queue(index: int) -> Notice:
    with transaction.atomic():  # handed to the broker when this commits, as in a request
        return notice_queue(
            key=f"fault-test:{index}",
            template="application_received",
            recipient=f"eltern{index}@example.org",
            language="de",
            context={"child_name": f"Kind {index}", "wishes": ["Kita Sonnenschein"]},
        )


def locked_notice_ids() -> set[int]:
    """Pending notices whose row another connection holds locked (a delivery in progress)."""
    with transaction.atomic():
        pending = set(
            Notice.objects.filter(status=NoticeStatus.PENDING).values_list("pk", flat=True)
        )
        free = set(
            Notice.objects.select_for_update(skip_locked=True)
            .filter(pk__in=pending)
            .values_list("pk", flat=True)
        )
    return pending - free


def row_lock_is_free(notice_id: int) -> bool:
    try:
        with transaction.atomic():
            Notice.objects.select_for_update(nowait=True).filter(pk=notice_id).exists()
    except DatabaseError:
        return False
    return True


def test_a_worker_killed_mid_delivery_leaves_each_notice_delivered_exactly_once(
    private_redis: RedisServer,
    use_broker: Callable[[str], None],
    workers: Callable[..., Worker],
    delivered_mail: Callable[[], list[EmailMessage]],
    tmp_path: Path,
) -> None:
    use_broker(private_redis.url)
    marker = tmp_path / "sending"
    victim = workers(
        private_redis.url,
        EMAIL_BACKEND="tests.faults.backends.HangingFileBackend",
        FAULT_HANG_MARKER=str(marker),
    )
    notices = [queue(i) for i in range(NOTICES)]

    # The worker has taken the first notice, locked its row and is "sending" it.
    wait_until(marker.exists, timeout=60, what=f"delivery to start\n{victim.log()[-3000:]}")
    (in_flight,) = wait_until(locked_notice_ids, timeout=10, what="the notice's row lock")

    victim.kill()
    assert not victim.alive
    # PostgreSQL notices the dead connection and rolls its transaction back.
    wait_until(lambda: row_lock_is_free(in_flight), timeout=30, what="the lock to be released")
    killed = Notice.objects.get(pk=in_flight)
    assert (killed.status, killed.attempts) == (NoticeStatus.PENDING, 0)
    assert delivered_mail() == []

    rescuer = workers(private_redis.url)  # delivers the tasks still waiting in the queue
    notices_pending_enqueue(older_than_seconds=0)  # the sweeper picks up the killed one
    for notice in notices:  # and every task arrives once more, as redeliveries would
        deliver_notice.delay(notice.pk)
    # Tasks are taken in order, one at a time: when this last one is sent, all before are done.
    last = queue(NOTICES)

    wait_until(
        lambda: Notice.objects.get(pk=last.pk).status == NoticeStatus.SENT,
        timeout=90,
        what=f"the last notice\n{rescuer.log()[-3000:]}",
    )
    wait_until(lambda: private_redis.queue_length() == 0, timeout=30, what="an empty queue")

    keys = [n.idempotency_key for n in [*notices, last]]
    assert mails_per_notice(delivered_mail()) == dict.fromkeys(keys, 1)
    assert set(Notice.objects.values_list("status", "attempts")) == {(NoticeStatus.SENT, 1)}
