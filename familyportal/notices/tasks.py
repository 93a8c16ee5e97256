from __future__ import annotations

from celery import shared_task

from familyportal.notices.retention import notices_apply_retention
from familyportal.notices.services import notice_deliver, notices_pending_enqueue


@shared_task(name="notices.deliver", acks_late=True, ignore_result=False)
def deliver_notice(notice_id: int) -> bool:
    # Failures are recorded on the notice and retried by the sweeper, not by Celery, so a
    # notice is retried even when the broker lost the task.
    return notice_deliver(notice_id=notice_id)


@shared_task(name="notices.deliver_pending", acks_late=True)
def deliver_pending_notices() -> int:
    return notices_pending_enqueue()


@shared_task(name="notices.deliver_batch", acks_late=True)
def deliver_batch(notice_ids: list[int]) -> int:
    """Deliver a chunk of notices (queued by ``notice_queue_many``); returns how many were sent."""
    return sum(notice_deliver(notice_id=notice_id) for notice_id in notice_ids)


@shared_task(name="notices.apply_retention", acks_late=True)
def apply_notice_retention() -> int:
    """Nightly: erase recipient and content of notices older than ``NOTICE_RETENTION_DAYS``."""
    return notices_apply_retention()
