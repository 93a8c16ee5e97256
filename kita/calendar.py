"""Kita-year and age arithmetic. Pure functions; the rest of the code asks these, never guesses.

A Kita-year runs from 1 August to 31 July and is named by the year it starts in. A child is U3
when it is younger than three years on the start date, Ü3 otherwise.
"""

from __future__ import annotations

import datetime as dt

# The age rules are shared with Kindertagespflege; re-exported here for the Kita code.
from familyportal.core.calendar import U3_LIMIT_MONTHS, age_in_months, is_u3

__all__ = [
    "U3_LIMIT_MONTHS",
    "age_in_months",
    "is_u3",
    "kita_year_of",
    "kita_year_start",
    "next_kita_year_start",
]

KITA_YEAR_START_MONTH = 8


def kita_year_of(day: dt.date) -> int:
    return day.year if day.month >= KITA_YEAR_START_MONTH else day.year - 1


def kita_year_start(kita_year: int) -> dt.date:
    return dt.date(kita_year, KITA_YEAR_START_MONTH, 1)


def next_kita_year_start(today: dt.date) -> dt.date:
    """The next 1 August after today (the usual desired start)."""
    this_year = dt.date(today.year, KITA_YEAR_START_MONTH, 1)
    return this_year if today < this_year else dt.date(today.year + 1, KITA_YEAR_START_MONTH, 1)
