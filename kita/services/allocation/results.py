"""From the engine's result to what people read: statistics of a round and each child's outcome.

Pure functions over ``RoundInputs`` and the engine's output: the dry run and the real run use
the same code, so the preview shows exactly what the run will do.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone

from kita.allocation import ProgrammeOutcome, WishOutcome, explain
from kita.services.allocation.inputs import Programme, RoundInputs

Result = dict[int, Programme | None]


def result_explain(
    inputs: RoundInputs, result: Result
) -> tuple[dict[Programme, ProgrammeOutcome[int]], dict[int, list[WishOutcome[Programme]]]]:
    return explain(inputs.preferences, inputs.priorities, inputs.capacities, result)


def cutoff_points(
    inputs: RoundInputs, programmes: dict[Programme, ProgrammeOutcome[int]]
) -> dict[Programme, int]:
    """The points of the last child admitted, per programme that admitted anyone."""
    cutoffs = {}
    for programme, outcome in programmes.items():
        if outcome.cutoff is not None:
            last = inputs.priorities[programme][outcome.cutoff]
            cutoffs[programme] = inputs.points_at(last, programme)
    return cutoffs


def result_statistics(
    inputs: RoundInputs,
    result: Result,
    programmes: dict[Programme, ProgrammeOutcome[int]],
    district_names: dict[int, str],
) -> dict[str, Any]:
    """Placed by wish rank, unplaced by district × age band × hours, places left (JSON)."""
    by_rank: Counter[int] = Counter()
    unplaced: Counter[tuple[str, str, int]] = Counter()
    for child, programme in result.items():
        applicant = inputs.applicants[child]
        if programme is None:
            district = district_names.get(applicant.district_id or 0, "")
            unplaced[(district, applicant.age_band, applicant.care_hours)] += 1
        else:
            by_rank[inputs.preferences[child].index(programme) + 1] += 1
    left = []
    for programme, capacity in inputs.capacities.items():
        admitted = programmes[programme].admitted if programme in programmes else 0
        if capacity - admitted > 0:
            kita_id, age_band, care_hours = programme
            left.append(
                {
                    "kita_id": kita_id,
                    "kita": inputs.kita_names.get(kita_id, ""),
                    "age_band": age_band,
                    "care_hours": care_hours,
                    "places": capacity,
                    "admitted": admitted,
                    "left": capacity - admitted,
                }
            )
    left.sort(key=lambda row: (row["kita"], row["age_band"], row["care_hours"]))
    placed = sum(by_rank.values())
    return {
        "computed_at": timezone.now().isoformat(),
        "children": len(result),
        "placed": placed,
        "unplaced": len(result) - placed,
        "places": sum(inputs.capacities.values()),
        "places_left": sum(row["left"] for row in left),
        "by_rank": [{"rank": rank, "children": by_rank[rank]} for rank in sorted(by_rank)],
        "unplaced_groups": [
            {"district": district, "age_band": band, "care_hours": hours, "children": count}
            for (district, band, hours), count in sorted(unplaced.items())
        ],
        "programmes_left": left,
    }


def outcome_data(
    inputs: RoundInputs,
    child: int,
    wishes: list[WishOutcome[Programme]],
    programmes: dict[Programme, ProgrammeOutcome[int]],
    cutoffs: dict[Programme, int],
) -> dict[str, Any]:
    """One child's explanation, per wish in the family's order (see ``ApplicationOutcome``).

    Kept small: a round writes one per child (40,000 at Berlin scale).
    """
    applicant = inputs.applicants[child]
    kita_names, points, capacities = inputs.kita_names, inputs.wish_points[child], inputs.capacities
    return {
        "age_band": applicant.age_band,
        "care_hours": applicant.care_hours,
        # In the order of kita.models.OUTCOME_WISH_FIELDS.
        "wishes": [
            [
                wish.rank,
                wish.programme[0],
                kita_names.get(wish.programme[0], ""),
                wish.placed,
                points[wish.rank - 1],
                cutoffs.get(wish.programme),
                wish.waiting_position,
                capacities.get(wish.programme, 0),
            ]
            for wish in wishes
        ],
    }
