"""Retention of pre-registrations: ``APPLICATION_RETENTION_DAYS`` after a Kita-year ended, its
pre-registrations lose the address, the description of an inclusion need (health data) and the
remark.

The placement is decided by then and the year's complaints are settled; what stays is what the
family's history and the allocation statistics need: child, Kita-year, start, hours, postal
code, district, criteria codes, wishes, offers, outcomes and the history of statuses — the same
as when the last parent deletes the account (``kita/privacy.py``, which uses the same marker
for an erased street). The child's name stays while a parent's account exists: it is the
parents' own record, which they can delete.

The nightly job filters on ``kita_year`` (indexed) and the marker; no index of its own, since
every index of ``kita_application`` slows the allocation run's status update.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from familyportal.audit.services import audit_log
from familyportal.core.batches import in_batches
from kita import calendar
from kita.models import Application
from kita.privacy import ERASED_NAME

BATCH_SIZE = 2000


def last_expired_kita_year(*, today: dt.date | None = None) -> int:
    """The latest Kita-year whose end lies ``APPLICATION_RETENTION_DAYS`` or more back.

    A Kita-year ends the day before the next one starts, so year Y has expired once the start
    of Y + 1 is at least the period ago: Y + 1 ≤ the Kita-year of (today − period)."""
    day = (today or timezone.localdate()) - dt.timedelta(days=settings.APPLICATION_RETENTION_DAYS)
    return calendar.kita_year_of(day) - 1


def applications_expired(*, today: dt.date | None = None) -> QuerySet[Application]:
    """Pre-registrations of expired Kita-years whose details are still there."""
    return Application.objects.filter(kita_year__lte=last_expired_kita_year(today=today)).exclude(
        street=ERASED_NAME, inclusion_description="", remark=""
    )


def applications_apply_retention(*, today: dt.date | None = None) -> int:
    """Erase the details of every expired pre-registration, in batches; returns how many.

    Idempotent; one audit entry per batch, without personal data."""
    up_to = last_expired_kita_year(today=today)

    def erase(ids: list[int]) -> None:
        Application.objects.filter(pk__in=ids).update(
            street=ERASED_NAME, inclusion_description="", remark=""
        )
        audit_log(
            actor=None,
            action="kita.application.retention",
            data={
                "count": len(ids),
                "up_to_kita_year": up_to,
                "retention_days": settings.APPLICATION_RETENTION_DAYS,
            },
        )

    return in_batches(applications_expired(today=today), erase, size=BATCH_SIZE)
