"""Small-count suppression: no "< 5" figure can be worked out from what is published.

The engine's own reasoning (bounds propagation) is checked against brute force: every set of
hidden values that agrees with the published table is enumerated, and no suppressed count may
be pinned to a single value of 1 or more.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.disclosure import SHOWN, SMALL, THRESHOLD, WITHHELD, Cell, protect


def table(*values: int) -> tuple[Cell, list[Cell]]:
    rows = [Cell(value) for value in values]
    return Cell(sum(values), rows), rows


def nested(groups: list[list[int]]) -> Cell:
    return Cell(
        sum(map(sum, groups)),
        [Cell(sum(group), [Cell(value) for value in group]) for group in groups],
    )


def marks(cells: list[Cell]) -> list[str]:
    return [cell.mark for cell in cells]


def test_small_counts_and_zero_are_suppressed_large_ones_shown() -> None:
    root, rows = table(620, 540, 0, 7, 12)
    protect(Cell(root.value, rows, published=False))
    assert marks(rows) == [SHOWN, SHOWN, SMALL, SHOWN, SHOWN]


def test_a_single_small_count_is_not_left_to_be_worked_out_from_the_total() -> None:
    # Published naively, 632 − 620 − 9 would give the 3 away.
    root, rows = table(620, 9, 3)
    protect(root)
    assert marks(rows) == [SHOWN, WITHHELD, SMALL]
    assert root.mark == SHOWN


def test_two_small_counts_that_can_only_be_fours_are_protected() -> None:
    # 4 and 4 under a total of 28 with 20 shown: both "< 5" cells would have to be 4.
    root, rows = table(20, 4, 4)
    protect(root)
    assert rows[0].mark == WITHHELD


def test_two_small_counts_with_room_between_them_need_nothing_more() -> None:
    root, rows = table(20, 2, 1)
    protect(root)
    assert marks(rows) == [SHOWN, SMALL, SMALL]


def test_a_district_figure_does_not_give_away_its_kitas() -> None:
    # District Nord has 12 families: 9 from one Kita, 3 from another.
    root = nested([[9, 3], [30, 25]])
    protect(root)
    nord, sued = root.children
    assert nord.mark == SHOWN
    assert marks(nord.children) == [WITHHELD, SMALL]
    assert marks(sued.children) == [SHOWN, SHOWN]


def test_withholding_the_total_when_nothing_else_is_left() -> None:
    # One row: the total is the row. A small total is itself suppressed.
    root, rows = table(3)
    protect(root)
    assert (root.mark, rows[0].mark) == (SMALL, SMALL)


def fill_totals(cell: Cell, values: dict[Cell, int]) -> int:
    if cell not in values:
        values[cell] = sum(fill_totals(child, values) for child in cell.children)
    return values[cell]


def feasible(root: Cell, cap: int) -> dict[Cell, set[int]]:
    """Every value each cell can take in a table that looks like the published one."""
    leaves = [cell for cell in root.walk() if not cell.children]
    domains = []
    for leaf in leaves:
        if leaf.mark == SHOWN:
            domains.append([leaf.value])
        elif leaf.mark == SMALL:
            domains.append(range(THRESHOLD))
        else:
            domains.append(range(THRESHOLD, cap))
    seen: dict[Cell, set[int]] = {cell: set() for cell in root.walk()}
    for assignment in itertools.product(*domains):
        values: dict[Cell, int] = dict(zip(leaves, assignment, strict=True))
        fill_totals(root, values)
        consistent = all(
            (cell.mark == SHOWN and values[cell] == cell.value)
            or (cell.mark == SMALL and values[cell] < THRESHOLD)
            or (cell.mark == WITHHELD and values[cell] >= THRESHOLD)
            or not cell.published
            for cell in root.walk()
        )
        if consistent:
            for cell, value in values.items():
                seen[cell].add(value)
    return seen


small_or_large = st.one_of(st.integers(0, 4), st.integers(5, 9))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(small_or_large, min_size=1, max_size=3), min_size=1, max_size=2).filter(
        lambda groups: sum(map(len, groups)) <= 5
    )
)
def test_no_suppressed_count_can_be_worked_out(groups: list[list[int]]) -> None:
    root = nested(groups)
    protect(root)
    cap = root.value + THRESHOLD + 1
    possible = feasible(root, cap)
    for cell in root.walk():
        if cell.mark == SMALL:
            values = possible[cell]
            assert cell.value in values
            assert len(values) > 1 or values == {0}, (groups, cell.value, values)
