"""Turkey's public holidays, as the legal deadlines count them.

The table is a reference document like the subjects (``resources/reference/holidays.json``,
published by the central service as ``GET /api/v1/reference/holidays`` and refreshed into
the desk's cache): the two Bayrams move with the Hijri calendar, so their dates are data,
announced by Diyanet, not a rule. Each day is ``full`` (no work) or ``half`` (an arife: off
from 13:00). The fixed-date holidays of Law 2429 hold by rule in years the table does not
cover; the Bayrams of such a year are unknown, and the deadline there counts them as
working days (the table is refreshed long before: it covers to 2032).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from models.i18n import _
from models.reference import ReferenceDataError
from resources import REFERENCE_DIR

HOLIDAYS_FILE = "holidays.json"
FULL = "full"
HALF = "half"

# Law 2429's fixed dates (month, day): New Year, 23 April, 1 May, 19 May, 15 July,
# 30 August, 29 October; and 28 October from 13:00.
FIXED_FULL_DAYS = frozenset({(1, 1), (4, 23), (5, 1), (5, 19), (7, 15), (8, 30), (10, 29)})
FIXED_HALF_DAYS = frozenset({(10, 28)})


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    kind: str  # FULL or HALF


@dataclass(frozen=True)
class HolidayCalendar:
    version: str
    first_year: int
    last_year: int
    source: str
    holidays: tuple[Holiday, ...]
    _full: frozenset[date] = field(init=False, repr=False, compare=False)
    _half: frozenset[date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_full", frozenset(
            h.day for h in self.holidays if h.kind == FULL))
        object.__setattr__(self, "_half", frozenset(
            h.day for h in self.holidays if h.kind == HALF))

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def is_full_holiday(self, day: date) -> bool:
        if self.covers(day):
            return day in self._full
        return (day.month, day.day) in FIXED_FULL_DAYS

    def is_half_day(self, day: date) -> bool:
        """An arife: work until 13:00 (and no full holiday on the same day)."""
        if self.is_full_holiday(day):
            return False
        if self.covers(day):
            return day in self._half
        return (day.month, day.day) in FIXED_HALF_DAYS

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a full holiday (an arife's morning is worked)."""
        return day.weekday() < 5 and not self.is_full_holiday(day)

    def is_full_working_day(self, day: date) -> bool:
        return self.is_working_day(day) and not self.is_half_day(day)

    def in_year(self, year: int) -> list[Holiday]:
        return [h for h in self.holidays if h.day.year == year]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HolidayCalendar:
        """Parse the published shape; ``ReferenceDataError`` if it is not that shape."""
        try:
            holidays = tuple(
                Holiday(date.fromisoformat(str(item["date"])), str(item["name"]),
                        str(item["kind"]))
                for item in data["days"]
            )
            calendar = cls(version=str(data["version"]), first_year=int(data["first_year"]),
                           last_year=int(data["last_year"]), source=str(data["source"]),
                           holidays=holidays)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ReferenceDataError(
                _("Tatil günleri listesi beklenen biçimde değil ({error}).").format(
                    error=error)) from None
        if any(h.kind not in (FULL, HALF) for h in holidays):
            raise ReferenceDataError(_("Tatil günleri listesinde bilinmeyen bir gün türü var."))
        if calendar.first_year > calendar.last_year:
            raise ReferenceDataError(_("Tatil günleri listesinin yılları ters."))
        return calendar

    def to_json(self) -> dict[str, Any]:
        days: list[dict[str, str]] = []
        for h in self.holidays:
            item = {"date": h.day.isoformat(), "name": h.name, "kind": h.kind}
            if h.kind == HALF:
                item["from"] = "13:00"
            days.append(item)
        return {"version": self.version, "first_year": self.first_year,
                "last_year": self.last_year, "source": self.source, "days": days}


@cache
def bundled_calendar() -> HolidayCalendar:
    """The table shipped with the program (read once; immutable)."""
    path = REFERENCE_DIR / HOLIDAYS_FILE
    return HolidayCalendar.from_json(json.loads(path.read_text("utf-8")))
