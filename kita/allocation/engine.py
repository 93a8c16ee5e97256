"""Child-proposing deferred acceptance (Gale–Shapley, hospitals/residents form).

Every child proposes to its most wanted programme that has not yet rejected it; a programme
holds the best-placed proposers (by its strict priority order) up to its capacity and rejects
the rest, possibly a child it held before. When nobody is left to propose, the held children
are placed. The result is stable (no child loses a place to a child with lower priority
there), child-optimal among stable matchings, and strategy-proof for children: a family
gains nothing by ranking other than it truly prefers.

Complexity: every child proposes at most once per ranked programme, and each proposal costs
one heap operation, so O(W log C) for W wishes and the largest capacity C.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

ChildId = TypeVar("ChildId", bound=Hashable)
ProgrammeId = TypeVar("ProgrammeId", bound=Hashable)


def deferred_acceptance(
    preferences: Mapping[ChildId, Sequence[ProgrammeId]],
    priorities: Mapping[ProgrammeId, Sequence[ChildId]],
    capacities: Mapping[ProgrammeId, int],
) -> dict[ChildId, ProgrammeId | None]:
    """Place each child in at most one programme it ranked.

    ``preferences``: each child's programmes, most wanted first.
    ``priorities``: each programme's strict order of the children it accepts, best first; a
    child missing from a programme's order is not acceptable there.
    ``capacities``: places per programme; a programme without an entry has none.
    Returns every child of ``preferences`` mapped to its programme, or None when unplaced.
    """
    # rank[p][c]: position of child c in programme p's order (lower is better); programmes
    # without places are left out, so proposals to them fail at the first lookup.
    rank: dict[ProgrammeId, dict[ChildId, int]] = {
        programme: dict(zip(order, range(len(order)), strict=False))
        for programme, order in priorities.items()
        if capacities.get(programme, 0) > 0
    }
    # held[p]: max-heap of (-rank, child) of the children p holds now.
    held: dict[ProgrammeId, list[tuple[int, ChildId]]] = {}
    next_choice: dict[ChildId, int] = dict.fromkeys(preferences, 0)
    free: list[ChildId] = list(preferences)
    # Local names: this loop runs once per proposal (hundreds of thousands at Berlin scale).
    rank_of, push, replace = rank.get, heapq.heappush, heapq.heapreplace

    while free:
        child = free.pop()
        wishes = preferences[child]
        choice, count = next_choice[child], len(wishes)
        while choice < count:
            programme = wishes[choice]
            choice += 1
            ranks = rank_of(programme)
            position = None if ranks is None else ranks.get(child)
            if position is None:
                continue  # no places there, or the child is not acceptable there
            heap = held.get(programme)
            if heap is None:
                heap = held[programme] = []
            if len(heap) < capacities[programme]:
                push(heap, (-position, child))
                break
            if position < -heap[0][0]:
                free.append(replace(heap, (-position, child))[1])
                break
        # A child whose list is exhausted stays unplaced.
        next_choice[child] = choice

    result: dict[ChildId, ProgrammeId | None] = dict.fromkeys(preferences)
    for programme, heap in held.items():
        for _negative, child in heap:
            result[child] = programme
    return result
