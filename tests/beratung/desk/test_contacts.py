"""The contact list (no names, filters, constant queries) and the detail page (audited reads)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from beratung.models import ReferralStatus
from familyportal.audit.models import AuditEvent
from tests.factories import (
    DeskContactFactory,
    DeskContactPersonFactory,
    DeskNeedFactory,
    DeskReferralFactory,
)

LIST = reverse("beratung:desk-contact-list")


def _contacts(n, topic, district):
    for index in range(n):
        contact = DeskContactFactory(district=district)
        contact.topics.add(topic)
        DeskNeedFactory(contact=contact, topic=topic)
        DeskContactPersonFactory(contact=contact, name=f"Geheimname{index}")
        DeskReferralFactory(contact=contact)


def test_the_list_shows_no_names_and_reads_no_person(desk_client, topic, district) -> None:
    _contacts(3, topic, district)
    response = desk_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geheimname" not in html
    assert topic.name in html and district.name in html
    assert len(response.context["contacts"]) == 3
    assert not AuditEvent.objects.filter(action="beratung.desk.person.viewed").exists()


def test_the_list_needs_the_same_queries_for_3_and_30_contacts(
    desk_client, topic, district, django_assert_num_queries
) -> None:
    _contacts(3, topic, district)
    desk_client.get(LIST)  # warm caches (session, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        desk_client.get(LIST)
    _contacts(27, topic, district)
    with django_assert_num_queries(len(few)):
        response = desk_client.get(LIST)
    assert len(response.context["contacts"]) == 30


def test_filters_by_date_topic_district_and_open_referrals(
    desk_client, topic, other_topic, district
) -> None:
    today = timezone.localdate()
    old = DeskContactFactory(contact_date=today - dt.timedelta(days=40))
    old.topics.add(topic)
    recent = DeskContactFactory(district=district)
    recent.topics.add(other_topic)
    DeskReferralFactory(contact=recent)
    closed = DeskContactFactory()
    DeskReferralFactory(contact=closed, status=ReferralStatus.COMPLETED)

    def shown(**params):
        return {c.pk for c in desk_client.get(LIST, params).context["contacts"]}

    assert shown(date_to=(today - dt.timedelta(days=30)).isoformat()) == {old.pk}
    assert shown(date_from=(today - dt.timedelta(days=1)).isoformat()) == {recent.pk, closed.pk}
    assert shown(topic=str(topic.pk)) == {old.pk}
    assert shown(district=str(district.pk)) == {recent.pk}
    assert shown(open_referral="true") == {recent.pk}
    assert shown(open_referral="false") == {old.pk, closed.pk}


def test_the_detail_page_shows_the_person_and_audits_the_read(desk_client, staff, topic) -> None:
    person = DeskContactPersonFactory(name="Familie Sommer")
    DeskNeedFactory(contact=person.contact, topic=topic, outcome="unmet")
    referral = DeskReferralFactory(contact=person.contact)
    response = desk_client.get(reverse("beratung:desk-contact-detail", args=[person.contact.pk]))
    html = response.content.decode()
    assert "Familie Sommer" in html
    assert topic.name in html
    assert referral.service.name in html
    event = AuditEvent.objects.get(action="beratung.desk.person.viewed")
    assert (event.actor, event.target_id) == (staff, str(person.contact.pk))


def test_an_anonymous_contact_is_read_without_an_audit_entry(desk_client) -> None:
    contact = DeskContactFactory()
    response = desk_client.get(reverse("beratung:desk-contact-detail", args=[contact.pk]))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="beratung.desk.person.viewed").exists()


def test_a_superuser_without_the_role_sees_no_contact(db, admin_client) -> None:
    contact = DeskContactPersonFactory().contact
    assert admin_client.get(LIST).status_code == 403
    detail = reverse("beratung:desk-contact-detail", args=[contact.pk])
    assert admin_client.get(detail).status_code == 403
