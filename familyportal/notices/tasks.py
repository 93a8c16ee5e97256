from __future__ import annotations

from celery import shared_task

from familyportal.notices.services import notice_deliver, notices_pending_enqueue


@shared_task(name="notices.deliver", acks_late=True, ignore_result=False)
def deliver_notice(notice_id: int) -> bool:
    # Failures are recorded on the notice and retried by the sweeper, not by Celery, so a
    # notice is retried even when the broker lost the task.
    return notice_deliver(notice_id=notice_id)


@shared_task(name="notices.deliver_pending", acks_late=True)
def deliver_pending_notices() -> int:
    return notices_pending_enqueue()
