"""The outbox and the credentials: a session that ends in the middle of a long sync pauses
sending (no quarantine), and after a new login the rest goes — each application exactly
once; a desk the coordinator revoked keeps every unsent application."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import requests

from bimer_desktop.app import Desk
from models.auth_reasons import AuthReason
from models.enums import OutboxState
from models.roles import Role
from services.auth import LoginStatus
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, central_for
from tests.conftest import in_person_form

COUNT = 500
EXPIRES_AFTER = 230


def central_uuids(central_db_path: Path) -> list[str]:
    with closing(sqlite3.connect(central_db_path)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT uuid FROM received_applications ORDER BY id")]


def test_a_session_ending_midway_through_500_loses_and_duplicates_nothing(
        desk: Desk, central_url: str, central_db_path: Path) -> None:
    saved = [desk.intake.save(in_person_form(), "memur1") for _ in range(COUNT)]
    assert all(outcome.ok for outcome in saved)
    ended: list[int] = []

    def progress(done: int, _total: int) -> None:
        if done == EXPIRES_AFTER and not ended:
            # The session ends at the service (as at its expiry) while the drain runs.
            answer = requests.delete(f"{central_url}/api/v1/sessions/current",
                                     headers=desk.desk_auth.headers(), timeout=10)
            ended.append(answer.status_code)

    first = desk.sync.drain_once(force=True, progress=progress)

    assert ended == [204]
    assert first.paused is AuthReason.SESSION_ENDED
    assert (first.sent, first.quarantined) == (EXPIRES_AFTER, 0)
    assert first.pending == COUNT - EXPIRES_AFTER
    assert desk.outbox.counts().by_state.get(OutboxState.QUARANTINED, 0) == 0
    assert len(central_uuids(central_db_path)) == EXPIRES_AFTER
    # Nothing more goes while nobody is logged in.
    assert desk.sync.drain_once(force=True).sent == 0

    server = central_for(central_url)
    assert server is not None
    tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                       frozenset({Role.CLERK}), TEST_PASSWORD)
    assert desk.auth.login(tckn, TEST_PASSWORD).status is LoginStatus.OK
    second = desk.sync.drain_once(force=True)

    assert (second.sent, second.quarantined, second.pending) == (COUNT - EXPIRES_AFTER, 0, 0)
    stored = central_uuids(central_db_path)
    assert sorted(stored) == sorted(str(outcome.uuid) for outcome in saved)  # exactly once
    assert all(s.central_number for s in desk.queries.list_applications(limit=COUNT))


def test_a_revoked_desk_says_so_and_keeps_every_unsent_application(
        desk: Desk, central_url: str, central_db_path: Path) -> None:
    server = central_for(central_url)
    assert server is not None
    for _ in range(3):
        assert desk.intake.save(in_person_form(), "memur1").ok
    assert server.accounts.revoke("06-01")

    report = desk.sync.drain_once(force=True)

    assert report.paused is AuthReason.DESK_REVOKED
    assert (report.sent, report.quarantined, report.pending) == (0, 0, 3)
    assert "iptal" in report.message or "masa" in report.message.lower()
    assert central_uuids(central_db_path) == []
