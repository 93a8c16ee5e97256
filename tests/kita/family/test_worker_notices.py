"""The receipt of a pre-registration, delivered by the real Celery worker (CI runs one)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from email.message import EmailMessage

import pytest

from familyportal.accounts.models import User
from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.tasks import deliver_notice
from kita.models import Child
from tests.kita.family.conftest import NEXT_START
from tests.test_celery_worker import live_worker  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_receipt_is_sent_once_by_the_worker_in_german(
    live_worker: None,  # noqa: F811
    delivered_mail: Callable[[], list[EmailMessage]],
    submit,  # type: ignore[no-untyped-def]
    parent: User,
    child: Child,
) -> None:
    # The mail folder outlives test databases (and their reused ids): a name of this run's own.
    child.first_name = f"Mia{uuid.uuid4().hex[:8]}"
    child.save()
    application = submit()  # commits: the outbox hands the notice to the broker
    notice = Notice.objects.get(template="application_received")
    assert notice.idempotency_key == f"kita.application.received:{application.pk}:{parent.pk}"
    assert notice.language == "de"

    # Waits for delivery; the first task (queued on commit) and this one send one mail.
    deliver_notice.delay(notice.pk).get(timeout=60)

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    mails = [m for m in delivered_mail() if child.first_name in m["Subject"]]
    assert len(mails) == 1
    mail = mails[0]
    assert mail["X-Familienportal-Notice"] == notice.idempotency_key
    assert mail["To"] == parent.email == "eltern@example.org"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"{NEXT_START.day}. August {NEXT_START.year}" in text  # German date format
    assert "1. Kita Sonnenschein" in text and "2. Kita Regenbogen" in text
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "<li>Kita Sonnenschein</li>" in html
