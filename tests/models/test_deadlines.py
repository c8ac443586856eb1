"""Legal deadlines: 15 working days (4982) or 30 days (3071)."""

from __future__ import annotations

from datetime import date

from models.deadlines import add_working_days, is_working_day, legal_deadline
from models.enums import ApplicationType


def test_information_requests_skip_weekends_and_holidays() -> None:
    # Friday 23 October 2026: 29 October (Thursday) is Republic Day.
    deadline = legal_deadline(ApplicationType.INFORMATION_REQUEST, date(2026, 10, 23))
    assert deadline.law == "4982"
    assert deadline.due == date(2026, 11, 16)


def test_petitions_are_due_in_thirty_calendar_days() -> None:
    deadline = legal_deadline(ApplicationType.COMPLAINT, date(2026, 11, 28))
    assert deadline.due == date(2026, 12, 28)
    assert deadline.description == "30 gün (3071 s. Kanun)"


def test_working_days() -> None:
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 5, 27))  # Kurban Bayramı
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
