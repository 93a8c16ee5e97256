"""A round run by the real Celery worker, its offer e-mail delivered through the outbox."""

from __future__ import annotations

import pytest

from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.tasks import deliver_batch
from kita.models import Offer, RoundStatus
from kita.tasks_allocation import run_round
from tests.kita.allocation.conftest import supply
from tests.test_celery_worker import live_worker  # noqa: F401 - the fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_runs_a_round_and_sends_the_offer(
    live_worker: None,  # noqa: F811
    allocation_round,
    apply,
    kita_factory,
    delivered_mail,
) -> None:
    kita = kita_factory(name="Kita Arbeiterwohlfahrt")
    supply(allocation_round, kita, 1)
    application = apply([kita], first_name="Wanda")
    recipient = application.created_by.email

    result = run_round.delay(allocation_round.pk)
    assert not result.__class__.__name__.startswith("Eager")
    assert result.get(timeout=120) == {"ok": True, "children": 1, "placed": 1, "unplaced": 0}

    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.FINISHED
    offer = Offer.objects.get(application=application)
    notice_ids = list(Notice.objects.filter(recipient=recipient).values_list("pk", flat=True))
    assert len(notice_ids) == 1
    # The worker queued the delivery itself; delivering again waits for it and sends nothing
    # twice, so after this the e-mail has been written.
    deliver_batch.delay(notice_ids).get(timeout=60)
    assert Notice.objects.get(pk=notice_ids[0]).status == NoticeStatus.SENT
    mails = [m for m in delivered_mail() if m["To"] == recipient]
    assert len(mails) == 1
    assert "Wanda" in mails[0]["Subject"] and "Kita Arbeiterwohlfahrt" in mails[0]["Subject"]
    body = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert f"/vergabe/angebot/{offer.pk}/" in body
