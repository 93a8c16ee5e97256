"""Answering offers, and the nightly expiry and reminder jobs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from familyportal.audit.models import AuditEvent
from familyportal.notices.models import Notice
from kita.models import ApplicationEvent, ApplicationStatus, Offer, OfferStatus
from kita.services import (
    OfferAlreadyAnswered,
    OfferExpired,
    offer_accept,
    offer_decline,
    offers_expire,
    offers_remind,
    round_run,
)
from tests.factories import OfferFactory, UserFactory
from tests.kita.allocation.conftest import supply

pytestmark = pytest.mark.django_db(transaction=True)


def _offer_for(application, kita, **kwargs):  # type: ignore[no-untyped-def]
    return OfferFactory(application=application, kita=kita, **kwargs)


def test_accepting_closes_the_other_wishes_and_tells_each_other_leader_once(
    apply, kita_factory
) -> None:
    leader = UserFactory(email="leitung@kita.example", language="en")
    chosen = kita_factory(name="Kita Sonnenblume")
    other_a = kita_factory(name="Kita Regenbogen")
    other_b = kita_factory(name="Kita Pusteblume", email="info@pusteblume.example")
    other_a.leaders.add(leader)
    both = kita_factory(name="Kita Löwenzahn")
    both.leaders.add(leader)  # the same leader leads two of the other wished Kitas
    application = apply([other_a, chosen, both, other_b], first_name="Lina")
    offer = _offer_for(application, chosen)

    offer_accept(offer=offer, user=application.created_by)
    offer_accept(offer=offer, user=application.created_by)  # a double click

    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert application.status == ApplicationStatus.ACCEPTED
    closed = ApplicationEvent.objects.get(application=application, kind="allocation.wishes_closed")
    assert closed.data["kitas"] == ["Kita Regenbogen", "Kita Löwenzahn", "Kita Pusteblume"]
    to = sorted(tuple(m.to) for m in mail.outbox)
    assert to == [("info@pusteblume.example",), ("leitung@kita.example",)]
    leader_mail = next(m for m in mail.outbox if m.to == ["leitung@kita.example"])
    assert leader_mail.subject == "Lina Schneider has accepted a place at another Kita"
    assert "Kita Regenbogen" in leader_mail.body and "Kita Löwenzahn" in leader_mail.body
    assert AuditEvent.objects.filter(action="kita.offer.accepted").count() == 1


def test_declining_frees_the_place_and_ends_the_pre_registration(apply, kita_factory) -> None:
    kita = kita_factory()
    application = apply([kita])
    offer = _offer_for(application, kita)

    offer_decline(offer=offer, user=application.created_by)

    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert offer.answered_at is not None
    assert application.status == ApplicationStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="kita.offer.declined").count() == 1
    with (
        translation.override("en"),
        pytest.raises(OfferAlreadyAnswered, match="already been answered"),
    ):
        offer_accept(offer=offer, user=application.created_by)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


def test_an_offer_past_its_deadline_cannot_be_accepted(apply, kita_factory) -> None:
    kita = kita_factory()
    application = apply([kita])
    offer = _offer_for(application, kita, deadline=timezone.localdate() - dt.timedelta(days=1))

    with translation.override("de"), pytest.raises(OfferExpired, match="Frist für die Antwort"):
        offer_accept(offer=offer, user=application.created_by)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    assert not ApplicationEvent.objects.filter(kind="allocation.accepted").exists()


def test_the_deadline_day_itself_still_counts(apply, kita_factory) -> None:
    kita = kita_factory()
    application = apply([kita])
    offer = _offer_for(application, kita, deadline=timezone.localdate())
    offer_accept(offer=offer, user=application.created_by)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_expiry_gives_the_place_back_and_tells_the_family(apply, kita_factory) -> None:
    kita = kita_factory(name="Kita Sonnenblume")
    late = apply([kita], first_name="Emil")
    in_time = apply([kita])
    expired = _offer_for(late, kita, deadline=timezone.localdate() - dt.timedelta(days=1))
    running = _offer_for(in_time, kita, deadline=timezone.localdate())

    assert offers_expire() == 1
    assert offers_expire() == 0  # the next night: nothing again

    expired.refresh_from_db()
    running.refresh_from_db()
    late.refresh_from_db()
    assert (expired.status, running.status) == (OfferStatus.EXPIRED, OfferStatus.OPEN)
    assert late.status == ApplicationStatus.REJECTED
    assert [m.to for m in mail.outbox] == [[late.created_by.email]]
    assert "Emil" in mail.outbox[0].subject and "Kita Sonnenblume" in mail.outbox[0].subject
    with pytest.raises(OfferExpired):
        offer_decline(offer=expired, user=late.created_by)


def test_families_are_reminded_once_shortly_before_the_deadline(apply, kita_factory) -> None:
    kita = kita_factory(name="Kita Sonnenblume")
    soon = apply([kita], language="en", first_name="Mia")
    later = apply([kita])
    today = timezone.localdate()
    reminded = _offer_for(soon, kita, deadline=today + dt.timedelta(days=2))
    _offer_for(later, kita, deadline=today + dt.timedelta(days=10))

    assert offers_remind(today=today, days_before=3) == 1
    assert offers_remind(today=today, days_before=3) == 0

    reminded.refresh_from_db()
    assert reminded.reminded_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Reminder: please answer the offer for Mia by")
    assert f"/vergabe/angebot/{reminded.pk}/" in mail.outbox[0].body


def test_a_broker_outage_keeps_the_round_and_its_notices(
    allocation_round, apply, kita_factory, broker_down
) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 1)
    apply([kita])
    apply([kita])

    round_run(allocation_round=allocation_round, user=None)

    assert Offer.objects.count() == 1
    assert Notice.objects.filter(status="pending").count() == 2
    assert mail.outbox == []
