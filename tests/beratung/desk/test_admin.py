"""Referrals and contacts in the admin: Familienbüro only, constant queries, transitions kept,
person data only on the contact's page and audited."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beratung.models import ReferralStatus
from familyportal.audit.models import AuditEvent
from tests.factories import DeskContactPersonFactory, DeskReferralFactory

REFERRALS = reverse("admin:beratung_deskreferral_changelist")
CONTACTS = reverse("admin:beratung_deskcontact_changelist")


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_changelists_need_constant_queries(desk_client) -> None:
    for _ in range(2):
        DeskContactPersonFactory(contact=DeskReferralFactory().contact)
    _queries(desk_client, REFERRALS)
    few = (_queries(desk_client, REFERRALS), _queries(desk_client, CONTACTS))
    for _ in range(10):
        DeskContactPersonFactory(contact=DeskReferralFactory().contact)
    assert (_queries(desk_client, REFERRALS), _queries(desk_client, CONTACTS)) == few


def test_the_follow_up_filter_and_no_names_in_lists(desk_client) -> None:
    from django.utils import timezone

    due = DeskReferralFactory(follow_up_on=timezone.localdate(), purpose="Fällig")
    DeskReferralFactory(purpose="Später")
    DeskContactPersonFactory(contact=due.contact, name="Familie Unsichtbar")
    response = desk_client.get(REFERRALS, {"wiedervorlage": "faellig"})
    html = response.content.decode()
    assert "Fällig" in html and "Später" not in html
    assert "Unsichtbar" not in html
    assert "Unsichtbar" not in desk_client.get(CONTACTS).content.decode()


def test_status_changes_in_the_admin_follow_the_transitions(desk_client) -> None:
    referral = DeskReferralFactory()
    url = reverse("admin:beratung_deskreferral_change", args=[referral.pk])
    form = desk_client.get(url).context["adminform"].form
    assert [v for v, _l in form.fields["status"].choices] == [
        "vermittelt",
        "angekommen",
        "nicht_zustande",
    ]
    refused = desk_client.post(url, {"status": "abgeschlossen", "follow_up_on": ""})
    assert refused.status_code == 200  # not an allowed choice
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    saved = desk_client.post(url, {"status": "angekommen", "follow_up_on": ""})
    assert saved.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ARRIVED
    assert AuditEvent.objects.filter(action="beratung.desk.referral.updated").exists()


def test_person_data_on_the_contact_page_is_audited(desk_client, staff) -> None:
    person = DeskContactPersonFactory(name="Familie Admin")
    url = reverse("admin:beratung_deskcontact_change", args=[person.contact.pk])
    response = desk_client.get(url)
    assert "Familie Admin" in response.content.decode()
    event = AuditEvent.objects.get(action="beratung.desk.person.viewed")
    assert (event.actor, event.data) == (staff, {"via": "admin"})


def test_a_superuser_without_the_role_sees_no_desk_record(admin_client) -> None:
    DeskReferralFactory()
    assert admin_client.get(REFERRALS).status_code == 403
    assert admin_client.get(CONTACTS).status_code == 403
