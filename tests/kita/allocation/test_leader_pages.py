"""Kita leaders: confirm free places before a round (own Kitas only), read waiting lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from familyportal.accounts.roles import Role
from kita.services import round_run
from tests.factories import AllocationRoundFactory, UserFactory
from tests.kita.allocation.conftest import english_client, supply

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(db: None):  # type: ignore[no-untyped-def]
    return UserFactory(roles=[Role.KITA_LEITUNG.value])


@pytest.fixture
def kitas(kita_factory, leader):  # type: ignore[no-untyped-def]
    own, foreign = kita_factory(name="Kita Sonnenblume"), kita_factory(name="Kita Fremd")
    own.leaders.add(leader)
    return own, foreign


def test_a_leader_confirms_the_free_places_of_their_own_kita(
    allocation_round, kitas, leader
) -> None:
    own, foreign = kitas
    mine = supply(allocation_round, own, 4)
    theirs = supply(allocation_round, foreign, 6)
    client = english_client(leader)
    url = reverse("allocation:places", args=[allocation_round.pk])

    page = client.get(url).content.decode()
    assert "Kita Sonnenblume" in page
    assert "Kita Fremd" not in page

    # A forged field for the other Kita's programme is ignored.
    response = client.post(url, {f"places_{mine.pk}": "3", f"places_{theirs.pk}": "0"}, follow=True)
    assert "The free places of 1 programmes are confirmed" in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.places, mine.confirmed_by) == (3, leader)
    assert (theirs.places, theirs.confirmed_by) == (6, None)


def test_bad_numbers_are_explained_and_nothing_is_saved(allocation_round, kitas, leader) -> None:
    own, _foreign = kitas
    mine = supply(allocation_round, own, 4)
    response = english_client(leader).post(
        reverse("allocation:places", args=[allocation_round.pk]),
        {f"places_{mine.pk}": "-2"},
    )
    content = response.content.decode()
    assert "The number of places cannot be negative." in content
    assert 'aria-invalid="true"' in content
    mine.refresh_from_db()
    assert (mine.places, mine.confirmed_at) == (4, None)


def test_another_kita_or_a_round_without_own_kitas_is_404(
    allocation_round, kitas, leader, kita_factory
) -> None:
    own, foreign = kitas
    supply(allocation_round, foreign, 6)
    client = english_client(leader)
    # The round has no programme of the leader's Kitas at all.
    assert client.get(reverse("allocation:places", args=[allocation_round.pk])).status_code == 404
    supply(allocation_round, own, 2)
    url = reverse("allocation:places", args=[allocation_round.pk])
    assert client.get(f"{url}?kita={foreign.pk}").status_code == 404
    assert client.get(f"{url}?kita=abc").status_code == 404
    assert client.get(f"{url}?kita={own.pk}").status_code == 200


def test_places_of_a_finished_round_cannot_change(allocation_round, kitas, leader) -> None:
    own, _foreign = kitas
    mine = supply(allocation_round, own, 4)
    round_run(allocation_round=allocation_round, user=None)
    client = english_client(leader)
    url = reverse("allocation:places", args=[allocation_round.pk])
    assert "can no longer be changed" in client.get(url).content.decode()
    response = client.post(url, {f"places_{mine.pk}": "9"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    mine.refresh_from_db()
    assert mine.places == 4


def test_the_waiting_list_in_priority_order(allocation_round, kitas, leader, apply) -> None:
    own, foreign = kitas
    supply(allocation_round, own, 1)
    apply([own], criteria=["inclusion"], first_name="Anna")
    apply([own], criteria=["single-parent"], first_name="Berta")
    apply([own], first_name="Carla")
    apply([foreign], first_name="Dora")
    round_run(allocation_round=allocation_round, user=None)
    client = english_client(leader)

    page = client.get(
        reverse("allocation:waiting-list", args=[allocation_round.pk, own.pk])
    ).content.decode()
    assert page.index("Anna") < page.index("Berta") < page.index("Carla")
    assert "Waiting, position 1" in page and "Waiting, position 2" in page
    assert "Dora" not in page
    other = reverse("allocation:waiting-list", args=[allocation_round.pk, foreign.pk])
    assert client.get(other).status_code == 404
    # The allocation team reads every Kita's list; that Kita had no places in the round.
    team = english_client(UserFactory(roles=[Role.PLATZVERGABE.value]))
    foreign_page = team.get(other).content.decode()
    assert "Dora" in foreign_page
    assert "No free places for this age band and these hours" in foreign_page


def test_the_rounds_page_lists_rounds_of_own_kitas(allocation_round, kitas, leader) -> None:
    own, foreign = kitas
    supply(allocation_round, own, 1)
    other_round = AllocationRoundFactory(name="Runde nur für andere")
    supply(other_round, foreign, 1)
    page = english_client(leader).get(reverse("allocation:leader-rounds")).content.decode()
    assert allocation_round.name in page
    assert reverse("allocation:places", args=[allocation_round.pk]) in page
    assert "Runde nur für andere" not in page
