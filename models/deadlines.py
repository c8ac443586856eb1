"""Legal answer deadlines: Law 4982 (information requests) and Law 3071 (petitions).

How they are counted, in one place (the receipt, the report and every list use this):

- **From** the day the institution received the application (:func:`received_on`): the
  date the mailroom stamped on a letter, fax or e-mail (``received_date``), otherwise the
  day it was saved at the desk. That day itself does not count.
- **4982** (Bilgi Edinme): 15 *iş günü* — Monday to Friday, without the public holidays of
  :mod:`models.holidays` (the fixed ones of Law 2429 and the Ramazan and Kurban Bayramı
  days). An **arife** (the eve of a Bayram, and 28 October) is worked until 13:00, so it
  counts as a working day; but a deadline that would end on an arife ends on the next full
  working day instead, as the courts hold a period whose last day is a half day (the
  office closes at 13:00).
- **3071** (every other type): 30 calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from models.enums import ApplicationType
from models.holidays import HolidayCalendar, bundled_calendar
from models.i18n import N_, _
from models.turkey_time import in_turkey

INFORMATION_WORKING_DAYS = 15
PETITION_DAYS = 30
NEAR_DAYS = 3  # a deadline at most this many days away (today included) is "yaklaşan"


@dataclass(frozen=True)
class LegalDeadline:
    law: str
    due: date
    description: str
    """In the language active when it was computed."""


class DeadlineState(StrEnum):
    OPEN = "open"  # more than NEAR_DAYS days left
    NEAR = "near"  # due within NEAR_DAYS days, today included
    OVERDUE = "overdue"  # the due date has passed

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])


_STATE_LABELS = {
    DeadlineState.OPEN: N_("Süresi var"),
    DeadlineState.NEAR: N_("Süresi yaklaşan"),
    DeadlineState.OVERDUE: N_("Süresi geçen"),
}


def received_on(created_at: datetime, received_date: date | None) -> date:
    """The day the deadline counts from: the stamped receipt date, else the save day on
    Turkey's calendar (whatever the PC's own zone)."""
    return received_date or in_turkey(created_at).date()


def law_of(application_type: ApplicationType) -> str:
    return "4982" if application_type is ApplicationType.INFORMATION_REQUEST else "3071"


def is_working_day(day: date, calendar: HolidayCalendar | None = None) -> bool:
    return (calendar or bundled_calendar()).is_working_day(day)


def add_working_days(start: date, days: int, calendar: HolidayCalendar | None = None) -> date:
    """``days`` working days after ``start``; one ending on an arife moves to the next full
    working day."""
    calendar = calendar or bundled_calendar()
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    while not calendar.is_full_working_day(current):
        current += timedelta(days=1)
    return current


def due_date(law: str, received: date, calendar: HolidayCalendar | None = None) -> date:
    if law == "4982":
        return add_working_days(received, INFORMATION_WORKING_DAYS, calendar)
    return received + timedelta(days=PETITION_DAYS)


def legal_deadline(application_type: ApplicationType, received: date,
                   calendar: HolidayCalendar | None = None) -> LegalDeadline:
    """The date an answer is due, counted from the day the application was received."""
    law = law_of(application_type)
    due = due_date(law, received, calendar)
    if law == "4982":
        return LegalDeadline(law, due, _("15 iş günü (4982 s. Kanun)"))
    return LegalDeadline(law, due, _("30 gün (3071 s. Kanun)"))


def days_left(due: date, today: date) -> int:
    """Calendar days until ``due``: 0 on the day itself, negative once it has passed."""
    return (due - today).days


def deadline_state(due: date, today: date) -> DeadlineState:
    left = days_left(due, today)
    if left < 0:
        return DeadlineState.OVERDUE
    if left < NEAR_DAYS:
        return DeadlineState.NEAR
    return DeadlineState.OPEN


@dataclass(frozen=True)
class ReceivedRange:
    """Applications received in ``[first, last]`` (either end open when None) have their
    due date in the range asked for."""

    first: date | None
    last: date | None


def received_range(law: str, due_from: date | None, due_to: date | None,
                   calendar: HolidayCalendar | None = None) -> ReceivedRange | None:
    """Which receipt days give a due date in ``[due_from, due_to]`` (None: open end), or
    None when no day does. The due date never decreases as the receipt day grows, so the
    answer is one range: this is how a list filters "süresi yaklaşan / geçen" in SQL, on
    the indexed receipt day, without a stored due date that a new holiday table would
    make wrong."""
    calendar = calendar or bundled_calendar()
    # A due date is at most ~40 days after its receipt day (15 working days across the
    # longest run of holidays), at least 15: search the receipt days in that window.
    first = last = None
    if due_from is not None:
        day = due_from - timedelta(days=60)
        while due_date(law, day, calendar) < due_from:
            day += timedelta(days=1)
        first = day
    if due_to is not None:
        day = due_to
        while due_date(law, day, calendar) > due_to:
            day -= timedelta(days=1)
        last = day
    if first is not None and last is not None and first > last:
        return None
    return ReceivedRange(first, last)


def state_ranges(state: DeadlineState, today: date, law: str,
                 calendar: HolidayCalendar | None = None) -> ReceivedRange | None:
    """The receipt days of applications under ``law`` whose deadline is in ``state`` today."""
    if state is DeadlineState.OVERDUE:
        return received_range(law, None, today - timedelta(days=1), calendar)
    if state is DeadlineState.NEAR:
        return received_range(law, today, today + timedelta(days=NEAR_DAYS - 1), calendar)
    return received_range(law, today + timedelta(days=NEAR_DAYS), None, calendar)
