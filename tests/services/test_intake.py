"""Saving an application: one transaction, a station number at once, nothing half-written."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bimer_desktop.app import Desk
from models.entities import Application, AuditEvent, Counter, OutboxItem
from models.turkey_time import TURKEY, turkey_now
from tests.conftest import in_person_form, make_desk
from tests.desk_sql import desk_sql


def count(desk: Desk, entity: type) -> int:
    with desk.db.sessions() as session:
        return int(session.execute(select(func.count()).select_from(entity)).scalar_one())


def test_save_writes_application_outbox_item_and_audit_event(offline_desk: Desk) -> None:
    outcome = offline_desk.intake.save(in_person_form(), "memur1")

    year = turkey_now().year
    assert outcome.ok
    assert outcome.station_number == f"06-01-{year}-000001"
    with offline_desk.db.sessions() as session:
        app = session.scalars(select(Application)).one()
        item = session.scalars(select(OutboxItem)).one()
        event = session.scalars(select(AuditEvent)).one()
    assert app.uuid == outcome.uuid == item.idempotency_key
    assert app.first_name == "Ayşe" and app.mobile_phone == "+905321234567"
    assert item.state == "pending" and item.application_id == app.id
    envelope = json.loads(item.payload)
    assert envelope["station_number"] == outcome.station_number
    assert envelope["application"]["tckn"] == "10000000146"
    assert (event.action, event.application_id, event.user) == ("application.saved", app.id,
                                                                "memur1")
    assert "Ayşe" not in event.detail and "10000000146" not in event.detail


def test_numbers_follow_each_other(offline_desk: Desk) -> None:
    numbers = [offline_desk.intake.save(in_person_form(), "memur1").station_number
               for _ in range(3)]
    assert [n[-6:] for n in numbers if n] == ["000001", "000002", "000003"]


def test_invalid_application_writes_nothing(offline_desk: Desk) -> None:
    outcome = offline_desk.intake.save(in_person_form(tckn="12345678901"), "memur1")
    assert not outcome.ok
    assert "tckn" in outcome.errors
    assert count(offline_desk, Application) == 0
    assert count(offline_desk, OutboxItem) == 0
    assert count(offline_desk, Counter) == 0


def test_a_failure_inside_the_transaction_leaves_no_trace(offline_desk: Desk,
                                                          tmp_path: Path) -> None:
    # A real failure in the middle of the save: the audit insert is refused by the database.
    with desk_sql(tmp_path / "desk" / "desk.db") as raw:
        raw.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
                    "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    with pytest.raises(Exception, match="disk says no"):
        offline_desk.intake.save(in_person_form(), "memur1")
    assert count(offline_desk, Application) == 0
    assert count(offline_desk, OutboxItem) == 0
    assert count(offline_desk, Counter) == 0  # the number is given back, no gap


def test_a_database_error_does_not_carry_the_applicants_data(offline_desk: Desk,
                                                              tmp_path: Path) -> None:
    with desk_sql(tmp_path / "desk" / "desk.db") as raw:
        raw.execute("CREATE TRIGGER refuse_application BEFORE INSERT ON applications "
                    "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    with pytest.raises(Exception, match="disk says no") as failure:
        offline_desk.intake.save(in_person_form(), "memur1")
    # Such a message may reach a log: it must not carry an ID number, a name or the text.
    for secret in ("10000000146", "Ayşe", "Yılmaz", "çöpler"):
        assert secret not in str(failure.value)


def test_two_desks_on_one_database_never_share_a_number(tmp_path: Path) -> None:
    desks = [make_desk(tmp_path / "shared", "http://127.0.0.1:9") for _ in range(2)]
    numbers: list[str] = []
    lock = threading.Lock()

    def save_many(desk: Desk) -> None:
        for _ in range(15):
            outcome = desk.intake.save(in_person_form(), "memur1")
            assert outcome.station_number is not None
            with lock:
                numbers.append(outcome.station_number)

    threads = [threading.Thread(target=save_many, args=(d,)) for d in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for desk in desks:
        desk.close()
    assert len(numbers) == 30
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 31))


def test_a_saved_application_survives_closing_and_reopening(tmp_path: Path) -> None:
    first = make_desk(tmp_path / "d", "http://127.0.0.1:9")
    number = first.intake.save(in_person_form(), "memur1").station_number
    first.close()
    reopened = make_desk(tmp_path / "d", "http://127.0.0.1:9")
    found = reopened.queries.find(number or "")
    reopened.close()
    assert found is not None
    assert found.applicant_masked == "A*** Y*****"
    assert found.sync_state.value == "pending"


def test_the_paper_may_be_dated_turkeys_today_while_utc_is_still_yesterday(
        tmp_path: Path) -> None:
    # 00:30 on 6 December in Ankara is 21:30 on 5 December in UTC: the clerk's wall
    # calendar, the desk's clock, says the 6th, so a letter received today is the 6th.
    just_after_midnight = datetime(2026, 12, 6, 0, 30, tzinfo=TURKEY)
    desk = make_desk(tmp_path / "d", "http://127.0.0.1:9", clock=lambda: just_after_midnight)
    try:
        today = in_person_form(channel="letter", received_date="06.12.2026")
        tomorrow = in_person_form(channel="letter", received_date="07.12.2026")
        assert desk.intake.validate(today).errors == {}
        assert desk.intake.validate(tomorrow).errors == {
            "received_date": "Geliş tarihi bugünden sonra olamaz."}
    finally:
        desk.close()


def test_database_is_wal_with_full_sync(offline_desk: Desk) -> None:
    with offline_desk.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
