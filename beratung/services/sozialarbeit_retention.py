"""Retention: closed cases are anonymised once SOZIALARBEIT_RETENTION_DAYS have passed.

Erased: the family's name and contact, the description, the child-protection note and flag,
every consultation note and referral detail, and the consent records (what was consented to,
when, by whom). The case code is replaced by a random one, so paper files or e-mails that
quote the old code lead nowhere. Kept: the Kita, the dates, the channels, durations, topics,
referral destinations and outcomes, which is what the quarterly statistics count.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.utils import timezone

from beratung.models import Case, CaseConsent, CaseReferral, CaseStatus, Consultation
from familyportal.audit.models import AuditEvent
from familyportal.core.batches import in_batches

BATCH_SIZE = 500
ANONYMOUS_PREFIX = "ANON-"


def retention_cutoff(*, today: dt.date | None = None) -> dt.date:
    """Cases closed before this day have expired."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.SOZIALARBEIT_RETENTION_DAYS)


def cases_apply_retention(*, today: dt.date | None = None) -> int:
    """Anonymise every expired closed case, in batches; returns how many were anonymised.

    Idempotent: anonymised cases are never picked again. Each batch is one transaction, so an
    interrupted run keeps what it finished and the next run continues.
    """
    cutoff = retention_cutoff(today=today)
    expired = Case.objects.filter(
        status=CaseStatus.CLOSED, closed_on__lt=cutoff, anonymised_at__isnull=True
    )
    return in_batches(expired.select_for_update(), _anonymise, size=BATCH_SIZE)


def _anonymise(ids: list[int]) -> None:
    now = timezone.now()
    cases = [
        Case(
            pk=pk,
            code=f"{ANONYMOUS_PREFIX}{secrets.token_hex(6).upper()}",
            family_name="",
            contact="",
            description="",
            child_protection_flag=False,
            child_protection_note="",
            requested_by=None,
            submission_token=None,
            anonymised_at=now,
            updated_at=now,
        )
        for pk in ids
    ]
    Case.objects.bulk_update(
        cases,
        [
            "code",
            "family_name",
            "contact",
            "description",
            "child_protection_flag",
            "child_protection_note",
            "requested_by",
            "submission_token",
            "anonymised_at",
            "updated_at",
        ],
    )
    Consultation.objects.filter(case_id__in=ids).update(note="", submission_token=None)
    CaseReferral.objects.filter(case_id__in=ids).update(
        destination_detail="", submission_token=None
    )
    CaseConsent.objects.filter(case_id__in=ids).delete()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=None,
                action="beratung.case.anonymised",
                target_type=Case._meta.label_lower,
                target_id=str(pk),
                data={"retention_days": settings.SOZIALARBEIT_RETENTION_DAYS},
            )
            for pk in ids
        ]
    )
