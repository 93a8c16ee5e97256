"""The outbox in bulk (``notice_queue_many``): what a round queues, each cause sent once."""

from __future__ import annotations

import pytest
from django.core import mail

from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.services import NoticeSpec, notice_queue, notice_queue_many

pytestmark = pytest.mark.django_db

CONTEXT = {"child": "Lina", "kita": "Kita Löwenzahn", "deadline": "1. März", "url": "/x/"}


def spec(key: str, recipient: str = "eltern@example.org") -> NoticeSpec:
    return NoticeSpec(
        key=key, template="allocation_offer", recipient=recipient, language="en", context=CONTEXT
    )


def test_many_notices_are_written_at_once_and_sent_after_the_commit(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ids = notice_queue_many(notices=[spec(f"test:{n}", f"p{n}@example.org") for n in range(3)])
        assert mail.outbox == []
    assert len(ids) == 3
    assert Notice.objects.filter(pk__in=ids, status=NoticeStatus.SENT).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@example.org" for n in range(3)]
    assert mail.outbox[0].subject == "A place for Lina at Kita Löwenzahn"


def test_keys_already_in_the_outbox_are_skipped(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = notice_queue(
            key="test:known",
            template="allocation_offer",
            recipient="a@example.org",
            language="en",
            context=CONTEXT,
        )
    with django_capture_on_commit_callbacks(execute=True):
        ids = notice_queue_many(notices=[spec("test:known"), spec("test:new"), spec("test:new")])
    assert first.pk not in ids
    assert len(ids) == 1
    assert Notice.objects.count() == 2
    assert len(mail.outbox) == 2  # the known one was sent once, by its own queueing
