"""The outbox in the admin: pending and failed notices with their error, and "send again"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from familyportal.accounts.roles import Role
from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.services import MAX_ATTEMPTS

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notices_notice_changelist"


def make_notices(count: int, status: str, **fields: Any) -> list[Notice]:
    start = Notice.objects.count()
    return Notice.objects.bulk_create(
        Notice(
            idempotency_key=f"test:{status}:{start + i}",
            template="application_received",
            recipient=f"eltern{start + i}@example.org",
            language="de",
            context={"child_name": "Mia Geheim", "kitas": ["Kita Sonnenschein"]},
            status=status,
            **fields,
        )
        for i in range(count)
    )


@pytest.fixture
def admin_client(client_as: Any, settings: Any) -> Client:
    client = client_as(Role.ADMINISTRATION)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English
    return client


def test_failed_notices_are_listed_with_error_and_attempts_but_no_content(
    admin_client: Client,
) -> None:
    make_notices(2, NoticeStatus.SENT)
    make_notices(1, NoticeStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPException: refused")
    make_notices(1, NoticeStatus.PENDING)
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "failed"})
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert [n.status for n in rows] == [NoticeStatus.FAILED]
    page = response.content.decode()
    assert "SMTPException: refused" in page
    assert f'<td class="field-attempts">{MAX_ATTEMPTS}</td>' in page
    assert "Mia Geheim" not in page  # the content stays on the detail page


@pytest.mark.parametrize("status", ["pending", "failed", "sent"])
def test_the_status_filter(admin_client: Client, status: str) -> None:
    for value in ("pending", "failed", "sent"):
        make_notices(2, value)
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": status})
    assert {n.status for n in response.context["cl"].result_list} == {status}


def test_the_list_costs_the_same_queries_for_3_or_60_notices(
    admin_client: Client, django_assert_num_queries: Any
) -> None:
    admin_client.get(reverse(CHANGELIST))  # warm the session and permission caches
    make_notices(3, NoticeStatus.FAILED, last_error="x")
    with CaptureQueriesContext(connection) as small:
        admin_client.get(reverse(CHANGELIST))
    assert len(small.captured_queries) <= 12  # session, user, permissions, count, page
    make_notices(57, NoticeStatus.FAILED, last_error="x")
    with django_assert_num_queries(len(small.captured_queries)):
        response = admin_client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 60


def test_send_again_requeues_failed_notices_through_the_outbox(
    admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    (failed,) = make_notices(
        1, NoticeStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPException: refused"
    )
    (sent,) = make_notices(1, NoticeStatus.SENT, attempts=1)
    mail.outbox.clear()
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    failed.refresh_from_db()
    sent.refresh_from_db()
    # Eager in tests: queued and delivered at once; the sent one is not sent a second time.
    assert (failed.status, failed.attempts, failed.last_error) == (NoticeStatus.SENT, 1, "")
    assert (sent.status, sent.attempts) == (NoticeStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [[failed.recipient]]
    assert "1 notice queued again." in response.content.decode()


def test_send_again_with_the_broker_down_keeps_the_notice_pending(
    admin_client: Client, broker_down: None
) -> None:
    (failed,) = make_notices(1, NoticeStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="x")
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "retry", "_selected_action": [failed.pk]}, follow=True
    )
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NoticeStatus.PENDING, 0)  # the sweeper sends it
    assert "0 notices queued again." in response.content.decode()


@pytest.mark.parametrize("role", [Role.PLATZVERGABE, Role.FAMILIENBUERO, Role.STATISTIK])
def test_other_staff_cannot_list_or_open_notices(client_as: Any, role: Role) -> None:
    (notice,) = make_notices(1, NoticeStatus.FAILED)
    client = client_as(role)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:notices_notice_change", args=[notice.pk])).status_code == 403
