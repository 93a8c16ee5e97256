"""Offers after a round: families accept or decline; Celery beat reminds and expires.

Every change locks the offer row first (``SELECT … FOR UPDATE``), so a double click, two
guardians answering at once or the expiry job racing an answer change an offer once; whoever
comes second is told what happened (``OfferAlreadyAnswered``, ``OfferExpired``). Answering the
same way twice is harmless and changes nothing.

Accepting closes the child's other wishes and tells those Kitas' leaders. Declining (or letting
the deadline pass) gives the place back: capacities of later rounds are derived from the offers,
so the next follow-up round gives it to the next child. A family that declined is out of the
Kita-year's later rounds (see ``kita.services.allocation.inputs``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from familyportal.notices.services import NoticeSpec, notice_queue_many
from kita.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Offer,
    OfferStatus,
    Wish,
)
from kita.services.allocation import notices
from kita.services.allocation.errors import OfferAlreadyAnswered, OfferExpired

# Families are reminded this many days before the deadline (once per offer).
REMINDER_DAYS_BEFORE = getattr(settings, "ALLOCATION_REMINDER_DAYS", 3)
CHUNK = 2000


def _locked(offer: Offer, answer: str) -> Offer | None:
    """The offer, locked; None when it already carries ``answer`` (a repeated click)."""
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__child", "kita", "round")
        .get(pk=offer.pk)
    )
    if locked.status == answer:
        return None
    if locked.status == OfferStatus.EXPIRED:
        raise OfferExpired
    if locked.status != OfferStatus.OPEN:
        raise OfferAlreadyAnswered
    if timezone.localdate() > locked.deadline:
        raise OfferExpired
    return locked


def offer_accept(*, offer: Offer, user: User) -> Offer:
    """Accept the place: the application is accepted, the child's other wishes are closed."""
    with transaction.atomic():
        locked = _locked(offer, OfferStatus.ACCEPTED)
        if locked is None:
            offer.refresh_from_db()
            return offer
        locked.status = OfferStatus.ACCEPTED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        application = locked.application
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ACCEPTED)
        others = list(
            Wish.objects.filter(application=application)
            .exclude(kita=locked.kita)
            .select_related("kita")
            .prefetch_related(Prefetch("kita__leaders", queryset=User.objects.order_by("pk")))
            .order_by("rank")
        )
        events = [
            ApplicationEvent(
                application=application,
                actor=user,
                kind="allocation.accepted",
                data={"offer": locked.pk, "kita": locked.kita.name},
            )
        ]
        if others:
            events.append(
                ApplicationEvent(
                    application=application,
                    actor=user,
                    kind="allocation.wishes_closed",
                    data={"kitas": [wish.kita.name for wish in others]},
                )
            )
        ApplicationEvent.objects.bulk_create(events)
        child = application.child
        notice_queue_many(
            notices=notices.other_kita_notices(
                offer_id=locked.pk,
                accepted_kita=locked.kita,
                child_name=f"{child.first_name} {child.last_name}",
                other_kitas=[wish.kita for wish in others],
            )
        )
        audit_log(
            actor=user,
            action="kita.offer.accepted",
            target=locked,
            data={"application": application.pk, "kita": locked.kita_id},
        )
    offer.refresh_from_db()
    return offer


def offer_decline(*, offer: Offer, user: User) -> Offer:
    """Decline the place: it is free for the next round; the family leaves this Kita-year's
    allocation (its pre-registration is withdrawn)."""
    with transaction.atomic():
        locked = _locked(offer, OfferStatus.DECLINED)
        if locked is None:
            offer.refresh_from_db()
            return offer
        locked.status = OfferStatus.DECLINED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        Application.objects.filter(pk=locked.application_id).update(
            status=ApplicationStatus.WITHDRAWN
        )
        ApplicationEvent.objects.create(
            application_id=locked.application_id,
            actor=user,
            kind="allocation.declined",
            data={"offer": locked.pk, "kita": locked.kita.name},
        )
        audit_log(
            actor=user,
            action="kita.offer.declined",
            target=locked,
            data={"application": locked.application_id, "kita": locked.kita_id},
        )
    offer.refresh_from_db()
    return offer


def offers_expire(*, today: dt.date | None = None) -> int:
    """Nightly: open offers past their deadline expire; the child is "not placed" and told so.

    Offers locked by an answer in progress are skipped and looked at the next night.
    """
    today = today or timezone.localdate()
    expired = 0
    while True:
        with transaction.atomic():
            rows = list(
                Offer.objects.select_for_update(skip_locked=True)
                .filter(status=OfferStatus.OPEN, deadline__lt=today)
                .order_by("pk")
                .values_list("pk", "application_id", "kita__name")[:CHUNK]
            )
            if not rows:
                return expired
            ids = [pk for pk, _application, _kita in rows]
            Offer.objects.filter(pk__in=ids).update(status=OfferStatus.EXPIRED)
            Application.objects.filter(offers__pk__in=ids).update(status=ApplicationStatus.REJECTED)
            ApplicationEvent.objects.bulk_create(
                ApplicationEvent(
                    application_id=application_id,
                    kind="allocation.expired",
                    data={"offer": pk, "kita": kita},
                )
                for pk, application_id, kita in rows
            )
            families = notices.families_of(Application.objects.filter(offers__pk__in=ids))
            specs: list[NoticeSpec] = []
            for pk, application_id, kita in rows:
                family = families.get(application_id)
                if family is not None:
                    specs.extend(
                        notices.family_notices(
                            key=f"kita.allocation.expiry:{pk}",
                            template="allocation_expiry",
                            family=family,
                            context={"kita": kita},
                        )
                    )
            notice_queue_many(notices=specs)
            audit_log(
                actor=None, action="kita.offer.expired", data={"offers": ids, "count": len(ids)}
            )
            expired += len(ids)


def offers_remind(*, today: dt.date | None = None, days_before: int | None = None) -> int:
    """Daily: remind families of open offers whose deadline is near, once per offer."""
    today = today or timezone.localdate()
    last_day = today + dt.timedelta(
        days=REMINDER_DAYS_BEFORE if days_before is None else days_before
    )
    reminded = 0
    while True:
        with transaction.atomic():
            rows = list(
                Offer.objects.select_for_update(skip_locked=True)
                .filter(
                    status=OfferStatus.OPEN,
                    reminded_at__isnull=True,
                    deadline__gte=today,
                    deadline__lte=last_day,
                )
                .order_by("pk")
                .values_list("pk", "application_id", "kita__name", "deadline")[:CHUNK]
            )
            if not rows:
                return reminded
            ids = [row[0] for row in rows]
            Offer.objects.filter(pk__in=ids).update(reminded_at=timezone.now())
            families = notices.families_of(Application.objects.filter(offers__pk__in=ids))
            links = notices.Links()
            specs: list[NoticeSpec] = []
            for pk, application_id, kita, deadline in rows:
                family = families.get(application_id)
                if family is not None:
                    specs.extend(
                        notices.family_notices(
                            key=f"kita.allocation.reminder:{pk}",
                            template="allocation_reminder",
                            family=family,
                            context={
                                "kita": kita,
                                "deadline": deadline,
                                "url": links.offer(pk),
                            },
                        )
                    )
            notice_queue_many(notices=specs)
            reminded += len(ids)


__all__ = ["offer_accept", "offer_decline", "offers_expire", "offers_remind"]
