"""Intake at the desk: anonymous by default, a name only with recorded consent, once per form."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from beratung.models import (
    DeskContact,
    DeskContactPerson,
    DeskContactSituation,
    DeskNeed,
    NeedOutcome,
)
from beratung.services.desk import PersonDetails, desk_contact_record
from beratung.services.desk_errors import DeskError
from familyportal.audit.models import AuditEvent
from tests.factories import DeskContactFactory, UserFactory

URL = reverse("beratung:desk-contact-create")


def _form(topic, **extra):
    data = {
        "token": str(uuid.uuid4()),
        "contact_date": timezone.localdate().isoformat(),
        "channel": "phone",
        "topics": [str(topic.pk)],
        "situations": ["single_parent", "new_in_town"],
        f"need_{topic.pk}": NeedOutcome.UNMET,
    }
    data.update(extra)
    return data


def test_a_contact_is_recorded_anonymously_by_default(
    desk_client, topic, other_topic, district
) -> None:
    data = _form(topic, district=str(district.pk), **{f"need_{other_topic.pk}": "referred"})
    response = desk_client.post(URL, data)

    contact = DeskContact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("beratung:desk-contact-detail", args=[contact.pk])
    assert (contact.channel, contact.district, contact.contact_date) == (
        "phone",
        district,
        timezone.localdate(),
    )
    # The topic of a need is a topic of the contact even when not ticked.
    assert set(contact.topics.all()) == {topic, other_topic}
    assert dict(DeskNeed.objects.values_list("topic__code", "outcome")) == {
        topic.code: "unmet",
        other_topic.code: "referred",
    }
    assert set(DeskContactSituation.objects.values_list("situation", flat=True)) == {
        "single_parent",
        "new_in_town",
    }
    assert not DeskContactPerson.objects.exists()
    event = AuditEvent.objects.get(action="beratung.desk.contact.recorded")
    assert event.data["with_person"] is False


def test_the_form_shows_every_topic_and_preselects_topics_from_the_search(
    desk_client, topic, other_topic
) -> None:
    response = desk_client.get(URL, {"topic": [topic.code, "unknown-code"]})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["topics"].value() == [topic.pk]
    html = response.content.decode()
    assert f'name="need_{other_topic.pk}"' in html
    assert f'value="{topic.pk}" ' in html or f'value="{topic.pk}"' in html


def test_name_without_consent_is_refused_with_a_clear_message(desk_client, topic) -> None:
    with translation.override("en"):
        response = desk_client.post(
            URL, _form(topic, person_name="Familie Nowak", person_phone="0171 55555")
        )
    assert response.status_code == 200
    assert "dürfen nur mit Einwilligung der Familie erfasst" in response.content.decode()
    assert not DeskContact.objects.exists()
    assert not DeskContactPerson.objects.exists()


def test_consent_without_a_name_asks_for_the_name(desk_client, topic) -> None:
    response = desk_client.post(URL, _form(topic, consent="on"))
    assert response.status_code == 200
    assert "person_name" in response.context["form"].errors
    assert not DeskContact.objects.exists()


def test_with_consent_the_person_is_recorded_with_who_and_when(desk_client, staff, topic) -> None:
    response = desk_client.post(
        URL,
        _form(
            topic,
            person_name="Familie Nowak",
            person_email="nowak@example.org",
            consent="on",
        ),
    )
    assert response.status_code == 302
    person = DeskContactPerson.objects.get()
    assert (person.name, person.email, person.phone) == ("Familie Nowak", "nowak@example.org", "")
    assert person.consent_recorded_by == staff
    assert person.consent_text
    assert abs((timezone.now() - person.consent_given_at).total_seconds()) < 60
    event = AuditEvent.objects.get(action="beratung.desk.person.recorded")
    assert event.data == {"fields": ["name", "email"]}
    # The audit log never holds the name itself.
    assert "Nowak" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_a_double_submit_records_one_contact(desk_client, topic) -> None:
    data = _form(topic)
    first = desk_client.post(URL, data)
    second = desk_client.post(URL, data)
    assert DeskContact.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_date_in_the_future_is_refused(desk_client, topic) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = desk_client.post(URL, _form(topic, contact_date=tomorrow.isoformat()))
    assert response.status_code == 200
    assert "contact_date" in response.context["form"].errors
    assert not DeskContact.objects.exists()


def test_the_service_refuses_details_without_consent_too(staff, topic) -> None:
    with pytest.raises(DeskError):
        desk_contact_record(
            actor=staff,
            contact_date=timezone.localdate(),
            channel="email",
            district=None,
            topics=[topic],
            situations=[],
            needs={},
            person=PersonDetails(name="Familie Nowak", consent_text="ok"),
            consent=False,
        )
    assert not DeskContact.objects.exists()


def test_only_desk_staff_may_record(db, topic) -> None:
    superuser = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(DeskError):
        desk_contact_record(
            actor=superuser,
            contact_date=timezone.localdate(),
            channel="email",
            district=None,
            topics=[topic],
            situations=[],
            needs={},
        )


def test_the_database_refuses_a_person_without_consent_text(db) -> None:
    contact = DeskContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskContactPerson.objects.create(
            contact=contact, name="X", consent_given_at=timezone.now(), consent_text=""
        )


def test_the_database_refuses_a_person_without_consent_time(db) -> None:
    contact = DeskContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskContactPerson.objects.create(
            contact=contact, name="X", consent_given_at=None, consent_text="ok"
        )
