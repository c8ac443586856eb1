"""Each desk's audit chain anchored at the central service (issue 13, item 3): sent after
every sync, once; a replay is recognised; a trail edited at the desk — even with every hash
after the edit recomputed, which the desk's own check cannot see — is refused by the
service, which keeps the chain as it first received it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bimer_central.db import AnchoredDeskEvent
from bimer_desktop.app import Desk
from bimer_desktop.cli import main
from models.audit_chain import GENESIS, event_hash
from models.entities import AuditEvent, Counter
from models.samples import in_person_sample
from services.audit_anchor import ANCHORED_THROUGH
from tests.central_auth import central_for, register
from tests.desk_sql import desk_sql


def _held(desk: Desk) -> list[tuple[int, str]]:
    server = central_for(desk.config.settings.central_url)
    assert server is not None
    engine = create_engine(server.database)
    try:
        with Session(engine) as session:
            return [(row.event_id, row.hash) for row in session.scalars(
                select(AnchoredDeskEvent).where(AnchoredDeskEvent.station_code == "06-01")
                .order_by(AnchoredDeskEvent.event_id))]
    finally:
        engine.dispose()


def _desk_events(desk: Desk) -> list[tuple[int, str]]:
    with desk.db.sessions() as session:
        return [(row.id, row.hash) for row in session.scalars(
            select(AuditEvent).order_by(AuditEvent.id))]


def test_the_trail_reaches_the_centre_once_after_each_sync(desk: Desk) -> None:
    desk.intake.save(in_person_sample(), "memur1")
    desk.sync.drain_once()
    assert _held(desk) == _desk_events(desk)
    state = desk.audit_anchoring.state()
    assert state.anchored_through == _desk_events(desk)[-1][0] and state.broken_at == 0

    desk.auth.record("desk.locked", "by hand")
    desk.sync.drain_once()
    desk.sync.drain_once()
    assert _held(desk) == _desk_events(desk)

    # An answer lost: the desk sends from the start again; the service counts a replay.
    with desk.db.sessions.begin() as session:
        row = session.get(Counter, ANCHORED_THROUGH)
        assert row is not None
        row.value = 0
    state = desk.audit_anchoring.send(desk.central_client())
    assert state.anchored_through == _desk_events(desk)[-1][0]
    assert _held(desk) == _desk_events(desk)


def _forge_from(path: Path, event_id: int, action: str) -> None:
    """Edit one event and recompute every hash after it: the desk's own chain verifies."""
    connection = desk_sql(path)
    try:
        connection.execute("DROP TRIGGER audit_events_append_only_update")
        rows = connection.execute(
            "SELECT id, at, user, station_code, action, application_id, detail FROM "
            "audit_events WHERE id >= ? ORDER BY id", (event_id,)).fetchall()
        previous = connection.execute(
            "SELECT hash FROM audit_events WHERE id < ? ORDER BY id DESC LIMIT 1",
            (event_id,)).fetchone()
        prev = previous[0] if previous else GENESIS
        for row_id, at, user, station, old_action, application_id, detail in rows:
            new_action = action if row_id == event_id else old_action
            digest = event_hash(id=row_id, at=datetime.fromisoformat(at).replace(tzinfo=UTC),
                                user=user, station_code=station, action=new_action,
                                application_id=application_id, detail=detail, prev_hash=prev)
            connection.execute("UPDATE audit_events SET action = ?, prev_hash = ?, hash = ? "
                               "WHERE id = ?", (new_action, prev, digest, row_id))
            prev = digest
        connection.commit()
    finally:
        connection.close()


def test_a_trail_rewritten_at_the_desk_is_refused_by_the_centre(
        desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    desk.intake.save(in_person_sample(), "memur1")
    desk.sync.drain_once()
    held_before = _held(desk)
    first_saved = next(event_id for event_id, _hash in held_before)
    _forge_from(desk.config.data_dir / "desk.db", first_saved, "desk.unlocked")
    assert desk.audit_trail.verify().ok  # recomputed: the desk alone cannot tell
    desk.auth.record("desk.locked")  # a new event: it links to the forged chain

    state = desk.audit_anchoring.send(desk.central_client())
    assert state.broken_at > 0
    assert state.anchored_through == held_before[-1][0]
    assert _held(desk) == held_before  # the service keeps the chain as first received

    desk.close()
    code = main(["--data-dir", str(desk.config.data_dir), "audit", "verify"])
    err = capsys.readouterr().err
    assert code == 1 and f"merkez {state.broken_at} numaralı olayı kabul etmedi" in err


def test_the_service_checks_each_link_itself(central_url: str) -> None:
    server = central_for(central_url)
    assert server is not None
    headers = register(server, "06-07", "memur7")

    def event(event_id: int, prev: str, action: str = "login") -> dict[str, object]:
        at = "2026-12-05T10:00:00.000000+00:00"
        digest = event_hash(id=event_id, at=datetime.fromisoformat(at), user="memur7",
                            station_code="06-07", action=action, application_id=None,
                            detail="", prev_hash=prev)
        return {"id": event_id, "at": at, "user": "memur7", "station_code": "06-07",
                "action": action, "application_id": None, "detail": "", "prev_hash": prev,
                "hash": digest}

    first = event(1, GENESIS)
    second = event(2, str(first["hash"]))
    url = central_url + "/api/v1/audit-events"
    answer = requests.post(url, json={"events": [first, second]}, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["anchored_through"] == 2
    # Not linking to the last one held.
    stray = event(3, GENESIS)
    answer = requests.post(url, json={"events": [stray]}, headers=headers, timeout=10)
    assert answer.status_code == 409
    assert (answer.json()["reason"], answer.json()["event_id"]) == ("audit_chain_broken", 3)
    # A hash that is not the event's.
    bad = {**event(3, str(second["hash"])), "detail": "changed"}
    answer = requests.post(url, json={"events": [bad]}, headers=headers, timeout=10)
    assert answer.status_code == 409 and answer.json()["event_id"] == 3
    # Another station's event, through this desk's credential.
    other = {**event(3, str(second["hash"])), "station_code": "06-08"}
    answer = requests.post(url, json={"events": [other]}, headers=headers, timeout=10)
    assert answer.status_code == 409
