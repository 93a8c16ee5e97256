"""Offers after a round: families accept or decline; Celery beat reminds and expires.

Every change locks the offer row first (``SELECT … FOR UPDATE``), so a double click, two
guardians answering at once or the expiry job racing an answer change an offer once; whoever
comes second is told what happened (``OfferAlreadyAnswered``, ``OfferExpired``). Answering the
same way twice is harmless and changes nothing.

Accepting closes the child's other wishes and tells those Kitas' leaders. Accepting a place at
a Kindertagespflege provider takes one free place off the provider's vacancy for the child's
start month and age band, in the same transaction with the vacancy row locked: two families
accepting the provider's last place at once get it once, the second is told it is gone
(``ProviderPlaceGone``). An open offer holds its place only in later rounds' capacities (the
vacancy is not touched), so a decline or an expiry needs no change to the vacancy.

Declining (or letting the deadline pass) gives the place back: capacities of later rounds are
derived from the offers, so the next follow-up round gives it to the next child. A family that
declined is out of the Kita-year's later rounds (see ``kita.services.allocation.inputs``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
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
from kita.services.allocation.errors import OfferAlreadyAnswered, OfferExpired, ProviderPlaceGone
from tagespflege.models import Vacancy

# Families are reminded this many days before the deadline (once per offer).
REMINDER_DAYS_BEFORE = getattr(settings, "ALLOCATION_REMINDER_DAYS", 3)
CHUNK = 2000
# The name of the offer's Kita or Kindertagespflege provider, in a query.
_PLACE_NAME = Coalesce("kita__name", "provider__display_name")


def _locked(offer: Offer, answer: str) -> Offer | None:
    """The offer, locked; None when it already carries ``answer`` (a repeated click)."""
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__child", "kita", "provider", "round")
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
        application = locked.application
        if locked.provider_id is not None:
            _provider_place_take(locked)
        locked.status = OfferStatus.ACCEPTED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ACCEPTED)
        wishes = Wish.objects.filter(application=application)
        if locked.provider_id is not None:
            wishes = wishes.exclude(provider_id=locked.provider_id)
        elif locked.kita_id is not None:
            wishes = wishes.exclude(kita_id=locked.kita_id)
        others = list(
            wishes.select_related("kita", "provider")
            .prefetch_related(Prefetch("kita__leaders", queryset=User.objects.order_by("pk")))
            .order_by("rank")
        )
        events = [
            ApplicationEvent(
                application=application,
                actor=user,
                kind="allocation.accepted",
                data={"offer": locked.pk, "kita": locked.place_name},
            )
        ]
        if others:
            events.append(
                ApplicationEvent(
                    application=application,
                    actor=user,
                    kind="allocation.wishes_closed",
                    data={"kitas": [wish.target_name for wish in others]},
                )
            )
        ApplicationEvent.objects.bulk_create(events)
        child = application.child
        # The leaders of the other wished Kitas are told; providers see no pre-registrations.
        notice_queue_many(
            notices=notices.other_kita_notices(
                offer_id=locked.pk,
                accepted_kita=locked.place,
                child_name=f"{child.first_name} {child.last_name}",
                other_kitas=[wish.kita for wish in others if wish.kita is not None],
            )
        )
        audit_log(
            actor=user,
            action="kita.offer.accepted",
            target=locked,
            data={
                "application": application.pk,
                "kita": locked.kita_id,
                "provider": locked.provider_id,
            },
        )
    offer.refresh_from_db()
    return offer


def _provider_place_take(offer: Offer) -> None:
    """One free place less at the offer's provider in the child's start month and age band.

    The vacancy row is locked (``SELECT … FOR UPDATE``), so concurrent acceptances and the
    provider's own edits are serialised: the places never go below zero (no overbooking).
    """
    if offer.provider_id is None:
        raise ValueError("Only an offer of a Kindertagespflege provider takes a vacancy.")
    month = offer.application.desired_start.replace(day=1)
    vacancy = (
        Vacancy.objects.select_for_update()
        .filter(provider_id=offer.provider_id, month=month, age_band=offer.age_band)
        .first()
    )
    if vacancy is None or vacancy.free_places < 1:
        raise ProviderPlaceGone
    vacancy.free_places -= 1
    vacancy.save(update_fields=["free_places", "updated_at"])
    from tagespflege.services.cache import search_changed

    transaction.on_commit(search_changed)  # the public search shows the free places


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
            data={"offer": locked.pk, "kita": locked.place_name},
        )
        audit_log(
            actor=user,
            action="kita.offer.declined",
            target=locked,
            data={
                "application": locked.application_id,
                "kita": locked.kita_id,
                "provider": locked.provider_id,
            },
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
                Offer.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=OfferStatus.OPEN, deadline__lt=today)
                .order_by("pk")
                .values_list("pk", "application_id", _PLACE_NAME)[:CHUNK]
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
                Offer.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    status=OfferStatus.OPEN,
                    reminded_at__isnull=True,
                    deadline__gte=today,
                    deadline__lte=last_day,
                )
                .order_by("pk")
                .values_list("pk", "application_id", _PLACE_NAME, "deadline")[:CHUNK]
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
