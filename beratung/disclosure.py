"""Small-count suppression for published statistics, with protection against back-calculation.

Pure Python (no Django), so it can be tested exhaustively. A table is a tree of ``Cell``: the
root is the published total, its children the rows, and a row may have children of its own
whose sum it is (a district and its Kitas; a referral destination and its outcomes).

The rule (docs/kita-sozialarbeit.md, "Statistics"):

1. Every count below the threshold (5), zero included, is shown as "< 5" (``SMALL``). Zero is
   suppressed too, so that "< 5" never tells a reader that at least one family is behind it.
2. A reader knows every shown number, that a "< 5" cell lies in 0–4, that a withheld cell is at
   least 5 (else it would read "< 5"), and that each total is the sum of its rows. From this
   they can narrow each cell down to an interval. If that interval pins a "< 5" cell to one
   value of 1 or more, further cells are withheld (``WITHHELD``, shown as "×"): first the
   smallest shown sibling, then the total above, until no suppressed count can be worked out.

The intervals are computed by bounds propagation over the sum constraints. Every cell lies in
at most two of them (as a total and as a row), so the constraints form a tree, and on a tree
propagation yields exactly the values a reader could derive; tests/beratung/sozialarbeit/
test_disclosure.py checks this against brute-force enumeration.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

THRESHOLD = 5
SHOWN = "shown"
SMALL = "small"
WITHHELD = "withheld"


@dataclass(eq=False)
class Cell:
    value: int
    children: list[Cell] = field(default_factory=list)
    # A total that is not published (e.g. topics, where one consultation has several) puts no
    # constraint on its rows.
    published: bool = True
    key: object = None
    mark: str = SHOWN
    parent: Cell | None = field(default=None, repr=False)

    def walk(self) -> Iterator[Cell]:
        yield self
        for child in self.children:
            yield from child.walk()


def protect(root: Cell, *, threshold: int = THRESHOLD) -> Cell:
    """Mark every cell of the tree in place (``SHOWN``, ``SMALL`` or ``WITHHELD``)."""
    cells = list(root.walk())
    for cell in cells:
        for child in cell.children:
            child.parent = cell
        cell.mark = SMALL if cell.value < threshold else SHOWN
    while True:
        exposed = _first_exposed(root, cells, threshold)
        if exposed is None:
            return root
        if not _withhold_next(exposed, cells):
            return root  # nothing left to withhold: every cell is hidden already


def reader_intervals(
    root: Cell, cells: list[Cell], threshold: int = THRESHOLD
) -> dict[Cell, tuple[float, float]]:
    """The interval a reader can derive for every cell from what is published."""
    bounds: dict[Cell, tuple[float, float]] = {}
    for cell in cells:
        if not cell.published:
            bounds[cell] = (0, math.inf)
        elif cell.mark == SHOWN:
            bounds[cell] = (cell.value, cell.value)
        elif cell.mark == SMALL:
            bounds[cell] = (0, threshold - 1)
        else:
            bounds[cell] = (threshold, math.inf)
    groups = [cell for cell in cells if cell.children]
    changed = True
    while changed:
        changed = False
        for total in groups:
            rows = total.children
            new = (
                max(bounds[total][0], sum(bounds[row][0] for row in rows)),
                min(bounds[total][1], sum(bounds[row][1] for row in rows)),
            )
            if new != bounds[total]:
                bounds[total], changed = new, True
            total_low, total_high = bounds[total]
            for row in rows:
                # Sums of the other rows, without subtracting (inf - inf would be undefined).
                others_low = sum(bounds[other][0] for other in rows if other is not row)
                others_high = sum(bounds[other][1] for other in rows if other is not row)
                row_low, row_high = bounds[row]
                tighter = (
                    max(row_low, total_low - others_high),
                    min(row_high, total_high - others_low),
                )
                if tighter != bounds[row]:
                    bounds[row], changed = tighter, True
    return bounds


def _first_exposed(root: Cell, cells: list[Cell], threshold: int) -> Cell | None:
    bounds = reader_intervals(root, cells, threshold)
    for cell in cells:
        if cell.published and cell.mark == SMALL:
            low, high = bounds[cell]
            if low == high and low >= 1:
                return cell
    return None


def _smallest_shown(candidates: list[Cell]) -> Cell | None:
    shown = [cell for cell in candidates if cell.mark == SHOWN and cell.published]
    return min(shown, key=lambda cell: cell.value) if shown else None


def _withhold(cell: Cell) -> None:
    """Withhold a cell so that its rows cannot rebuild it: if all its rows are shown, the
    smallest of them is withheld as well (and so on down)."""
    cell.mark = WITHHELD
    if cell.children and not any(child.mark == WITHHELD for child in cell.children):
        child = _smallest_shown(cell.children)
        if child is not None:
            _withhold(child)


def _withhold_next(exposed: Cell, cells: list[Cell]) -> bool:
    parent = exposed.parent
    candidate = None
    if parent is not None and parent.published:
        candidate = _smallest_shown([c for c in parent.children if c is not exposed])
        if candidate is None and parent.mark == SHOWN:
            candidate = parent
    if candidate is None:
        candidate = _smallest_shown(exposed.children) or _smallest_shown(cells)
    if candidate is None:
        return False
    _withhold(candidate)
    return True
