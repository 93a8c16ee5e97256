"""The "Wiedervorlagen" page and the daily reminder: once per referral and follow-up date."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from beratung.models import ReferralStatus
from beratung.services.desk_follow_ups import follow_ups_remind
from beratung.tasks_desk import remind_follow_ups
from familyportal.notices.models import Notice
from tests.factories import DeskContactPersonFactory, DeskReferralFactory

URL = reverse("beratung:desk-follow-ups")


def _due(user, days_ago=1, **kwargs):
    today = timezone.localdate()
    return DeskReferralFactory(
        created_by=user,
        referred_on=today - dt.timedelta(days=20),
        follow_up_on=today - dt.timedelta(days=days_ago),
        **kwargs,
    )


def test_the_page_lists_ones_own_due_follow_ups_and_everyones_on_request(
    desk_client, staff, colleague
) -> None:
    mine = _due(staff)
    theirs = _due(colleague)
    _due(staff, days_ago=-3)  # not due yet
    _due(staff, status=ReferralStatus.COMPLETED)  # closed

    own = desk_client.get(URL).context["referrals"]
    assert [r.pk for r in own] == [mine.pk]
    everyone = desk_client.get(URL, {"wer": "alle"}).context["referrals"]
    assert {r.pk for r in everyone} == {mine.pk, theirs.pk}
    other = desk_client.get(URL, {"wer": str(colleague.pk)}).context["referrals"]
    assert [r.pk for r in other] == [theirs.pk]


def test_the_page_needs_the_same_queries_for_2_and_20_referrals(
    desk_client, staff, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        _due(staff)
    desk_client.get(URL, {"wer": "alle"})
    with CaptureQueriesContext(connection) as few:
        desk_client.get(URL, {"wer": "alle"})
    for _ in range(18):
        _due(staff)
    with django_assert_num_queries(len(few)):
        response = desk_client.get(URL, {"wer": "alle"})
    assert len(response.context["referrals"]) == 20


def test_each_staff_member_is_reminded_once_per_due_date(
    staff, colleague, django_capture_on_commit_callbacks
) -> None:
    mine = [_due(staff), _due(staff, days_ago=0)]
    theirs = _due(colleague)
    _due(staff, days_ago=-10)  # not due yet
    _due(staff, status=ReferralStatus.FAILED)

    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        assert remind_follow_ups.delay().get() == 3
    notices = Notice.objects.filter(template="desk_follow_up")
    assert sorted(n.recipient for n in notices) == sorted([staff.email, colleague.email])
    assert len(mail.outbox) == 2
    to_me = next(m for m in mail.outbox if m.to == [staff.email])
    assert mine[0].service.name in to_me.body and mine[1].service.name in to_me.body
    assert theirs.service.name not in to_me.body

    # The next run (and the next day's) finds nothing left.
    assert follow_ups_remind() == 0
    assert follow_ups_remind(today=timezone.localdate() + dt.timedelta(days=1)) == 0
    assert Notice.objects.filter(template="desk_follow_up").count() == 2

    # Moving the follow-up date asks for a new reminder on the new date.
    moved = mine[0]
    moved.follow_up_on = timezone.localdate() + dt.timedelta(days=3)
    moved.save()
    assert follow_ups_remind() == 0
    assert follow_ups_remind(today=timezone.localdate() + dt.timedelta(days=3)) == 1


def test_the_reminder_names_no_family(staff, django_capture_on_commit_callbacks) -> None:
    referral = _due(staff)
    DeskContactPersonFactory(contact=referral.contact, name="Familie Geheim")
    with django_capture_on_commit_callbacks(execute=True):
        follow_ups_remind()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Geheim" not in message.body
    assert "Geheim" not in str(Notice.objects.get().context)
    assert reverse("beratung:desk-contact-detail", args=[referral.contact_id]) in message.body
