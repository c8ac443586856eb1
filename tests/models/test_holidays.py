"""The holiday table and the 4982 count across a Bayram, an arife and a year end."""

from __future__ import annotations

from datetime import date

import pytest

from models.deadlines import (
    DeadlineState,
    add_working_days,
    deadline_state,
    due_date,
    legal_deadline,
    received_on,
    state_ranges,
)
from models.enums import ApplicationType
from models.holidays import FULL, HALF, HolidayCalendar, bundled_calendar
from models.reference import ReferenceDataError


def test_the_bundled_table_covers_2024_to_2032_and_names_its_source() -> None:
    calendar = bundled_calendar()
    assert (calendar.first_year, calendar.last_year) == (2024, 2032)
    assert "2429" in calendar.source and "Diyanet" in calendar.source
    for year in range(2024, 2033):
        days = calendar.in_year(year)
        names = " ".join(h.name for h in days)
        assert "Ramazan Bayramı" in names and "Kurban Bayramı" in names, year
        # Three days of Ramazan, four of Kurban, each with a half-day arife; 28 October too.
        assert sum(h.kind == HALF for h in days) == 3, year
    assert calendar.is_full_holiday(date(2026, 3, 20))  # Ramazan Bayramı, 1st day
    assert calendar.is_half_day(date(2026, 3, 19))  # its arife
    assert calendar.is_half_day(date(2026, 10, 28))
    assert calendar.is_full_holiday(date(2030, 4, 13))  # Kurban Bayramı 2030


def test_outside_the_table_the_fixed_holidays_of_law_2429_still_hold() -> None:
    calendar = bundled_calendar()
    assert calendar.is_full_holiday(date(2040, 10, 29))
    assert calendar.is_half_day(date(2040, 10, 28))
    assert not calendar.is_full_holiday(date(2040, 3, 1))


def test_across_a_bayram_the_holidays_do_not_count() -> None:
    # Received Monday 11 May 2026; 19 May (Tue) and Kurban Bayramı 27-30 May are off, the
    # arife 26 May (Tue) is worked until 13:00 and counts.
    deadline = legal_deadline(ApplicationType.INFORMATION_REQUEST, date(2026, 5, 11))
    assert deadline.due == date(2026, 6, 5)


def test_a_deadline_ending_on_an_arife_moves_to_the_next_full_working_day() -> None:
    # 15 working days after 26 Feb 2026 end on Thursday 19 March: Ramazan Bayramı's arife
    # (work ends at 13:00). Friday 20 to Sunday 22 are the Bayram: Monday 23 March.
    assert add_working_days(date(2026, 2, 26), 15) == date(2026, 3, 23)
    # One day earlier ends the day before the arife, unchanged.
    assert add_working_days(date(2026, 2, 25), 15) == date(2026, 3, 18)


def test_across_a_year_end() -> None:
    # Received Monday 21 Dec 2026: 1 January is off; 15 working days end 12 January 2027.
    assert due_date("4982", date(2026, 12, 21)) == date(2027, 1, 12)
    # 3071: thirty calendar days, holidays or not.
    assert due_date("3071", date(2026, 12, 21)) == date(2027, 1, 20)


def test_the_deadline_counts_from_the_stamped_receipt_day() -> None:
    from datetime import UTC, datetime

    saved = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert received_on(saved, date(2026, 11, 27)) == date(2026, 11, 27)
    assert received_on(saved, None) == saved.astimezone().date()


@pytest.mark.parametrize("law", ["4982", "3071"])
@pytest.mark.parametrize("today", [date(2026, 3, 19), date(2026, 5, 26), date(2026, 12, 31),
                                   date(2027, 1, 4)])
def test_the_state_ranges_are_exactly_the_receipt_days_in_that_state(
        law: str, today: date) -> None:
    from datetime import timedelta

    for state in DeadlineState:
        days = state_ranges(state, today, law)
        for back in range(-10, 90):
            received = today - timedelta(days=back)
            inside = days is not None and (days.first is None or received >= days.first) and (
                days.last is None or received <= days.last)
            assert inside == (deadline_state(due_date(law, received), today) is state), (
                state, received)


def test_a_table_of_the_wrong_shape_is_refused_in_turkish() -> None:
    with pytest.raises(ReferenceDataError, match="beklenen biçimde değil"):
        HolidayCalendar.from_json({"version": "1", "days": []})
    good = bundled_calendar().to_json()
    assert HolidayCalendar.from_json(good) == bundled_calendar()
    bad = {**good, "days": [{"date": "2026-01-01", "name": "x", "kind": "quarter"}]}
    with pytest.raises(ReferenceDataError):
        HolidayCalendar.from_json(bad)
    assert {h.kind for h in bundled_calendar().holidays} == {FULL, HALF}
