"""Follow-up reminders: each staff member gets one e-mail listing their referrals whose
follow-up date has come, once per referral and follow-up date.

``follow_up_reminded_on`` records the follow-up date a reminder was sent for: a referral is
reminded of again only when someone moves its follow-up date. The e-mail names services and
dates and links to the desk, never the family.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from beratung.models import OPEN_REFERRAL_STATUSES, DeskReferral
from familyportal.accounts.models import User
from familyportal.notices.services import NoticeSpec, notice_queue_many

TEMPLATE = "desk_follow_up"


def referrals_due_for_reminder(*, today: dt.date) -> QuerySet[DeskReferral]:
    return DeskReferral.objects.filter(
        status__in=OPEN_REFERRAL_STATUSES,
        follow_up_on__lte=today,
        created_by__isnull=False,
        created_by__is_active=True,
    ).filter(Q(follow_up_reminded_on__isnull=True) | Q(follow_up_reminded_on__lt=F("follow_up_on")))


def _link(path: str) -> str:
    return f"{settings.PORTAL_URL.rstrip('/')}{path}" if settings.PORTAL_URL else path


@transaction.atomic
def follow_ups_remind(*, today: dt.date | None = None) -> int:
    """Queue one reminder per staff member with due follow-ups; returns the referrals reminded
    of. Idempotent: a second run the same day finds nothing left."""
    today = today or timezone.localdate()
    referrals = list(
        referrals_due_for_reminder(today=today)
        .select_for_update(of=("self",))
        .select_related("service", "organisation", "created_by")
        .order_by("follow_up_on", "pk")
    )
    if not referrals:
        return 0
    per_staff: dict[int, list[DeskReferral]] = defaultdict(list)
    staff: dict[int, User] = {}
    for referral in referrals:
        if referral.created_by is None:  # excluded by the query; keeps the type checker calm
            continue
        per_staff[referral.created_by.pk].append(referral)
        staff[referral.created_by.pk] = referral.created_by
    specs = []
    for user_id, own in per_staff.items():
        user = staff[user_id]
        ids = ",".join(str(r.pk) for r in own)
        digest = hashlib.sha256(ids.encode()).hexdigest()[:16]
        specs.append(
            NoticeSpec(
                key=f"beratung.desk.follow_up:{user_id}:{today.isoformat()}:{digest}",
                template=TEMPLATE,
                recipient=user.email,
                language=user.language or settings.LANGUAGE_CODE,
                user_id=user_id,
                context={
                    "count": len(own),
                    "url": _link(reverse("beratung:desk-follow-ups")),
                    "referrals": [
                        {
                            "to": str(r.service or r.organisation),
                            "referred_on": r.referred_on.strftime("%d.%m.%Y"),
                            "follow_up_on": r.follow_up_on.strftime("%d.%m.%Y")
                            if r.follow_up_on
                            else "",
                            "status": r.status,
                            "url": _link(
                                reverse("beratung:desk-contact-detail", args=[r.contact_id])
                            ),
                        }
                        for r in own
                    ],
                },
            )
        )
    notice_queue_many(notices=specs)
    for referral in referrals:
        referral.follow_up_reminded_on = referral.follow_up_on
    # bulk_update leaves updated_at alone: a reminder is no change a colleague could collide with.
    DeskReferral.objects.bulk_update(referrals, ["follow_up_reminded_on"])
    return len(referrals)
