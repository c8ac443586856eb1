"""Central numbers reserved ahead: printed on receipts offline, reconciled at sync.

A real central service on loopback, behind the real fault proxy when the network must fail
or lose an answer; the desk's real SQLite file; receipts read back from the real PDF.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bimer_central.server import CentralServer
from bimer_desktop.app import Desk
from bimer_desktop.settings import SettingsError, load_settings
from models.auth_reasons import AuthReason
from models.entities import Application, NumberBlockRequest, OutboxItem, ReservedNumber
from services.central_client import CentralClient
from services.drafts import DraftNotFound
from services.printouts import DocumentKind, PrintRequest
from services.reserved_numbers import TopUpOutcome
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header
from tests.conftest import in_person_form, make_desk
from tests.fault_proxy import FaultProxy, stall
from tests.printing.pdf_helpers import normalize_space, pdf_text

PENDING_CENTRAL_NUMBER = "Eşitleme sonrası verilecek"


def configure(desk_dir: Path, *, block_size: int, threshold: int) -> Path:
    desk_dir.mkdir(parents=True, exist_ok=True)
    (desk_dir / "settings.json").write_text(json.dumps({
        "reserved_numbers_block_size": block_size,
        "reserved_numbers_threshold": threshold,
    }), "utf-8")
    return desk_dir


@pytest.fixture
def proxy(central_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(central_url).running() as running:
        yield running


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def top_up(desk: Desk, url: str) -> list[str]:
    """Reserve through a client of its own (closed afterwards, so that the desk's own client
    has no connection open when the network goes); the numbers the desk now holds."""
    client = CentralClient(url, auth=desk.desk_auth)
    try:
        report = desk.numbers.top_up(client)
    finally:
        client.close()
    assert report.outcome is TopUpOutcome.RESERVED, report
    return held_numbers(desk)


def held_numbers(desk: Desk) -> list[str]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(ReservedNumber.number).order_by(ReservedNumber.id)))


def central_numbers(central_db_path: Path) -> dict[str, str]:
    """uuid → central number of everything the service stored, read past the service."""
    with closing(sqlite3.connect(central_db_path)) as connection:
        return dict(connection.execute(
            "SELECT uuid, central_number FROM received_applications").fetchall())


def receipt_text(desk: Desk, number: str) -> str:
    preview = desk.printouts.preview(PrintRequest(DocumentKind.RECEIPT, number), "memur1")
    return normalize_space(pdf_text(preview.pdf))


def desk_numbers(desk: Desk) -> list[tuple[str, str | None, str | None]]:
    """(uuid, reserved central number, central number) of every application, in order."""
    with desk.db.sessions() as session:
        return [(a.uuid, a.reserved_central_number, a.central_number) for a in
                session.scalars(select(Application).order_by(Application.id))]


def test_reserved_numbers_are_printed_offline_and_kept_by_the_service(
    tmp_path: Path, proxy: FaultProxy, central_db_path: Path
) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=5, threshold=2)
    with make_desk(desk_dir, proxy.url) as desk:
        block = top_up(desk, proxy.url)
        proxy.stop()  # offline from here on

        saved = [desk.intake.save(in_person_form(), "memur1") for _ in range(3)]
        texts = [receipt_text(desk, s.station_number or "") for s in saved]
        found = desk.queries.find(block[0])  # the number the citizen holds finds the case
        offline = desk.sync.drain_once()

        proxy.start()  # back online
        online = desk.sync.drain_once(force=True)

        assert not offline.reachable
        assert [s.reserved_central_number for s in saved] == block[:3]
        assert found is not None and found.station_number == saved[0].station_number
        for outcome, text in zip(saved, texts, strict=True):
            assert outcome.station_number in text
            assert outcome.reserved_central_number in text  # type: ignore[operator]
            assert PENDING_CENTRAL_NUMBER not in text
        assert (online.sent, online.pending) == (3, 0)
        # The service has exactly those numbers, and the desk records what it answered.
        assert central_numbers(central_db_path) == {
            s.uuid: s.reserved_central_number for s in saved}
        assert desk_numbers(desk) == [(s.uuid, n, n) for s, n in zip(saved, block[:3], strict=True)]
        with desk.db.sessions() as session:
            messages = session.scalars(select(OutboxItem.last_message)).all()
        assert messages == ["Merkeze ulaştı."] * 3


def test_when_the_block_is_used_up_the_desk_falls_back_to_station_numbers(
    tmp_path: Path, proxy: FaultProxy, central_db_path: Path
) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=2, threshold=1)
    with make_desk(desk_dir, proxy.url) as desk:
        block = top_up(desk, proxy.url)
        proxy.stop()

        saved = [desk.intake.save(in_person_form(), "memur1") for _ in range(3)]
        third = receipt_text(desk, saved[2].station_number or "")
        with desk.db.sessions() as session:
            envelopes = [json.loads(p) for p in
                         session.scalars(select(OutboxItem.payload).order_by(OutboxItem.id))]

        proxy.start()
        desk.sync.drain_once(force=True)

        assert [s.reserved_central_number for s in saved] == [*block, None]
        assert all(s.ok for s in saved)
        assert PENDING_CENTRAL_NUMBER in third
        assert [e.get("reserved_central_number") for e in envelopes] == [*block, None]
        assert "reserved_central_number" not in envelopes[2]  # sent exactly as before
        stored = central_numbers(central_db_path)
        fresh = stored[saved[2].uuid or ""]
        assert fresh not in block
        assert [stored[s.uuid or ""] for s in saved[:2]] == block
        assert desk_numbers(desk)[2] == (saved[2].uuid, None, fresh)


def test_an_expired_block_is_not_used_and_the_service_numbers_the_applications(
    tmp_path: Path, central_db_path: Path
) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=3, threshold=1)
    now = datetime.now().astimezone().replace(microsecond=0)
    clock = MovableClock(now)
    with CentralServer(f"sqlite:///{central_db_path}", clock=clock,
                       block_ttl=timedelta(days=7)) as central:
        with make_desk(desk_dir, central.url, clock=clock) as desk:
            block = top_up(desk, central.url)
        # Eight days later, for the desk and the service alike: the block has expired unused.
        clock.now = now + timedelta(days=8)
        with make_desk(desk_dir, central.url, clock=clock) as desk:
            saved = desk.intake.save(in_person_form(), "memur1")
            report = desk.sync.drain_once()

            assert saved.reserved_central_number is None
            assert report.sent == 1
            number = central_numbers(central_db_path)[saved.uuid or ""]
            assert number not in block
            assert desk_numbers(desk)[0] == (saved.uuid, None, number)
            # The expired numbers are gone from the desk; the sync's top-up reserved new ones.
            assert not set(held_numbers(desk)) & set(block)
            assert desk.numbers.available() == 3


def test_the_service_s_answer_wins_when_it_cannot_honour_the_reservation(
    tmp_path: Path, central_url: str
) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=2, threshold=1)
    with make_desk(desk_dir, central_url) as desk:
        block = top_up(desk, central_url)
        saved = desk.intake.save(in_person_form(), "memur1")
    assert saved.reserved_central_number == block[0]

    # The desk is pointed at a central service that never reserved that block (say, one
    # restored from a backup older than the reservation).
    other_db = tmp_path / "restored.db"
    with CentralServer(f"sqlite:///{other_db}") as restored, \
            make_desk(desk_dir, restored.url) as desk:
        for _ in range(3):  # it has issued numbers of its own since
            body = envelope()
            requests.post(restored.url + APPLICATIONS_PATH, json=body,
                          headers={**key_header(body), **desk.desk_auth.headers()},
                          timeout=10).raise_for_status()
        # Another database: the desk stops until the operator re-homes it (issue 18).
        assert desk.sync.drain_once().paused is AuthReason.CENTRAL_CHANGED
        assert not isinstance(desk.rehome(), str)
        report = desk.sync.drain_once()
        (uuid, reserved, central), = desk_numbers(desk)
        text = receipt_text(desk, saved.station_number or "")
        with desk.db.sessions() as session:
            message = session.scalars(select(OutboxItem.last_message)).one()

    assert report.sent == 1
    assert (uuid, reserved) == (saved.uuid, block[0])
    assert central is not None and central != reserved
    assert central_numbers(other_db)[saved.uuid or ""] == central
    # The desk shows the truth: the receipt printed now carries the service's number.
    assert central in text and reserved not in text
    assert message == ("Merkeze ulaştı. Ayrılmış merkez numarası kullanılamadı (bu merkezde "
                       "ayrılmış bir numara değil); yeni merkez numarası verildi.")


def test_a_lost_answer_is_asked_again_with_the_same_key_and_gets_the_same_block(
    tmp_path: Path, proxy: FaultProxy, central_db_path: Path
) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=4, threshold=1)
    with make_desk(desk_dir, proxy.url) as desk:
        # After the desk's enrollment and login: the service reserves, the answer comes
        # too late.
        proxy.script(stall(1.5))
        impatient = CentralClient(proxy.url, timeout=(2.0, 0.5), auth=desk.desk_auth)
        # The retry has the normal timeouts: on a busy machine 0.5 s is not always enough.
        patient = CentralClient(proxy.url, auth=desk.desk_auth)
        try:
            lost = desk.numbers.top_up(impatient)
            again = desk.numbers.top_up(patient)
        finally:
            impatient.close()
            patient.close()
        held = held_numbers(desk)

    assert lost.outcome is TopUpOutcome.FAILED
    assert again.outcome is TopUpOutcome.RESERVED
    assert proxy.count("POST", "/api/v1/number-blocks") == 2
    with closing(sqlite3.connect(central_db_path)) as connection:
        blocks = connection.execute("SELECT first, count FROM number_blocks").fetchall()
    assert len(blocks) == 1  # one block at the service, not two
    first, count = blocks[0]
    assert [int(n[-7:]) for n in held] == list(range(first, first + count))


def test_a_save_that_fails_gives_its_reserved_number_back(
    tmp_path: Path, central_url: str
) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=2, threshold=1)
    with make_desk(desk_dir, central_url) as desk:
        block = top_up(desk, central_url)
        with pytest.raises(DraftNotFound):
            desk.intake.save(in_person_form(), "memur1", draft_id=999)
        saved = desk.intake.save(in_person_form(), "memur1")

    assert saved.reserved_central_number == block[0]


def test_a_sync_that_went_well_tops_the_reservation_up_below_the_threshold(
    tmp_path: Path, proxy: FaultProxy
) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=4, threshold=2)
    with make_desk(desk_dir, proxy.url) as desk:
        desk.sync.drain_once()  # nothing to send; the service answers: top up
        first = desk.numbers.available()
        for _ in range(3):
            desk.intake.save(in_person_form(), "memur1")
        left = desk.numbers.available()
        desk.sync.drain_once()
        desk.sync.drain_once()  # at the threshold or above: nothing more is asked

    assert (first, left) == (4, 1)
    assert desk.numbers.available() == 5
    assert proxy.count("POST", "/api/v1/number-blocks") == 2


def test_desks_reserving_and_sending_at_once_never_share_a_number(
    tmp_path: Path, central_url: str, central_db_path: Path
) -> None:
    stations = ["06-01", "06-02", "34-01"]
    desks = []
    for index, station in enumerate(stations):
        # The third desk reserves nothing: its numbers come straight from the sequence.
        desk_dir = configure(tmp_path / f"desk{index}", block_size=0 if index == 2 else 3,
                             threshold=0 if index == 2 else 3)
        desks.append(make_desk(desk_dir, central_url, station=station))
    barrier = threading.Barrier(len(desks))

    def work(desk: Desk) -> None:
        barrier.wait(timeout=10)
        for _ in range(4):
            desk.intake.save(in_person_form(), "memur1")
            desk.sync.drain_once()

    try:
        threads = [threading.Thread(target=work, args=(desk,)) for desk in desks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        for desk in desks:
            desk.sync.drain_once(force=True)
        held = [n for desk in desks for n in held_numbers(desk)]
        recorded = [c for desk in desks for _u, _r, c in desk_numbers(desk)]
    finally:
        for desk in desks:
            desk.close()

    stored = list(central_numbers(central_db_path).values())
    assert len(stored) == 12
    assert sorted(recorded) == sorted(stored)  # type: ignore[type-var]
    assert len(set(held)) == len(held)
    assert len(set(stored)) == 12
    # Reserved numbers not used are still the reserving desk's: nobody else got them.
    used = set(stored)
    unused = [n for n in held if n not in used]
    assert not set(unused) & used
    sequences = [int(n[-7:]) for n in [*stored, *unused]]
    assert len(set(sequences)) == len(sequences)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"reserved_numbers_block_size": 501}, "0 ile 500 arasında"),
        ({"reserved_numbers_block_size": -1}, "0 ile 500 arasında"),
        ({"reserved_numbers_block_size": 10, "reserved_numbers_threshold": 11},
         "Eşik, bir seferde ayrılacak numara sayısından büyük olamaz"),
    ],
)
def test_reservation_settings_are_checked(tmp_path: Path, values: dict[str, int],
                                          words: str) -> None:
    (tmp_path / "settings.json").write_text(json.dumps(values), "utf-8")
    with pytest.raises(SettingsError, match=words):
        load_settings(tmp_path)


def test_a_desk_that_reserves_nothing_never_asks(tmp_path: Path, proxy: FaultProxy) -> None:
    desk_dir = configure(tmp_path / "desk", block_size=0, threshold=0)
    with make_desk(desk_dir, proxy.url) as desk:
        saved = desk.intake.save(in_person_form(), "memur1")
        desk.sync.drain_once()

    assert saved.reserved_central_number is None
    assert proxy.count("POST", "/api/v1/number-blocks") == 0
    assert requests.get(proxy.url + "/api/v1/health", timeout=5).ok


def test_a_desk_closed_before_the_answer_asks_again_with_the_same_key_after_a_restart(
    tmp_path: Path, proxy: FaultProxy, central_db_path: Path
) -> None:
    """Issue 18, item 8: the key lived in memory only, so a desk killed while waiting for
    the answer reserved a second block at its next start and the first one leaked."""
    desk_dir = configure(tmp_path / "desk", block_size=4, threshold=1)
    with make_desk(desk_dir, proxy.url) as desk:
        # After the desk's enrollment and login: the service reserves, the answer never
        # reaches the desk.
        proxy.script(stall(1.5))
        impatient = CentralClient(proxy.url, timeout=(2.0, 0.5), auth=desk.desk_auth)
        try:
            assert desk.numbers.top_up(impatient).outcome is TopUpOutcome.FAILED
        finally:
            impatient.close()
    # A new process, as after a kill: nothing of the first one's memory is left.
    with make_desk(desk_dir, proxy.url) as desk:
        patient = CentralClient(proxy.url, auth=desk.desk_auth)
        try:
            assert desk.numbers.top_up(patient).outcome is TopUpOutcome.RESERVED
        finally:
            patient.close()
        held = held_numbers(desk)
        with desk.db.sessions() as session:
            assert session.scalars(select(NumberBlockRequest)).all() == []  # answered

    with closing(sqlite3.connect(central_db_path)) as connection:
        blocks = connection.execute("SELECT first, count FROM number_blocks").fetchall()
    assert len(blocks) == 1  # no leaked block
    first, count = blocks[0]
    assert [int(n[-7:]) for n in held] == list(range(first, first + count))
