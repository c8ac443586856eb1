"""Sync under real faults: every application reaches the central service exactly once.

The faults come from ``tests/fault_proxy.py``, a real HTTP proxy on loopback in front of the
real central service; the desk talks TCP to it exactly as it would to a broken network.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import OutboxItem
from models.roles import Role
from services.central_client import CentralClient
from services.sync import SyncService
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, central_for
from tests.conftest import in_person_form, make_desk
from tests.fault_proxy import FaultProxy, reset, stall, status, truncate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def proxy(central_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(central_url).running() as running:
        yield running


@pytest.fixture
def desk_via_proxy(tmp_path: Path, proxy: FaultProxy) -> Iterator[Desk]:
    with make_desk(tmp_path / "desk", proxy.url) as desk:
        yield desk


def central_rows(central_db_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(central_db_path)) as connection:
        return connection.execute(
            "SELECT uuid, central_number FROM received_applications ORDER BY id").fetchall()


def items(desk: Desk) -> list[OutboxItem]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))


def test_centre_down_then_up(desk_via_proxy: Desk, proxy: FaultProxy,
                             central_db_path: Path) -> None:
    desk_via_proxy.intake.save(in_person_form(), "memur1")
    proxy.stop()
    down = desk_via_proxy.sync.drain_once()
    assert (down.reachable, down.pending) == (False, 1)

    proxy.start()
    up = desk_via_proxy.sync.drain_once(force=True)

    assert (up.reachable, up.sent, up.pending) == (True, 1, 0)
    assert len(central_rows(central_db_path)) == 1


def test_three_server_errors_then_success(desk_via_proxy: Desk, proxy: FaultProxy,
                                          central_db_path: Path) -> None:
    desk_via_proxy.intake.save(in_person_form(), "memur1")
    proxy.script(status(500), status(502), status(503))
    delays = []
    for _ in range(3):
        report = desk_via_proxy.sync.drain_once(force=True)
        assert report.retrying == 1
        [item] = items(desk_via_proxy)
        assert item.next_attempt_at is not None
        delays.append((item.next_attempt_at - item.updated_at).total_seconds())
    assert delays[0] < delays[1] < delays[2]  # exponential backoff (with jitter ±20 %)

    final = desk_via_proxy.sync.drain_once(force=True)

    assert (final.sent, final.pending) == (1, 0)
    assert items(desk_via_proxy)[0].attempts == 4
    assert len(central_rows(central_db_path)) == 1


def test_too_many_requests_honours_retry_after(desk_via_proxy: Desk,
                                               proxy: FaultProxy) -> None:
    desk_via_proxy.intake.save(in_person_form(), "memur1")
    proxy.script(status(429, retry_after="120"))
    desk_via_proxy.sync.drain_once()
    [item] = items(desk_via_proxy)
    assert item.state == "retry" and item.last_status == 429
    assert item.next_attempt_at is not None
    assert item.next_attempt_at - item.updated_at >= timedelta(seconds=120)
    assert desk_via_proxy.sync.drain_once().sent == 0  # not before Retry-After


def test_an_answer_lost_to_a_read_timeout_is_not_duplicated(
    desk_via_proxy: Desk, proxy: FaultProxy, central_db_path: Path
) -> None:
    saved = desk_via_proxy.intake.save(in_person_form(), "memur1")
    impatient = SyncService(desk_via_proxy.db, CentralClient(proxy.url, timeout=(2.0, 0.5),
                                                       auth=desk_via_proxy.desk_auth),
                            desk_via_proxy.clock, "06-01", desk_via_proxy.queries)
    proxy.script(stall(1.5))  # the centre stores it; the answer comes too late

    first = impatient.drain_once()
    assert first.retrying == 1
    assert items(desk_via_proxy)[0].last_message == "Merkez zamanında cevap vermedi."
    assert len(central_rows(central_db_path)) == 1

    second = impatient.drain_once(force=True)

    assert (second.sent, second.pending) == (1, 0)
    [(uuid, number)] = central_rows(central_db_path)
    summary = desk_via_proxy.queries.find(saved.station_number or "")
    assert summary is not None and (summary.uuid, summary.central_number) == (uuid, number)


@pytest.mark.parametrize("fault", [reset(forward=True), reset(forward=False), truncate()],
                         ids=["reset-after-landing", "reset-before-landing", "truncated-body"])
def test_a_broken_connection_is_retried_without_a_duplicate(
    desk_via_proxy: Desk, proxy: FaultProxy, central_db_path: Path, fault: object
) -> None:
    desk_via_proxy.intake.save(in_person_form(), "memur1")
    proxy.script(fault)  # type: ignore[arg-type]

    first = desk_via_proxy.sync.drain_once()
    second = desk_via_proxy.sync.drain_once(force=True)

    assert first.sent == 0 and first.pending == 1
    assert (second.sent, second.pending) == (1, 0)
    assert len(central_rows(central_db_path)) == 1


def test_a_desk_killed_mid_sync_sends_each_of_200_exactly_once(
    tmp_path: Path, central_url: str, central_db_path: Path
) -> None:
    data_dir = tmp_path / "desk"
    with make_desk(data_dir, central_url) as desk:
        for index in range(200):
            assert desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1").ok
        with desk.db.sessions() as session:
            payloads = {item.idempotency_key: json.loads(item.payload)
                        for item in session.scalars(select(OutboxItem))}
    # Each process logs its clerk in the headless way (docs/security.md): the token saved
    # by make_desk belongs to the central address, not to the proxy before it.
    server = central_for(central_url)
    assert server is not None
    tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                       frozenset({Role.CLERK}), TEST_PASSWORD)
    clerk = {**os.environ, "BIMER_TCKN": tckn, "BIMER_PASSWORD": TEST_PASSWORD}
    slow = FaultProxy(central_url, delay=0.02)
    with slow.running():
        command = [sys.executable, "-m", "bimer_desktop", "--data-dir", str(data_dir),
                   "--central", slow.url, "sync"]
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=clerk) as process:
            deadline = time.monotonic() + 60
            while len(central_rows(central_db_path)) < 60 and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
    landed_before_restart = len(central_rows(central_db_path))
    assert 60 <= landed_before_restart < 200

    restarted = subprocess.run(
        [sys.executable, "-m", "bimer_desktop", "--data-dir", str(data_dir), "--central",
         central_url, "sync"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        check=False, env=clerk)

    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    rows = central_rows(central_db_path)
    assert len(rows) == 200
    assert {uuid for uuid, _ in rows} == set(payloads)
    with closing(sqlite3.connect(central_db_path)) as connection:
        stored = dict(connection.execute("SELECT uuid, application FROM received_applications"))
    for key, envelope in payloads.items():
        assert json.loads(stored[key])["text"] == envelope["application"]["text"]
    with make_desk(data_dir, central_url) as desk:
        assert all(item.state == "done" for item in items(desk))
        assert desk.queries.pending_count() == 0


def test_every_attempt_is_recorded_with_its_outcome(desk_via_proxy: Desk,
                                                     proxy: FaultProxy) -> None:
    desk_via_proxy.intake.save(in_person_form(), "memur1")
    proxy.script(status(503), status(429, retry_after="1"))
    for _ in range(3):
        desk_via_proxy.sync.drain_once(force=True)

    [item] = items(desk_via_proxy)
    attempts = desk_via_proxy.sync.attempts(item.id)

    assert [(a.outcome.value, a.http_status) for a in attempts] == [
        ("retry", 503), ("retry", 429), ("done", 201)]
    assert attempts[0].at <= attempts[1].at <= attempts[2].at
    assert attempts[2].message == "Merkeze ulaştı."


def test_a_quarantined_item_can_be_requeued_once_the_cause_is_gone(
    desk_via_proxy: Desk, proxy: FaultProxy, central_db_path: Path
) -> None:
    desk_via_proxy.intake.save(in_person_form(), "memur1")
    proxy.script(status(400))  # e.g. the centre refused it by mistake and was then fixed
    desk_via_proxy.sync.drain_once()
    [item] = items(desk_via_proxy)
    assert item.state == "quarantined"
    assert desk_via_proxy.sync.drain_once(force=True).sent == 0  # quarantine is sticky

    assert desk_via_proxy.sync.requeue(item.id, "memur1")
    assert not desk_via_proxy.sync.requeue(item.id, "memur1")  # only quarantined items
    report = desk_via_proxy.sync.drain_once()

    assert (report.sent, report.pending) == (1, 0)
    assert len(central_rows(central_db_path)) == 1
