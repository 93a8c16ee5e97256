from __future__ import annotations

from celery import shared_task

from tagespflege.services import permits_expiring_remind


@shared_task(
    name="tagespflege.remind_expiring_permits",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def remind_expiring_permits() -> int:
    """Daily (Celery beat): remind of care permits ending within three months, once each."""
    return permits_expiring_remind()
