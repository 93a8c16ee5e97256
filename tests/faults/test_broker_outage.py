"""Redis stops while parents submit pre-registrations (issue 9, fault a).

Redis is the broker and the cache, as in production. Every submission is saved with its notice
in the outbox while Redis is away; once it is back, the same worker process (it reconnects by
itself) and the outbox sweeper deliver every notice exactly once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest
from django.test import Client

from familyportal.accounts.roles import Role
from familyportal.core.cache_backends import cache_outage_reset
from familyportal.notices.models import Notice, NoticeStatus
from familyportal.notices.services import notices_pending_enqueue
from kita.models import Application, ApplicationStatus
from tests.factories import ChildFactory, DistrictFactory, KitaFactory, PostalCodeFactory
from tests.faults.conftest import RedisServer, Worker, mails_per_notice, wait_until
from tests.kita.family.conftest import BIRTH
from tests.kita.family.test_wizard import complete_until, post, url

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PARENTS = 4
# Beat runs the sweeper every 60 s in production; here it runs again after this long.
SWEEP_EVERY = 10.0


def submit_through_the_wizard(client: Client, child: Any, kitas: list[Any], code: str) -> Any:
    complete_until(client, "pruefen", child, kitas, code)
    token = client.get(url("pruefen")).context["form"]["submission_token"].value()
    return post(client, "pruefen", submission_token=token)


def test_submissions_during_a_redis_outage_are_saved_and_notified_exactly_once(
    private_redis: RedisServer,
    use_broker: Callable[[str], None],
    workers: Callable[..., Worker],
    delivered_mail: Callable[[], list[EmailMessage]],
    make_user: Callable[..., Any],
    settings: Any,
) -> None:
    district = DistrictFactory()
    code = PostalCodeFactory(code="44787", district=district).code
    kitas = [KitaFactory(district=district, min_age_months=12) for _ in range(2)]
    families = []
    for i in range(PARENTS):
        parent = make_user(Role.ELTERN, email=f"eltern{i}@example.org")
        client = Client()
        client.force_login(parent)
        families.append((client, ChildFactory(parents=[parent], birth_date=BIRTH)))

    # As in production (docker-compose.yml): one Redis is broker and cache.
    use_broker(private_redis.url)
    cache_url = private_redis.url.replace("/0", "/1")
    settings.CACHES = {
        "default": {
            "BACKEND": "familyportal.core.cache_backends.FailSoftRedisCache",
            "LOCATION": cache_url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CATALOGUE_CACHE_SECONDS = 60
    worker = workers(private_redis.url, CACHE_URL=cache_url)
    assert Client().get("/kitas/")["X-Page-Cache"] == "miss"
    assert Client().get("/kitas/")["X-Page-Cache"] == "hit"  # the cache is really in use

    private_redis.stop()
    # Visitors still get the catalogue (rendered afresh) while Redis is away.
    catalogue = Client().get("/kitas/")
    assert (catalogue.status_code, catalogue["X-Page-Cache"]) == (200, "miss")
    for client, child in families:
        started = time.monotonic()
        response = submit_through_the_wizard(client, child, kitas, code)
        # The parent sees the usual confirmation, within seconds, not an error page.
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].startswith("/mein-bereich/")
        assert time.monotonic() - started < 10

    applications = Application.objects.filter(child__in=[child for _, child in families])
    assert applications.count() == PARENTS
    assert set(applications.values_list("status", flat=True)) == {ApplicationStatus.RECEIVED}
    notices = list(Notice.objects.filter(template="application_received"))
    assert len(notices) == PARENTS
    assert {n.status for n in notices} == {NoticeStatus.PENDING}  # kept, not lost
    assert delivered_mail() == []

    private_redis.start()  # same port, empty: the tasks queued before are gone with it
    cache_outage_reset()  # (else this process would skip the cache for a few more seconds)
    assert worker.alive  # the worker rode out the outage and reconnects by itself

    last_sweep = 0.0

    def all_sent() -> bool:
        nonlocal last_sweep
        if time.monotonic() - last_sweep > SWEEP_EVERY:
            notices_pending_enqueue(older_than_seconds=0)  # what beat runs every minute
            last_sweep = time.monotonic()
        return not Notice.objects.filter(status=NoticeStatus.PENDING).exists()

    wait_until(all_sent, timeout=90, what=f"the notices to be delivered\n{worker.log()[-3000:]}")
    # Nothing left that could still send a second copy: the queue is drained, the worker idle.
    wait_until(lambda: private_redis.queue_length() == 0, timeout=30, what="an empty queue")

    counts = mails_per_notice(delivered_mail())
    assert counts == {notice.idempotency_key: 1 for notice in notices}
    assert {mail["To"] for mail in delivered_mail()} == {
        f"eltern{i}@example.org" for i in range(PARENTS)
    }
