"""Retention: names and contact details go after DESK_RETENTION_DAYS; the figures stay."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from beratung.models import DeskContact, DeskContactPerson, DeskNeed, DeskReferral, ReferralStatus
from beratung.tasks_desk import apply_desk_retention
from familyportal.audit.models import AuditEvent
from tests.factories import (
    DeskContactFactory,
    DeskContactPersonFactory,
    DeskNeedFactory,
    DeskReferralFactory,
)


def _contact_with_person(days_ago: int) -> DeskContact:
    contact = DeskContactFactory(contact_date=timezone.localdate() - dt.timedelta(days=days_ago))
    DeskContactPersonFactory(contact=contact)
    return contact


def test_expired_details_are_erased_and_the_record_stays(settings, topic) -> None:
    settings.DESK_RETENTION_DAYS = 180
    today = timezone.localdate()
    expired = _contact_with_person(200)
    DeskNeedFactory(contact=expired, topic=topic)
    fresh = _contact_with_person(100)
    # An open referral keeps the details, however old the contact.
    open_one = _contact_with_person(400)
    DeskReferralFactory(contact=open_one, referred_on=open_one.contact_date)
    # Closed recently: kept until 180 days after closing.
    closed_recently = _contact_with_person(400)
    DeskReferralFactory(
        contact=closed_recently,
        referred_on=closed_recently.contact_date,
        status=ReferralStatus.COMPLETED,
        status_changed_on=today - dt.timedelta(days=30),
    )
    closed_long_ago = _contact_with_person(400)
    DeskReferralFactory(
        contact=closed_long_ago,
        referred_on=closed_long_ago.contact_date,
        status=ReferralStatus.FAILED,
        status_changed_on=today - dt.timedelta(days=300),
    )

    assert apply_desk_retention.delay().get() == 2
    kept = set(DeskContactPerson.objects.values_list("contact_id", flat=True))
    assert kept == {fresh.pk, open_one.pk, closed_recently.pk}
    expired.refresh_from_db()
    assert expired.person_erased_at is not None
    # The anonymous record is whole: needs and referrals stay for the statistics.
    assert DeskNeed.objects.filter(contact=expired).count() == 1
    assert DeskReferral.objects.filter(contact=closed_long_ago).count() == 1
    erased = set(
        AuditEvent.objects.filter(action="beratung.desk.person.erased").values_list(
            "target_id", flat=True
        )
    )
    assert erased == {str(expired.pk), str(closed_long_ago.pk)}
    # Running again erases nothing more.
    assert apply_desk_retention.delay().get() == 0


def test_withdrawn_consent_erases_the_details_at_once(desk_client, staff) -> None:
    person = DeskContactPersonFactory(name="Familie Widerruf")
    DeskReferralFactory(contact=person.contact)  # an open referral does not stop it
    url = reverse("beratung:desk-person-erase", args=[person.contact.pk])
    response = desk_client.post(url)
    assert response.status_code == 302
    assert not DeskContactPerson.objects.exists()
    contact = DeskContact.objects.get()
    assert contact.person_erased_at is not None
    assert contact.referrals.count() == 1
    event = AuditEvent.objects.get(action="beratung.desk.person.erased")
    assert (event.actor, event.data) == (staff, {"reason": "withdrawn"})
    # Again: nothing left to erase, no second entry.
    desk_client.post(url)
    assert AuditEvent.objects.filter(action="beratung.desk.person.erased").count() == 1
    assert desk_client.get(url).status_code == 405
