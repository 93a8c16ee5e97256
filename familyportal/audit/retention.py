"""Retention of the audit log: entries older than ``AUDIT_RETENTION_DAYS`` are deleted.

The log is there to answer who read or changed what (Art. 5 (2), Art. 32 DSGVO, § 78a SGB X);
after the period it is only more personal data (who did what, when). Deleted nightly in
batches; one entry per run records how many went, so the log shows its own pruning.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from familyportal.audit.models import AuditEvent
from familyportal.audit.services import audit_log
from familyportal.core.batches import in_batches

BATCH_SIZE = 5000


def audit_retention_cutoff(*, now: dt.datetime | None = None) -> dt.datetime:
    """Entries before this moment have expired."""
    return (now or timezone.now()) - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)


def audit_apply_retention(*, now: dt.datetime | None = None) -> int:
    """Delete every expired entry (in batches of ``BATCH_SIZE``); returns how many. Idempotent."""
    expired = AuditEvent.objects.filter(created_at__lt=audit_retention_cutoff(now=now))

    def delete(ids: list[int]) -> None:
        AuditEvent.objects.filter(pk__in=ids).delete()

    total = in_batches(expired.order_by("created_at", "pk"), delete, size=BATCH_SIZE)
    if total:
        audit_log(
            actor=None,
            action="audit.retention.applied",
            data={"deleted": total, "retention_days": settings.AUDIT_RETENTION_DAYS},
        )
    return total
