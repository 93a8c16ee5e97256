"""Races on real PostgreSQL connections: no overbooking, never two places for one child.

Each thread has its own database connection (Django gives every thread one); a barrier starts
them together. SQLite serialises every write transaction anyway and has no row locks, so
these tests only mean something on PostgreSQL and are skipped elsewhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from kita.models import LIVE_OFFER_STATUSES, Offer, OfferStatus, ProgrammeSupply
from kita.services import (
    AllocationError,
    OfferAlreadyAnswered,
    RoundAlreadyRun,
    RoundLocked,
    offer_accept,
    offer_decline,
    round_run,
    supplies_confirm,
)
from tests.factories import AllocationRoundFactory, UserFactory
from tests.kita.allocation.conftest import supply

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks and concurrent connections (set DATABASE_URL)",
    ),
]


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, each in its own thread and connection.

    Returns each call's result, or the AllocationError it raised.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except AllocationError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs (deadlock?)"
    return results


def test_the_same_round_run_twice_at_once_runs_once(allocation_round, apply, kita_factory):  # type: ignore[no-untyped-def]
    kita = kita_factory()
    supply(allocation_round, kita, 3)
    for _ in range(8):
        apply([kita])

    results = race(
        lambda: round_run(allocation_round=allocation_round, user=None),
        lambda: round_run(allocation_round=allocation_round, user=None),
    )

    refused = [r for r in results if isinstance(r, RoundAlreadyRun)]
    assert len(refused) == 1
    assert Offer.objects.count() == 3


def test_two_rounds_of_one_kita_year_never_overbook(apply, kita_factory) -> None:
    kita = kita_factory()
    first, second = AllocationRoundFactory(), AllocationRoundFactory()
    supply(first, kita, 2)
    supply(second, kita, 2)  # the same two places, entered twice by mistake
    children = [apply([kita]) for _ in range(6)]

    results = race(
        lambda: round_run(allocation_round=first, user=None),
        lambda: round_run(allocation_round=second, user=None),
    )

    assert not any(isinstance(r, AllocationError) for r in results)
    live = Offer.objects.filter(kita=kita, status__in=LIVE_OFFER_STATUSES)
    assert live.count() == 2
    assert live.values("application").distinct().count() == 2
    assert len(children) == 6


def test_accept_and_decline_of_one_offer_at_once_one_wins(
    allocation_round, apply, kita_factory
) -> None:
    kita = kita_factory()
    supply(allocation_round, kita, 1)
    application = apply([kita])
    round_run(allocation_round=allocation_round, user=None)
    offer = Offer.objects.get()
    parent = application.created_by
    other_parent = UserFactory()

    results = race(
        lambda: offer_accept(offer=Offer.objects.get(pk=offer.pk), user=parent),
        lambda: offer_decline(offer=Offer.objects.get(pk=offer.pk), user=other_parent),
    )

    errors = [r for r in results if isinstance(r, AllocationError)]
    assert len(errors) == 1
    assert isinstance(errors[0], OfferAlreadyAnswered)
    # A message for the user, in the default language (an earlier test's English client may
    # have left English active in this thread, so read it in German explicitly).
    with translation.override("de"):
        assert "bereits beantwortet" in str(errors[0])
    offer.refresh_from_db()
    assert offer.status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED)
    assert (
        offer.application.events.filter(kind__startswith="allocation.")
        .exclude(kind="allocation.offer")
        .exclude(kind="allocation.wishes_closed")
        .count()
        == 1
    )


def test_a_leader_confirming_places_while_the_round_runs(
    allocation_round, apply, kita_factory
) -> None:
    kita = kita_factory()
    programme = supply(allocation_round, kita, 2)
    for _ in range(5):
        apply([kita])
    leader = UserFactory()

    results = race(
        lambda: round_run(allocation_round=allocation_round, user=None),
        lambda: supplies_confirm(
            allocation_round=allocation_round, user=leader, places={programme.pk: 0}
        ),
    )

    offers = Offer.objects.filter(round=allocation_round).count()
    places = ProgrammeSupply.objects.get(pk=programme.pk).places
    if isinstance(results[1], RoundLocked):
        assert (offers, places) == (2, 2)  # the run came first; the change was refused
    else:
        assert (offers, places) == (0, 0)  # the change came first; the run used it


def test_two_families_accepting_a_providers_last_place_at_once_get_it_once(  # type: ignore[no-untyped-def]
    allocation_round, apply, north
):
    import datetime as dt

    from kita.models import AgeBand
    from kita.services import ProviderPlaceGone
    from tagespflege.models import Vacancy
    from tests.factories import ChildminderFactory, VacancyFactory

    provider = ChildminderFactory(district=north)
    vacancy = VacancyFactory(
        provider=provider, month=dt.date(2027, 8, 1), age_band=AgeBand.U3, free_places=2
    )
    first, second = apply([provider]), apply([provider])
    round_run(allocation_round=allocation_round, user=None)
    offers = list(Offer.objects.filter(provider=provider).order_by("pk"))
    assert len(offers) == 2
    # Meanwhile the provider gave one place away outside the portal.
    Vacancy.objects.filter(pk=vacancy.pk).update(free_places=1)

    results = race(
        lambda: offer_accept(offer=offers[0], user=first.created_by),
        lambda: offer_accept(offer=offers[1], user=second.created_by),
    )

    assert sum(isinstance(r, ProviderPlaceGone) for r in results) == 1
    assert Offer.objects.filter(provider=provider, status=OfferStatus.ACCEPTED).count() == 1
    vacancy.refresh_from_db()
    assert vacancy.free_places == 0
