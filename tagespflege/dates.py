"""Month and age arithmetic for Kindertagespflege. Pure functions, no Django.

Care in Tagespflege starts in any month, so vacancies are kept per calendar month (the first day
stands for the month). A child is U3 when it is younger than three years at the start, Ü3
otherwise — the same rule as in the Kita catalogue, from ``familyportal.core.calendar``.
"""

from __future__ import annotations

import calendar
import datetime as dt

from familyportal.core.calendar import U3_LIMIT_MONTHS, age_in_months

__all__ = ["U3_LIMIT_MONTHS", "age_in_months"]  # re-exported for this app's callers
U3 = "u3"
UE3 = "ue3"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 → 30)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def months_from(start: dt.date, count: int) -> list[dt.date]:
    """``count`` months, each as its first day, starting with the month of ``start``."""
    first = first_of_month(start)
    return [add_months(first, offset) for offset in range(count)]


def age_band(birth_date: dt.date, start: dt.date) -> str:
    return U3 if age_in_months(birth_date, start) < U3_LIMIT_MONTHS else UE3
