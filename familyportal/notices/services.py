"""The outbox: queue notices inside a transaction, deliver them from a Celery task."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from familyportal.accounts.models import User
from familyportal.notices.models import Notice, NoticeStatus

logger = logging.getLogger(__name__)

# After this many failed attempts a notice is marked failed and shown in the admin.
MAX_ATTEMPTS = 8


def notice_queue(
    *,
    key: str,
    template: str,
    recipient: str,
    language: str,
    context: dict[str, Any],
    user: User | None = None,
) -> Notice:
    """Write a notice into the outbox and have it sent once the transaction commits.

    Call it inside the transaction that makes the change the notice is about. The same key
    twice (a double click, a retried request) returns the first notice and sends nothing more.
    """
    notice, created = Notice.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "template": template,
            "recipient": recipient,
            "language": language,
            "context": context,
            "user": user,
        },
    )
    if created:
        transaction.on_commit(lambda: notice_enqueue(notice_id=notice.pk))
    return notice


def notice_enqueue(*, notice_id: int) -> bool:
    """Hand a notice to the broker; False when the broker is down (the sweeper retries)."""
    from familyportal.notices.tasks import deliver_notice

    try:
        deliver_notice.delay(notice_id)
    except Exception:  # kombu raises its own and socket errors; none must break the request.
        logger.warning("Broker unavailable; notice %s stays in the outbox", notice_id)
        return False
    return True


def notice_render(notice: Notice) -> EmailMultiAlternatives:
    base = f"notices/emails/{notice.template}"
    context = {**notice.context, "municipality_name": settings.MUNICIPALITY_NAME}
    with translation.override(notice.language):
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}_body.txt", context)
        html = render_to_string(f"{base}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[notice.recipient],
        headers={"X-Familienportal-Notice": notice.idempotency_key},
    )
    message.attach_alternative(html, "text/html")
    return message


def notice_deliver(*, notice_id: int) -> bool:
    """Send one notice unless it was sent already; True when this call sent it.

    The row stays locked while sending, so two workers given the same notice (a redelivered
    task, the sweeper racing the first delivery) send it once: the second waits, then sees
    ``sent``.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.status != NoticeStatus.PENDING:
            return False
        notice.attempts += 1
        try:
            notice_render(notice).send()
        except Exception as exc:  # SMTP, template and connection errors alike
            notice.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notice.attempts >= MAX_ATTEMPTS:
                notice.status = NoticeStatus.FAILED
            notice.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Notice %s not sent: %s", notice_id, notice.last_error)
            return False
        notice.status = NoticeStatus.SENT
        notice.sent_at = timezone.now()
        notice.last_error = ""
        notice.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def notices_pending_enqueue(*, older_than_seconds: int = 60) -> int:
    """The sweeper: queue again what is still pending (e.g. queued while the broker was down)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(
        Notice.objects.filter(status=NoticeStatus.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )
    return sum(notice_enqueue(notice_id=notice_id) for notice_id in ids)
