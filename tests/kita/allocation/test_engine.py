"""The engine's guarantees, checked on generated instances (hypothesis) and textbook cases."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from kita.allocation import deferred_acceptance, explain

Instance = tuple[dict[int, list[str]], dict[str, list[int]], dict[str, int]]


@st.composite
def instances(draw: st.DrawFn, max_children: int = 12, max_programmes: int = 5) -> Instance:
    children = list(range(draw(st.integers(0, max_children))))
    programmes = [f"p{i}" for i in range(draw(st.integers(1, max_programmes)))]
    preferences = {
        child: draw(st.permutations(programmes).flatmap(lambda order: st.just(order)))[
            : draw(st.integers(0, len(programmes)))
        ]
        for child in children
    }
    priorities = {}
    for programme in programmes:
        order = draw(st.permutations(children))
        # Some children are not acceptable at some programmes.
        priorities[programme] = [c for c in order if draw(st.integers(0, 9)) > 0]
    capacities = {p: draw(st.integers(0, 3)) for p in programmes}
    return preferences, priorities, capacities


def prefers(wishes: list[str], a: str | None, b: str | None) -> bool:
    """True when a child with these wishes strictly prefers a to b (None = unplaced)."""
    if a is None or a not in wishes:
        return False
    return b is None or wishes.index(a) < wishes.index(b)


def blocking_pairs(instance: Instance, result: dict[int, str | None]) -> list[tuple[int, str]]:
    preferences, priorities, capacities = instance
    admitted = Counter(p for p in result.values() if p is not None)
    pairs = []
    for child, wishes in preferences.items():
        for programme in wishes:
            if not prefers(wishes, programme, result[child]):
                continue
            order = priorities[programme]
            if child not in order:
                continue
            if admitted[programme] < capacities[programme] or any(
                result[other] == programme and order.index(other) > order.index(child)
                for other in result
            ):
                pairs.append((child, programme))
    return pairs


@given(instances())
@settings(max_examples=300, deadline=None)
def test_result_is_feasible_and_stable(instance: Instance) -> None:
    preferences, priorities, capacities = instance
    result = deferred_acceptance(preferences, priorities, capacities)

    assert result.keys() == preferences.keys()
    for child, programme in result.items():
        if programme is not None:
            assert programme in preferences[child], "only a programme the child ranked"
            assert child in priorities[programme], "only where the child is acceptable"
    for programme, count in Counter(p for p in result.values() if p).items():
        assert count <= capacities[programme], "never over capacity"
    assert blocking_pairs(instance, result) == []


@given(instances(), st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None)
def test_result_does_not_depend_on_input_order(instance: Instance, rng: random.Random) -> None:
    preferences, priorities, capacities = instance
    shuffled_children = list(preferences.items())
    rng.shuffle(shuffled_children)
    shuffled_programmes = list(priorities.items())
    rng.shuffle(shuffled_programmes)
    assert deferred_acceptance(preferences, priorities, capacities) == deferred_acceptance(
        dict(shuffled_children), dict(shuffled_programmes), dict(reversed(capacities.items()))
    )


def all_stable_matchings(instance: Instance) -> list[dict[int, str | None]]:
    preferences, _priorities, _capacities = instance
    children = list(preferences)
    options = [[None, *preferences[c]] for c in children]
    matchings = []
    for choice in itertools.product(*options):
        candidate = dict(zip(children, choice, strict=True))
        admitted = Counter(p for p in candidate.values() if p is not None)
        if any(admitted[p] > instance[2][p] for p in admitted):
            continue
        if any(p is not None and c not in instance[1][p] for c, p in candidate.items()):
            continue
        if not blocking_pairs(instance, candidate):
            matchings.append(candidate)
    return matchings


@given(instances(max_children=5, max_programmes=3))
@settings(max_examples=150, deadline=None)
def test_result_is_the_best_stable_matching_for_every_child(instance: Instance) -> None:
    result = deferred_acceptance(*instance)
    for other in all_stable_matchings(instance):
        for child, wishes in instance[0].items():
            assert not prefers(wishes, other[child], result[child])


@given(instances(max_children=6, max_programmes=3))
@settings(max_examples=100, deadline=None)
def test_no_family_gains_by_ranking_strategically(instance: Instance) -> None:
    preferences, priorities, capacities = instance
    truthful = deferred_acceptance(preferences, priorities, capacities)
    for child, wishes in preferences.items():
        for length in range(len(wishes) + 1):
            for lie in itertools.permutations(wishes, length):
                outcome = deferred_acceptance(
                    {**preferences, child: list(lie)}, priorities, capacities
                )[child]
                assert not prefers(wishes, outcome, truthful[child])


def test_textbook_case_child_optimal() -> None:
    # Two children, two programmes with one place each, opposed preferences: children propose,
    # so each child gets its first choice although both programmes prefer the other child.
    result = deferred_acceptance(
        {"anna": ["A", "B"], "ben": ["B", "A"]},
        {"A": ["ben", "anna"], "B": ["anna", "ben"]},
        {"A": 1, "B": 1},
    )
    assert result == {"anna": "A", "ben": "B"}


def test_textbook_case_rejection_chain() -> None:
    # Carla displaces Anna at A; Anna moves on to B and displaces Ben, who ends unplaced.
    result = deferred_acceptance(
        {"anna": ["A", "B"], "ben": ["B"], "carla": ["A"]},
        {"A": ["carla", "anna"], "B": ["anna", "ben"]},
        {"A": 1, "B": 1},
    )
    assert result == {"anna": "B", "ben": None, "carla": "A"}


def test_unknown_programmes_and_empty_lists_leave_children_unplaced() -> None:
    result = deferred_acceptance({"a": ["X"], "b": []}, {"X": ["a"]}, {})
    assert result == {"a": None, "b": None}


@given(instances())
@settings(max_examples=200, deadline=None)
def test_explanation_matches_the_result(instance: Instance) -> None:
    preferences, priorities, capacities = instance
    result = deferred_acceptance(preferences, priorities, capacities)
    programmes, wishes = explain(preferences, priorities, capacities, result)
    for programme, outcome in programmes.items():
        assert outcome.admitted == sum(1 for p in result.values() if p == programme)
        if outcome.waiting:
            # Someone still waits only where the places are full, and behind the last admitted.
            assert outcome.admitted == capacities[programme]
            order = priorities[programme]
            assert all(order.index(child) > (outcome.cutoff or -1) for child in outcome.waiting)
    for child, outcomes in wishes.items():
        assert [o.rank for o in outcomes] == list(range(1, len(preferences[child]) + 1))
        assert sum(o.placed for o in outcomes) == (result[child] is not None)
        for outcome in outcomes:
            preferred = prefers(preferences[child], outcome.programme, result[child])
            acceptable = outcome.position is not None
            assert (outcome.waiting_position is not None) == (preferred and acceptable)


def test_explanation_of_a_textbook_case() -> None:
    preferences = {"anna": ["A", "B"], "ben": ["B"], "carla": ["A"]}
    priorities = {"A": ["carla", "anna"], "B": ["anna", "ben"]}
    capacities = {"A": 1, "B": 1}
    result = deferred_acceptance(preferences, priorities, capacities)
    programmes, wishes = explain(preferences, priorities, capacities, result)
    assert programmes["A"].cutoff == 0 and programmes["A"].waiting == ("anna",)
    assert programmes["B"].waiting == ("ben",)
    first, second = wishes["anna"]
    assert (first.placed, first.position, first.waiting_position) == (False, 1, 1)
    assert (second.placed, second.waiting_position) == (True, None)
