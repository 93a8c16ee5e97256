"""From the engine's result to what people read: statistics of a round and each child's outcome.

Pure functions over ``RoundInputs`` and the engine's output: the dry run and the real run use
the same code, so the preview shows exactly what the run will do.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone

from kita.allocation import ProgrammeOutcome, WishOutcome, explain
from kita.services.allocation.inputs import Programme, RoundInputs, is_provider, month_of_key

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


def admitted_counts(programmes: dict[Programme, ProgrammeOutcome[int]]) -> dict[Programme, int]:
    return {programme: outcome.admitted for programme, outcome in programmes.items()}


def explain_rows(
    inputs: RoundInputs, result: Result
) -> tuple[dict[int, list[list[Any]]], dict[Programme, int]]:
    """Every child's explanation rows and the children admitted per programme, in one pass.

    The same figures as ``outcome_data`` over ``kita.allocation.explain`` (a test compares
    them), without a ``WishOutcome`` object per wish: a run needs only the rows it stores, and
    at Berlin scale building 176,000 frozen dataclasses took about a second.
    """
    preferences, priorities, capacities = inputs.preferences, inputs.priorities, inputs.capacities
    rank = {p: {c: i for i, c in enumerate(order)} for p, order in priorities.items()}
    admitted: dict[Programme, int] = {}
    last: dict[Programme, int] = {}
    for child, programme in result.items():
        if programme is not None:
            admitted[programme] = admitted.get(programme, 0) + 1
            position = rank[programme][child]
            if position > last.get(programme, -1):
                last[programme] = position
    cutoffs = {
        programme: inputs.points_at(priorities[programme][position], programme)
        for programme, position in last.items()
    }
    # A child waits for every programme it ranked above its placement (all, if unplaced).
    waiting: dict[Programme, list[tuple[int, int]]] = {}
    for child, wishes in preferences.items():
        placement = result.get(child)
        for programme in wishes:
            if programme == placement:
                break
            order = rank.get(programme)
            if order is not None:
                place_in_line = order.get(child)
                if place_in_line is not None:
                    waiting.setdefault(programme, []).append((place_in_line, child))
    waiting_position: dict[tuple[Programme, int], int] = {}
    for programme, queue in waiting.items():
        queue.sort()  # positions are unique per programme
        for number, (_position, child) in enumerate(queue, 1):
            waiting_position[(programme, child)] = number

    names, wish_points = inputs.kita_names, inputs.wish_points
    rows: dict[int, list[list[Any]]] = {}
    for child, wishes in preferences.items():
        placement = result.get(child)
        points = wish_points[child]
        child_rows = []
        for index, programme in enumerate(wishes):
            place = programme[0]
            row = [
                index + 1,
                place,
                names.get(place, ""),
                programme == placement,
                points[index],
                cutoffs.get(programme),
                waiting_position.get((programme, child)),
                capacities.get(programme, 0),
            ]
            if type(place) is tuple:  # a Kindertagespflege provider: ("tp", id)
                row[1] = None
                row.append(place[1])
            child_rows.append(row)
        rows[child] = child_rows
    return rows, admitted


def result_statistics(
    inputs: RoundInputs,
    result: Result,
    admitted_at: dict[Programme, int],
    district_names: dict[int, str],
) -> dict[str, Any]:
    """Placed by wish rank, unplaced by district × age band × hours, places left (JSON).

    ``admitted_at``: children admitted per programme (``admitted_counts`` or ``explain_rows``).
    """
    by_rank: Counter[int] = Counter()
    unplaced: Counter[tuple[str, str, int]] = Counter()
    placed_tagespflege = 0
    for child, programme in result.items():
        applicant = inputs.applicants[child]
        if programme is None:
            district = district_names.get(applicant.district_id or 0, "")
            unplaced[(district, applicant.age_band, applicant.care_hours)] += 1
        else:
            by_rank[inputs.preferences[child].index(programme) + 1] += 1
            if is_provider(programme[0]):
                placed_tagespflege += 1
    left = []
    places_tagespflege = 0
    for programme, capacity in inputs.capacities.items():
        admitted = admitted_at.get(programme, 0)
        place, age_band, third = programme
        provider = is_provider(place)
        if provider:
            places_tagespflege += capacity
        if capacity - admitted > 0:
            left.append(
                {
                    "kita_id": None if provider else place,
                    "provider_id": place[1] if provider else None,
                    "kita": inputs.kita_names.get(place, ""),
                    "age_band": age_band,
                    # A provider's places are per month, not per care hours.
                    "care_hours": None if provider else third,
                    "month": month_of_key(third).isoformat() if provider else None,
                    "places": capacity,
                    "admitted": admitted,
                    "left": capacity - admitted,
                }
            )
    left.sort(
        key=lambda row: (row["kita"], row["age_band"], row["care_hours"] or 0, row["month"] or "")
    )
    placed = sum(by_rank.values())
    return {
        "computed_at": timezone.now().isoformat(),
        "children": len(result),
        "placed": placed,
        "unplaced": len(result) - placed,
        "places": sum(inputs.capacities.values()),
        "places_left": sum(row["left"] for row in left),
        # Kindertagespflege counted on its own (also part of the totals above).
        "placed_tagespflege": placed_tagespflege,
        "places_tagespflege": places_tagespflege,
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
            if not is_provider(wish.programme[0])
            else [
                wish.rank,
                None,
                kita_names.get(wish.programme[0], ""),
                wish.placed,
                points[wish.rank - 1],
                cutoffs.get(wish.programme),
                wish.waiting_position,
                capacities.get(wish.programme, 0),
                wish.programme[0][1],
            ]
            for wish in wishes
        ],
    }
