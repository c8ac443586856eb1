"""Every time shown or printed is Turkey's, whatever zone the PC is set to; the store keeps
UTC. The PC here is put in Los Angeles (UTC-8 in winter), where the new year begins eleven
hours after Istanbul's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from models.entities import Application
from models.i18n import format_datetime, format_time, use_language
from models.turkey_time import TURKEY, in_turkey
from services.clock import local_now
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.conftest import in_person_form, make_desk
from tests.printing.pdf_helpers import normalize_space, pdf_text

# 22:30 UTC on New Year's Eve: already 01:30 on 1 January in Turkey, 14:30 in Los Angeles.
NEW_YEAR_IN_TURKEY = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)


@pytest.fixture
def pc_in_los_angeles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    assert datetime.now().astimezone().utcoffset() != timedelta(hours=3)
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("pc_in_los_angeles")
def test_the_desk_clock_is_turkeys_whatever_the_pc_says() -> None:
    now = local_now()
    assert now.utcoffset() == timedelta(hours=3)
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.usefixtures("pc_in_los_angeles")
def test_shown_times_are_turkeys() -> None:
    assert format_datetime(NEW_YEAR_IN_TURKEY) == "01.01.2027 01:30"
    assert format_time(NEW_YEAR_IN_TURKEY) == "01:30"
    # A naive time is UTC, as the store writes it, never the PC's local time.
    assert format_datetime(NEW_YEAR_IN_TURKEY.replace(tzinfo=None)) == "01.01.2027 01:30"
    assert in_turkey(NEW_YEAR_IN_TURKEY).tzinfo is TURKEY


@pytest.mark.usefixtures("pc_in_los_angeles")
def test_english_times_are_turkeys_and_dates_iso() -> None:
    use_language("en")
    try:
        assert format_datetime(NEW_YEAR_IN_TURKEY) == "2027-01-01 01:30"
    finally:
        use_language("tr")


@pytest.mark.usefixtures("pc_in_los_angeles")
def test_a_receipt_printed_at_new_year_has_turkeys_year_date_and_time(tmp_path: Path) -> None:
    """The desk's clock (what the application is stamped with) is Turkey's, so the station
    number takes Turkey's year; the store keeps UTC; the receipt shows Turkey's time."""
    with make_desk(tmp_path / "d", "http://127.0.0.1:9",
                   clock=lambda: in_turkey(NEW_YEAR_IN_TURKEY)) as desk:
        outcome = desk.intake.save(in_person_form(), "memur1")
        assert outcome.station_number == "06-01-2027-000001"
        with desk.db.sessions() as session:
            stored = session.scalars(select(Application.created_at)).one()
        assert stored == NEW_YEAR_IN_TURKEY and stored.utcoffset() == timedelta(0)
        printed = desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT,
                                                      outcome.station_number),
                                         "memur1", PdfFile(tmp_path / "r.pdf"))
    assert "01.01.2027 01:30" in normalize_space(pdf_text(printed.pdf))
