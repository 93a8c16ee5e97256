import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kita import calendar


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2026, 7, 31), 2025), (dt.date(2026, 8, 1), 2026), (dt.date(2027, 1, 15), 2026)],
)
def test_kita_year_runs_from_august(day: dt.date, year: int) -> None:
    assert calendar.kita_year_of(day) == year


def test_next_start_is_the_coming_first_of_august() -> None:
    assert calendar.next_kita_year_start(dt.date(2026, 11, 21)) == dt.date(2027, 8, 1)
    assert calendar.next_kita_year_start(dt.date(2026, 3, 1)) == dt.date(2026, 8, 1)
    assert calendar.next_kita_year_start(dt.date(2026, 8, 1)) == dt.date(2027, 8, 1)


def test_age_in_completed_months() -> None:
    born = dt.date(2024, 5, 20)
    assert calendar.age_in_months(born, dt.date(2025, 5, 19)) == 11
    assert calendar.age_in_months(born, dt.date(2025, 5, 20)) == 12
    assert calendar.age_in_months(born, dt.date(2024, 4, 1)) == -2


def test_three_year_olds_are_ue3_on_their_birthday() -> None:
    assert calendar.is_u3(dt.date(2024, 8, 2), dt.date(2027, 8, 1))
    assert not calendar.is_u3(dt.date(2024, 8, 1), dt.date(2027, 8, 1))


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_kita_year_contains_its_days(day: dt.date) -> None:
    start = calendar.kita_year_start(calendar.kita_year_of(day))
    assert start <= day < dt.date(start.year + 1, 8, 1)
