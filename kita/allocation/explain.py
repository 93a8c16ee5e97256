"""Why a family got what it got: per wish, the outcome and the waiting list position.

For each programme the *cut-off* is the priority position of the last child it admitted. A
child not admitted to a wish it prefers to its placement is on that programme's waiting list;
its position counts the children ahead of it who also still wait for that programme. Everything
is derived from the engine's inputs and result, so it can be recomputed at any time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

ChildId = TypeVar("ChildId", bound=Hashable)
ProgrammeId = TypeVar("ProgrammeId", bound=Hashable)


@dataclass(frozen=True)
class ProgrammeOutcome(Generic[ChildId]):
    admitted: int
    capacity: int
    # Priority position (0 = best) of the last child admitted; None when nobody was admitted.
    cutoff: int | None
    # The children still waiting for this programme, in priority order.
    waiting: tuple[ChildId, ...]


@dataclass(frozen=True)
class WishOutcome(Generic[ProgrammeId]):
    programme: ProgrammeId
    rank: int  # the family's rank of this wish, 1 = first
    placed: bool  # the child got this programme
    # The child's own priority position there (0 = best); None if it is not acceptable there.
    position: int | None
    # 1-based position on the waiting list, for wishes preferred to the placement; else None.
    waiting_position: int | None


def explain(
    preferences: Mapping[ChildId, Sequence[ProgrammeId]],
    priorities: Mapping[ProgrammeId, Sequence[ChildId]],
    capacities: Mapping[ProgrammeId, int],
    result: Mapping[ChildId, ProgrammeId | None],
) -> tuple[
    dict[ProgrammeId, ProgrammeOutcome[ChildId]], dict[ChildId, list[WishOutcome[ProgrammeId]]]
]:
    rank = {p: {c: i for i, c in enumerate(order)} for p, order in priorities.items()}
    admitted: dict[ProgrammeId, list[int]] = defaultdict(list)
    for child, programme in result.items():
        if programme is not None:
            admitted[programme].append(rank[programme][child])

    # A child waits for every programme it ranked above its placement (all, if unplaced).
    waiting: dict[ProgrammeId, list[tuple[int, ChildId]]] = defaultdict(list)
    for child, wishes in preferences.items():
        placement = result.get(child)
        for programme in wishes:
            if programme == placement:
                break
            position = rank.get(programme, {}).get(child)
            if position is not None:
                waiting[programme].append((position, child))

    programmes: dict[ProgrammeId, ProgrammeOutcome[ChildId]] = {}
    waiting_position: dict[tuple[ProgrammeId, ChildId], int] = {}
    for programme in set(priorities) | set(capacities):
        queue = sorted(waiting.get(programme, []), key=lambda item: item[0])
        for number, (_position, child) in enumerate(queue, 1):
            waiting_position[(programme, child)] = number
        positions = admitted.get(programme, [])
        programmes[programme] = ProgrammeOutcome(
            admitted=len(positions),
            capacity=capacities.get(programme, 0),
            cutoff=max(positions) if positions else None,
            waiting=tuple(child for _position, child in queue),
        )

    wishes_out: dict[ChildId, list[WishOutcome[ProgrammeId]]] = {}
    for child, wishes in preferences.items():
        wishes_out[child] = [
            WishOutcome(
                programme=programme,
                rank=number,
                placed=result.get(child) == programme,
                position=rank.get(programme, {}).get(child),
                waiting_position=waiting_position.get((programme, child)),
            )
            for number, programme in enumerate(wishes, 1)
        ]
    return programmes, wishes_out
