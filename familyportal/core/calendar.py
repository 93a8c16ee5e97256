"""Age arithmetic shared by Kitas and Kindertagespflege. Pure functions, no Django.

A child is U3 when it is younger than three years on the start date, Ü3 otherwise. Kita-year
logic stays in ``kita.calendar``, month logic of Tagespflege in ``tagespflege.dates``.
"""

from __future__ import annotations

import datetime as dt

U3_LIMIT_MONTHS = 36


def age_in_months(birth_date: dt.date, on: dt.date) -> int:
    """Completed months of life on ``on`` (negative before birth)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    return months


def is_u3(birth_date: dt.date, start: dt.date) -> bool:
    return age_in_months(birth_date, start) < U3_LIMIT_MONTHS
