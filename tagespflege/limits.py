"""The legal limits of Kindertagespflege (§43 SGB VIII, NRW KiBiz §22). Pure functions.

- A care permit (Pflegeerlaubnis) is valid for at most five years from the day it is issued.
- It permits one childminder to care for up to five children at the same time.
- A Großtagespflege (several childminders together) may care for at most nine children at the
  same time, however many children its persons' permits add up to.

Permits are given as ``(issued_on, valid_until, children)`` triples so that the rules can be
checked before anything is saved (an admin form, the vacancy grid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tagespflege.dates import add_years

PERMIT_MAX_YEARS = 5
MAX_CHILDREN_PER_PERSON = 5
MAX_CHILDREN_SINGLE = 5
MAX_CHILDREN_LARGE = 9

PermitSpan = tuple[dt.date, dt.date, int]


def permit_latest_end(issued_on: dt.date) -> dt.date:
    return add_years(issued_on, PERMIT_MAX_YEARS)


def children_cap(*, is_large: bool) -> int:
    return MAX_CHILDREN_LARGE if is_large else MAX_CHILDREN_SINGLE


def children_on(permits: Iterable[PermitSpan], day: dt.date) -> int:
    """Children the permits valid on ``day`` add up to (before the provider's cap)."""
    return sum(children for start, end, children in permits if start <= day <= end)


def permitted_on(permits: Iterable[PermitSpan], day: dt.date, *, is_large: bool) -> int:
    return min(children_on(permits, day), children_cap(is_large=is_large))


def peak_children(permits: Iterable[PermitSpan]) -> tuple[int, dt.date | None]:
    """The most children permitted at once, and the first day it happens.

    The sum only rises on a day some permit starts, so those days are the only ones to check.
    """
    spans = list(permits)
    best, best_day = 0, None
    for day in sorted({start for start, _end, _children in spans}):
        total = children_on(spans, day)
        if total > best:
            best, best_day = total, day
    return best, best_day
