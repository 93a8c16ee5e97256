"""Retention: the name and contact details a family gave at the desk (with consent) are erased
``DESK_RETENTION_DAYS`` after the contact, or after its last referral was closed if that is
later. While a referral is open they stay: the desk may still need to reach the family.

Erased: the ``DeskContactPerson`` row (name, e-mail, phone, consent text and time). Kept: the
anonymous contact, its topics, situations, needs and referrals, which is what the statistics
count. The contact is marked with ``person_erased_at`` and each erasure is audited.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from beratung.models import DeskContact, DeskContactPerson
from beratung.selectors.desk import open_referrals
from familyportal.audit.models import AuditEvent
from familyportal.core.batches import in_batches

BATCH_SIZE = 500


def desk_retention_cutoff(*, today: dt.date | None = None) -> dt.date:
    """Details of contacts (and closed referrals) before this day have expired."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.DESK_RETENTION_DAYS)


def contacts_with_expired_person(*, today: dt.date | None = None) -> QuerySet[DeskContact]:
    cutoff = desk_retention_cutoff(today=today)
    return (
        DeskContact.objects.filter(person__isnull=False, contact_date__lt=cutoff)
        .annotate(
            open_referral=Exists(open_referrals().filter(contact=OuterRef("pk"))),
            last_closed=Max("referrals__status_changed_on"),
        )
        .filter(open_referral=False)
        .filter(Q(last_closed__isnull=True) | Q(last_closed__lt=cutoff))
    )


def desk_apply_retention(*, today: dt.date | None = None) -> int:
    """Erase every expired person row, in batches; returns how many were erased. Idempotent."""

    def erase(ids: list[int]) -> None:
        DeskContactPerson.objects.filter(contact_id__in=ids).delete()
        DeskContact.objects.filter(pk__in=ids).update(person_erased_at=timezone.now())
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=None,
                    action="beratung.desk.person.erased",
                    target_type=DeskContact._meta.label_lower,
                    target_id=str(pk),
                    data={"retention_days": settings.DESK_RETENTION_DAYS},
                )
                for pk in ids
            ]
        )

    return in_batches(contacts_with_expired_person(today=today), erase, size=BATCH_SIZE)
