"""Background jobs of the audit log (scheduled in familyportal/celery.py)."""

from __future__ import annotations

from celery import shared_task

from familyportal.audit.retention import audit_apply_retention


@shared_task(name="audit.apply_retention", acks_late=True)
def apply_audit_retention() -> int:
    """Nightly: delete audit entries older than ``AUDIT_RETENTION_DAYS``."""
    return audit_apply_retention()
