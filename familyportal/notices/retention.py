"""Retention of the outbox: ``NOTICE_RETENTION_DAYS`` after an e-mail was written, a sent or
failed notice keeps only that something was sent, and when.

As on account deletion (``familyportal/notices/privacy.py``): the recipient address, the
content (names, Kitas, dates) and the error text are erased, the account link is cut. The
template, language, status, times and the idempotency key stay, so nothing is ever sent twice
and the outbox admin still counts what went out. Pending notices are never touched: they are
still to be delivered.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from familyportal.core.batches import in_batches
from familyportal.notices.models import ERASED_RECIPIENT, Notice, NoticeStatus

BATCH_SIZE = 2000


def notice_retention_cutoff(*, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.NOTICE_RETENTION_DAYS)


def notices_expired(*, now: dt.datetime | None = None) -> QuerySet[Notice]:
    """Sent or failed notices past the period whose details are still there."""
    return (
        Notice.objects.filter(created_at__lt=notice_retention_cutoff(now=now))
        .exclude(status=NoticeStatus.PENDING)
        .exclude(recipient=ERASED_RECIPIENT)
    )


def notices_apply_retention(*, now: dt.datetime | None = None) -> int:
    """Erase the details of every expired notice, in batches; returns how many. Idempotent."""

    def erase(ids: list[int]) -> None:
        Notice.objects.filter(pk__in=ids).update(
            recipient=ERASED_RECIPIENT, context={}, user=None, last_error=""
        )

    return in_batches(notices_expired(now=now), erase, size=BATCH_SIZE)
