"""Calendar quarters, the reporting period of Kita-Sozialarbeit."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Quarter(NamedTuple):
    year: int
    quarter: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """ "2026-2" → Quarter(2026, 2); anything else → None."""
        year, _sep, quarter = text.partition("-")
        if not (year.isdigit() and quarter.isdigit()):
            return None
        value = cls(int(year), int(quarter))
        return value if 1 <= value.quarter <= 4 and 2000 <= value.year <= 2100 else None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)
        )

    def __str__(self) -> str:
        return f"{self.year}-{self.quarter}"
