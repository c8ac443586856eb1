"""The home screen's figures count today's work on this desk's real database."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from models.entities import OutboxItem
from services.desk_figures import DeskFiguresService
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.conftest import in_person_form, make_desk


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_today_counts_what_was_taken_printed_waiting_and_refused(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 11, 27, 16, 0).astimezone())
    with make_desk(tmp_path, "http://127.0.0.1:9", clock=clock) as desk:
        desk.intake.save(in_person_form(), "memur1")  # yesterday: still waiting, not today's
        clock.now = clock.now + timedelta(days=1)
        saved = [desk.intake.save(in_person_form(), "memur1") for _ in range(3)]
        desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, saved[0].station_number or ""),
                               "memur1", PdfFile(tmp_path / "r.pdf"))
        with desk.db.sessions.begin() as session:
            item = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).first()
            assert item is not None
            item.state = "quarantined"
            item.last_message = "Geçersiz"

        figures = DeskFiguresService(desk.db, clock).today()

    assert (figures.taken_today, figures.printed_today) == (3, 1)
    assert (figures.waiting, figures.quarantined) == (3, 1)
    assert figures.day.date() == clock.now.date()
