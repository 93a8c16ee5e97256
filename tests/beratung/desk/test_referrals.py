"""Referrals: only with consent (form and database), allowed transitions, stale forms."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from beratung.models import DeskReferral, ReferralStatus
from beratung.services.desk import desk_referral_record, desk_referral_update
from beratung.services.desk_errors import DeskError, StaleReferral
from familyportal.audit.models import AuditEvent
from tests.factories import (
    DeskContactFactory,
    DeskReferralFactory,
    DirectoryOrganisationFactory,
    DirectoryServiceFactory,
)


def _create_url(contact) -> str:
    return reverse("beratung:desk-referral-create", args=[contact.pk])


def _data(**extra):
    today = timezone.localdate()
    data = {
        "token": str(uuid.uuid4()),
        "purpose": "Antrag auf Elterngeld",
        "referred_on": today.isoformat(),
        "follow_up_on": (today + dt.timedelta(days=14)).isoformat(),
        "consent": "on",
    }
    data.update(extra)
    return data


def test_a_referral_to_a_service_is_recorded_with_consent(desk_client, staff, topic) -> None:
    contact = DeskContactFactory()
    contact.topics.add(topic)
    service = DirectoryServiceFactory(name="Elterngeldstelle", topics=[topic])
    response = desk_client.post(_create_url(contact), _data(service=str(service.pk)))
    assert response.status_code == 302
    referral = DeskReferral.objects.get()
    assert (referral.service, referral.organisation, referral.topic) == (
        service,
        service.organisation,
        topic,
    )
    assert referral.status == ReferralStatus.REFERRED
    assert referral.created_by == staff
    assert referral.consent_given_at is not None
    assert AuditEvent.objects.filter(action="beratung.desk.referral.recorded").count() == 1


def test_the_form_proposes_a_follow_up_in_14_days_and_lists_services_on_the_topics(
    desk_client, topic
) -> None:
    contact = DeskContactFactory()
    contact.topics.add(topic)
    fitting = DirectoryServiceFactory(name="Passt gut", topics=[topic])
    other = DirectoryServiceFactory(name="Ganz anders")
    response = desk_client.get(_create_url(contact))
    form = response.context["form"]
    follow_up = form["follow_up_on"].value()
    assert follow_up == timezone.localdate() + dt.timedelta(days=14)
    values = {value for value, _label in form.fields["service"].choices}
    assert str(fitting.pk) in values and str(other.pk) not in values
    # The search field (a plain GET form) narrows the list by name.
    searched = desk_client.get(_create_url(contact), {"q": "anders"}).context["form"]
    assert {v for v, _l in searched.fields["service"].choices} == {"", str(other.pk)}


def test_without_consent_nothing_is_recorded(desk_client) -> None:
    contact = DeskContactFactory()
    service = DirectoryServiceFactory()
    data = _data(service=str(service.pk))
    del data["consent"]
    with translation.override("en"):
        response = desk_client.post(_create_url(contact), data)
    assert response.status_code == 200
    assert "nur mit ihrer Einwilligung weitervermittelt" in response.content.decode()
    assert not DeskReferral.objects.exists()


def test_the_service_refuses_without_consent(staff) -> None:
    with pytest.raises(DeskError):
        desk_referral_record(
            contact=DeskContactFactory(),
            actor=staff,
            service=DirectoryServiceFactory(),
            organisation=None,
            purpose="x",
            referred_on=timezone.localdate(),
            follow_up_on=None,
            consent=False,
        )
    assert not DeskReferral.objects.exists()


def test_the_database_refuses_a_referral_without_consent(db) -> None:
    service = DirectoryServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskReferral.objects.create(
            contact=DeskContactFactory(), service=service, purpose="x", consent_given_at=None
        )


def test_the_database_refuses_a_referral_without_destination(db) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskReferral.objects.create(
            contact=DeskContactFactory(), purpose="x", consent_given_at=timezone.now()
        )


def test_to_an_organisation_alone(desk_client) -> None:
    contact = DeskContactFactory()
    organisation = DirectoryOrganisationFactory(name="Caritas")
    response = desk_client.post(_create_url(contact), _data(organisation=str(organisation.pk)))
    assert response.status_code == 302
    referral = DeskReferral.objects.get()
    assert (referral.service, referral.organisation) == (None, organisation)


def test_neither_service_nor_organisation_is_refused(desk_client) -> None:
    response = desk_client.post(_create_url(DeskContactFactory()), _data())
    assert response.status_code == 200
    assert "service" in response.context["form"].errors
    assert not DeskReferral.objects.exists()


def test_an_unknown_service_id_is_a_form_error(desk_client) -> None:
    response = desk_client.post(_create_url(DeskContactFactory()), _data(service=str(uuid.uuid4())))
    assert response.status_code == 200
    assert "service" in response.context["form"].errors


def test_a_double_submit_records_one_referral(desk_client) -> None:
    contact = DeskContactFactory()
    data = _data(service=str(DirectoryServiceFactory().pk))
    desk_client.post(_create_url(contact), data)
    desk_client.post(_create_url(contact), data)
    assert DeskReferral.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (ReferralStatus.REFERRED, ReferralStatus.ARRIVED, True),
        (ReferralStatus.ARRIVED, ReferralStatus.COMPLETED, True),
        (ReferralStatus.REFERRED, ReferralStatus.FAILED, True),
        (ReferralStatus.ARRIVED, ReferralStatus.FAILED, True),
        (ReferralStatus.REFERRED, ReferralStatus.COMPLETED, False),
        (ReferralStatus.ARRIVED, ReferralStatus.REFERRED, False),
        (ReferralStatus.COMPLETED, ReferralStatus.ARRIVED, False),
        (ReferralStatus.FAILED, ReferralStatus.REFERRED, False),
        (ReferralStatus.COMPLETED, ReferralStatus.FAILED, False),
    ],
)
def test_transitions(staff, start, target, allowed) -> None:
    referral = DeskReferralFactory(status=start)
    if allowed:
        desk_referral_update(
            referral=referral, actor=staff, status=target, follow_up_on=referral.follow_up_on
        )
        referral.refresh_from_db()
        assert referral.status == target
        assert referral.status_changed_on == timezone.localdate()
    else:
        with pytest.raises(DeskError):
            desk_referral_update(
                referral=referral, actor=staff, status=target, follow_up_on=referral.follow_up_on
            )
        referral.refresh_from_db()
        assert referral.status == start


def test_closing_a_referral_clears_its_follow_up(staff) -> None:
    referral = DeskReferralFactory(status=ReferralStatus.ARRIVED)
    desk_referral_update(
        referral=referral,
        actor=staff,
        status=ReferralStatus.COMPLETED,
        follow_up_on=referral.follow_up_on,
    )
    referral.refresh_from_db()
    assert referral.follow_up_on is None


def _update_url(referral) -> str:
    return reverse("beratung:desk-referral-update", args=[referral.pk])


def test_the_status_page_offers_only_allowed_statuses_and_saves(desk_client) -> None:
    referral = DeskReferralFactory()
    response = desk_client.get(_update_url(referral))
    form = response.context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "vermittelt",
        "angekommen",
        "nicht_zustande",
    ]
    data = {**form.initial, "status": "angekommen", "follow_up_on": ""}
    response = desk_client.post(_update_url(referral), data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.follow_up_on) == ("angekommen", None)
    event = AuditEvent.objects.get(action="beratung.desk.referral.updated")
    assert event.data["status"] == "angekommen"


def test_an_invalid_transition_posted_is_refused_with_a_message(desk_client) -> None:
    referral = DeskReferralFactory()
    data = {
        "status": "abgeschlossen",
        "follow_up_on": "",
        "version": referral.updated_at.isoformat(),
    }
    response = desk_client.post(_update_url(referral), data)
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    referral.refresh_from_db()
    assert referral.status == "vermittelt"


def test_a_stale_form_does_not_overwrite_a_colleagues_change(desk_client, colleague) -> None:
    referral = DeskReferralFactory()
    opened = desk_client.get(_update_url(referral)).context["form"].initial
    # A colleague records meanwhile that the family did not go.
    desk_referral_update(
        referral=referral, actor=colleague, status="nicht_zustande", follow_up_on=None
    )
    with translation.override("en"):
        response = desk_client.post(
            _update_url(referral), {**opened, "status": "angekommen", "follow_up_on": ""}
        )
    assert response.status_code == 409
    assert "Jemand anderes hat diese Vermittlung geändert" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "nicht_zustande"
    # The form now shows the current state.
    assert response.context["form"].initial["status"] == "nicht_zustande"


def test_the_service_detects_a_stale_version(staff) -> None:
    referral = DeskReferralFactory()
    with pytest.raises(StaleReferral):
        desk_referral_update(
            referral=referral,
            actor=staff,
            status="angekommen",
            follow_up_on=None,
            seen_updated_at=referral.updated_at - dt.timedelta(seconds=5),
        )
