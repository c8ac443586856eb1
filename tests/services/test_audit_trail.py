"""The tamper-evident audit trail (issue 13, item 3): every kind of event in one chain that
verifies; a row edited, removed or forged directly in the database is named as the first
broken link; concurrent writers never fork the chain; old desks' events are chained by the
migration; ``bimer-desktop audit verify|list``."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, select

from bimer_desktop.app import Desk
from bimer_desktop.cli import main
from models.audit_chain import GENESIS, event_hash
from models.database import migrate, open_database
from models.entities import AuditEvent
from models.roles import Role
from models.samples import in_person_sample
from services.audit import AuditTrail, EventFilter, record_event
from services.auth import Clerk, ClerkSession
from services.case_search import CaseFilter, Query
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.desk_sql import desk_sql

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "applications.jsonl"


def _as(desk: Desk, username: str) -> None:
    desk.auth.sign_in(ClerkSession(Clerk(username, username, (Role.CLERK,), ""), online=False))


def _actions(desk: Desk) -> list[str]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_save_print_reveal_export_and_session_events_form_one_chain(
        offline_desk: Desk, tmp_path: Path) -> None:
    _as(offline_desk, "memur1")
    number = offline_desk.intake.save(in_person_sample(), "memur1").station_number
    offline_desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, number), "memur1",
                                   PdfFile(tmp_path / "receipt.pdf"))
    found = offline_desk.cases.find_one(number, offline_desk.viewer())
    assert found is not None
    offline_desk.case_details.reveal(found.id, offline_desk.viewer())
    offline_desk.case_export.write(Query(CaseFilter()), offline_desk.viewer(),
                                   tmp_path / "cases.csv")
    offline_desk.auth.record("desk.locked", "by hand")
    offline_desk.auth.record("settings.changed", "keys=retention_days")

    actions = _actions(offline_desk)
    for wanted in ("application.saved", "identity.revealed", "desk.locked",
                   "settings.changed"):
        assert wanted in actions
    assert any(action.startswith("print") or "print" in action for action in actions), actions
    assert any("export" in action for action in actions), actions
    check = offline_desk.audit_trail.verify()
    assert check.ok and check.events == len(actions)
    # Never personal data in the trail.
    sample = in_person_sample()
    with offline_desk.db.sessions() as session:
        text = " ".join(f"{e.user} {e.action} {e.detail}"
                        for e in session.scalars(select(AuditEvent)))
    for personal in (sample.tckn, sample.first_name, sample.last_name, sample.email,
                     sample.address, sample.text[:20]):
        assert personal not in text


def _trail_with(data_dir: Path, events: int) -> Path:
    db = open_database(data_dir / "desk.db")
    try:
        with db.sessions.begin() as session:
            for index in range(events):
                record_event(session, at=datetime(2026, 12, 1, 9, index, tzinfo=UTC),
                             user="memur1", station_code="06-01", action="login",
                             application_id=None, detail=f"n={index}")
    finally:
        db.close()
    return data_dir / "desk.db"


def _verify(path: Path) -> tuple[bool, int | None, str]:
    db = open_database(path)
    try:
        check = AuditTrail(db).verify()
    finally:
        db.close()
    return check.ok, check.broken.event_id if check.broken else None, \
        check.broken.reason if check.broken else ""


def test_the_program_cannot_change_or_remove_an_event(tmp_path: Path) -> None:
    path = _trail_with(tmp_path, 3)
    with desk_sql(path) as connection:
        for statement in ("UPDATE audit_events SET detail = 'x' WHERE id = 2",
                          "DELETE FROM audit_events WHERE id = 2"):
            with pytest.raises(sqlcipher.IntegrityError, match="append-only"):
                connection.execute(statement)
    assert _verify(path) == (True, None, "")


def _tamper(path: Path, *statements: str) -> None:
    """What someone with the file and a SQLite shell can do: drop the guards, then edit."""
    connection = desk_sql(path)
    try:
        connection.execute("DROP TRIGGER audit_events_append_only_update")
        connection.execute("DROP TRIGGER audit_events_append_only_delete")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_an_edited_event_is_the_first_broken_link(tmp_path: Path) -> None:
    path = _trail_with(tmp_path, 6)
    assert _verify(path) == (True, None, "")
    _tamper(path, "UPDATE audit_events SET user = 'baskasi' WHERE id = 4")
    assert _verify(path) == (False, 4, "changed")


def test_an_edit_with_its_hash_recomputed_breaks_the_next_link(tmp_path: Path) -> None:
    path = _trail_with(tmp_path, 6)
    with desk_sql(path) as connection:
        row = connection.execute("SELECT at, prev_hash FROM audit_events WHERE id = 3").fetchone()
    forged = event_hash(id=3, at=datetime.fromisoformat(row[0]), user="memur1",
                        station_code="06-01", action="logout", application_id=None,
                        detail="n=2", prev_hash=row[1])
    _tamper(path, f"UPDATE audit_events SET action = 'logout', hash = '{forged}' WHERE id = 3")
    assert _verify(path) == (False, 4, "unlinked")


def test_a_removed_event_breaks_the_link_after_it(tmp_path: Path) -> None:
    path = _trail_with(tmp_path, 6)
    _tamper(path, "DELETE FROM audit_events WHERE id = 2")
    assert _verify(path) == (False, 3, "unlinked")


def test_concurrent_writers_never_fork_the_chain(tmp_path: Path) -> None:
    path = _trail_with(tmp_path, 0)
    db = open_database(path)
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for index in range(25):
                with db.sessions.begin() as session:
                    record_event(session, at=datetime.now(UTC), user=f"memur{worker}",
                                 station_code="06-01", action="login", application_id=None,
                                 detail=f"{worker}/{index}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        check = AuditTrail(db).verify()
        assert check.ok and check.events == 100
    finally:
        db.close()


def test_the_events_of_an_older_desk_are_chained_by_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0010")
    engine.dispose()
    with desk_sql(path) as connection:
        connection.executemany(
            "INSERT INTO audit_events (at, user, station_code, action, application_id, detail)"
            " VALUES (?, 'memur1', '06-01', 'login', NULL, '')",
            [(f"2026-11-0{day} 10:00:00.000000",) for day in range(1, 6)])
    ok, broken, _reason = _verify(path)
    assert (ok, broken) == (True, None)
    with desk_sql(path) as connection:
        first = connection.execute("SELECT prev_hash FROM audit_events ORDER BY id").fetchone()
    assert first[0] == GENESIS


def test_audit_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data-dir", str(tmp_path)]  # a training desk: no login needed
    assert main([*args, "import", str(EXAMPLES)]) == 0
    capsys.readouterr()
    assert main([*args, "audit", "verify"]) == 0
    assert "Denetim kaydı sağlam" in capsys.readouterr().out

    assert main([*args, "audit", "list", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    saved = [event for event in events if event["action"] == "application.saved"]
    assert saved and all(event["case"] for event in saved)
    case = saved[0]["case"]
    assert main([*args, "audit", "list", "--json", "--case", case]) == 0
    assert {event["case"] for event in json.loads(capsys.readouterr().out)} == {case}
    assert main([*args, "audit", "list", "--user", "nobody"]) == 0
    assert "Bu süzgece uyan olay yok." in capsys.readouterr().out
    assert main([*args, "audit", "list", "--from", "31.02.2026"]) == 2
    assert "tarihi anlaşılamadı" in capsys.readouterr().err
    assert main([*args, "audit", "list", "--from", "01.01.2020", "--to", "31.12.2099"]) == 0
    assert case in capsys.readouterr().out

    _tamper(tmp_path / "desk.db", f"UPDATE audit_events SET detail = 'x' "
                                  f"WHERE id = {saved[1]['id']}")
    assert main([*args, "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"ilk kırık halka {saved[1]['id']} numaralı olay" in err and "Traceback" not in err


def test_a_filter_by_time_and_user(offline_desk: Desk) -> None:
    _as(offline_desk, "memur1")
    offline_desk.auth.record("desk.locked")
    _as(offline_desk, "memur2")
    offline_desk.auth.record("desk.locked")
    listed = offline_desk.audit_trail.events(EventFilter(user="memur2"))
    assert [item.event.user for item in listed] == ["memur2"]
    assert offline_desk.audit_trail.events(
        EventFilter(start=datetime(2099, 1, 1, tzinfo=UTC))) == []
