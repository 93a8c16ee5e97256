"""The transactional outbox: a notice exists exactly when its cause was saved, and is sent once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from familyportal import celery_app
from familyportal.accounts.roles import Role
from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.services import (
    MAX_ATTEMPTS,
    notice_deliver,
    notice_queue,
    notices_pending_enqueue,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def greeting_template(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """A notice template of the tests' own, in German and English via {% translate %}."""
    folder = tmp_path / "notices" / "emails"
    folder.mkdir(parents=True)
    (folder / "greeting_subject.txt").write_text(
        "{% load i18n %}{% translate 'Imprint' %} {{ name }}\n"
    )
    (folder / "greeting_body.txt").write_text("Hallo {{ name }}, {{ municipality_name }}")
    (folder / "greeting_body.html").write_text("<p>Hallo {{ name }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


def queue(key: str = "test:1", language: str = "de") -> Notice:
    return notice_queue(
        key=key,
        template="greeting",
        recipient="eltern@example.org",
        language=language,
        context={"name": "Familie Yılmaz"},
    )


def test_a_notice_is_sent_when_its_transaction_commits() -> None:
    with transaction.atomic():
        notice = queue()
        assert mail.outbox == []
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Impressum Familie Yılmaz"]
    message = mail.outbox[0]
    assert message.to == ["eltern@example.org"]
    assert "Musterstadt" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_a_rolled_back_change_leaves_no_notice() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change failed")
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_the_same_cause_twice_sends_once() -> None:
    first = queue()
    second = queue()
    assert first.pk == second.pk
    assert len(mail.outbox) == 1
    # Delivering a sent notice again (a redelivered task) sends nothing.
    assert notice_deliver(notice_id=first.pk) is False
    assert len(mail.outbox) == 1


def test_the_notice_is_written_in_the_recipients_language() -> None:
    queue(language="en")
    assert mail.outbox[0].subject == "Imprint Familie Yılmaz"


def test_a_broker_outage_delays_the_notice_and_loses_nothing(broker_down: None) -> None:
    notice = queue()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PENDING
    assert mail.outbox == []
    # The broker is back: the sweeper (Celery beat, every minute) sends what waited.
    celery_app.conf.task_always_eager = True
    assert notices_pending_enqueue(older_than_seconds=0) == 1
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    assert len(mail.outbox) == 1


def test_a_failing_notice_records_the_error_and_gives_up_after_the_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "tests.notices.failing_backend.RefusingBackend"
    notice = queue()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (NoticeStatus.PENDING, 1)
    assert "SMTP server refused" in notice.last_error
    for _ in range(MAX_ATTEMPTS - 1):
        notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (NoticeStatus.FAILED, MAX_ATTEMPTS)


def test_admin_can_send_failed_notices_again(client_as, settings) -> None:  # type: ignore[no-untyped-def]
    notice = queue()
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.FAILED, attempts=MAX_ATTEMPTS)
    mail.outbox.clear()
    admin: Client = client_as(Role.ADMINISTRATION)
    response = admin.post(
        reverse("admin:notices_notice_changelist"),
        {"action": "retry", "_selected_action": [notice.pk]},
        follow=True,
    )
    assert response.status_code == 200
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    assert len(mail.outbox) == 1
