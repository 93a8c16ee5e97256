"""Care permits ending within three months: one reminder per permit and recipient."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.schedules import crontab
from django.core import mail
from django.utils import timezone

from familyportal import celery_app
from familyportal.accounts.roles import Role
from familyportal.notices.models import Notice
from tagespflege import dates
from tagespflege.models import CarePermit
from tagespflege.tasks import remind_expiring_permits
from tests.factories import CarePermitFactory, ChildminderFactory, UserFactory

# Notices go out when the reminder's transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()


def ending_in(days: int) -> dict[str, dt.date]:
    until = TODAY + dt.timedelta(days=days)
    return {"permit__issued_on": until - dt.timedelta(days=4 * 365), "permit__valid_until": until}


@pytest.fixture
def people() -> dict[str, object]:
    german = UserFactory(email="fb-de@example.org", language="de", roles=[Role.FACHBERATUNG.value])
    english = UserFactory(email="fb-en@example.org", language="en", roles=[Role.FACHBERATUNG.value])
    UserFactory(email="fb-weg@example.org", is_active=False, roles=[Role.FACHBERATUNG.value])
    owner = UserFactory(email="anja@example.org", language="en", roles=["Tagespflegeperson"])
    return {"german": german, "english": english, "owner": owner}


def test_reminds_the_fachberatung_and_the_provider_once_in_their_language(people) -> None:  # type: ignore[no-untyped-def]
    ChildminderFactory(display_name="Tagespflege Bald", accounts=[people["owner"]], **ending_in(60))
    ChildminderFactory(display_name="Noch lange", **ending_in(120))
    ChildminderFactory(display_name="Schon vorbei", **ending_in(-3))

    assert remind_expiring_permits.delay().get() == 1
    assert remind_expiring_permits.delay().get() == 0

    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == ["anja@example.org", "fb-de@example.org", "fb-en@example.org"]
    until = TODAY + dt.timedelta(days=60)
    # Each in the recipient's language: the date at least is written the German or English way.
    assert f"{until:%d.%m.%Y}" in sent["fb-de@example.org"].subject
    assert f"{until:%m/%d/%Y}" in sent["fb-en@example.org"].subject
    assert sent["fb-en@example.org"].subject.startswith("Care permit of")
    assert "Tagespflege Bald" in sent["anja@example.org"].body
    # The advisers are asked to check, the provider to apply for a new permit.
    assert "check with the childminder" in sent["fb-en@example.org"].body
    assert "apply to the Fachberatung" in sent["anja@example.org"].body
    assert CarePermit.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_the_notice_key_alone_keeps_reminders_single(people) -> None:  # type: ignore[no-untyped-def]
    """Even if the mark on the permit were lost, nobody gets a second reminder."""
    ChildminderFactory(accounts=[people["owner"]], **ending_in(10))
    remind_expiring_permits.delay().get()
    CarePermit.objects.update(reminder_sent_at=None)

    remind_expiring_permits.delay().get()

    assert len(mail.outbox) == 3
    assert Notice.objects.filter(template="tagespflege_permit_expiring").count() == 3


def test_a_renewed_permit_is_not_reminded_of(people) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory(**ending_in(30))
    CarePermitFactory(
        person=provider.persons.get(),
        issued_on=TODAY,
        valid_until=dates.add_years(TODAY, 5),
    )
    assert remind_expiring_permits.delay().get() == 0
    assert mail.outbox == []


def test_without_accounts_the_provider_is_reminded_at_its_address(people) -> None:  # type: ignore[no-untyped-def]
    ChildminderFactory(email="kontakt@tagespflege.example", **ending_in(80))
    remind_expiring_permits.delay().get()
    assert "kontakt@tagespflege.example" in {m.to[0] for m in mail.outbox}


def test_celery_beat_runs_the_reminder_daily() -> None:
    [entry] = [
        entry
        for entry in celery_app.conf.beat_schedule.values()
        if entry["task"] == "tagespflege.remind_expiring_permits"
    ]
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].day_of_week == set(range(7))
    assert len(entry["schedule"].hour) == 1
