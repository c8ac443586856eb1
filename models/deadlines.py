"""Legal answer deadlines: Law 4982 (information requests) and Law 3071 (petitions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models.enums import ApplicationType
from models.i18n import _

# Fixed-date public holidays (month, day).
_FIXED_HOLIDAYS = {(1, 1), (4, 23), (5, 1), (5, 19), (7, 15), (8, 30), (10, 29)}
# Religious holidays move with the lunar calendar; these are the announced dates. The
# central service's reference data is meant to supersede this table (see docs/).
_MOVABLE_HOLIDAYS = {
    date(2026, 3, 20), date(2026, 3, 21), date(2026, 3, 22),
    date(2026, 5, 27), date(2026, 5, 28), date(2026, 5, 29), date(2026, 5, 30),
    date(2027, 3, 9), date(2027, 3, 10), date(2027, 3, 11),
    date(2027, 5, 16), date(2027, 5, 17), date(2027, 5, 18), date(2027, 5, 19),
}


@dataclass(frozen=True)
class LegalDeadline:
    law: str
    due: date
    description: str
    """In the language active when it was computed."""


def is_working_day(day: date) -> bool:
    return (day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS
            and day not in _MOVABLE_HOLIDAYS)


def add_working_days(start: date, days: int) -> date:
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def legal_deadline(application_type: ApplicationType, received: date) -> LegalDeadline:
    """The date an answer is due, counted from the day the application was received."""
    if application_type is ApplicationType.INFORMATION_REQUEST:
        return LegalDeadline("4982", add_working_days(received, 15),
                             _("15 iş günü (4982 s. Kanun)"))
    return LegalDeadline("3071", received + timedelta(days=30), _("30 gün (3071 s. Kanun)"))
