"""Kita-year and age arithmetic. Pure functions; the rest of the code asks these, never guesses.

A Kita-year runs from 1 August to 31 July and is named by the year it starts in. A child is U3
when it is younger than three years on the start date, Ü3 otherwise.
"""

from __future__ import annotations

import datetime as dt

KITA_YEAR_START_MONTH = 8
U3_LIMIT_MONTHS = 36


def kita_year_of(day: dt.date) -> int:
    return day.year if day.month >= KITA_YEAR_START_MONTH else day.year - 1


def kita_year_start(kita_year: int) -> dt.date:
    return dt.date(kita_year, KITA_YEAR_START_MONTH, 1)


def next_kita_year_start(today: dt.date) -> dt.date:
    """The next 1 August after today (the usual desired start)."""
    this_year = dt.date(today.year, KITA_YEAR_START_MONTH, 1)
    return this_year if today < this_year else dt.date(today.year + 1, KITA_YEAR_START_MONTH, 1)


def age_in_months(birth_date: dt.date, on: dt.date) -> int:
    """Completed months of life on ``on`` (negative before birth)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    return months


def is_u3(birth_date: dt.date, start: dt.date) -> bool:
    return age_in_months(birth_date, start) < U3_LIMIT_MONTHS
