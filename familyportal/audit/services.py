from __future__ import annotations

from typing import Any

from django.db import models

from familyportal.accounts.models import User
from familyportal.audit.models import AuditEvent


def audit_log(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` (dotted, e.g. ``kita.import.completed``)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
