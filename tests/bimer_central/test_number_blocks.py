"""Central numbers reserved ahead: one sequence, no number issued twice, unused ones expire."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from tests.bimer_central.conftest import StoredRows
from tests.bimer_central.databases import CentralDatabase
from tests.bimer_central.payloads import (
    APPLICATIONS_PATH,
    envelope,
    key_header,
    next_station_number,
)
from tests.bimer_central.test_history import create_old_database

BLOCKS_PATH = "/api/v1/number-blocks"
TIMEOUT = 30
T0 = datetime(2026, 11, 28, 7, 0, tzinfo=UTC)  # 10:00 in Turkey


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(T0)


@pytest.fixture
def central(central_db: CentralDatabase, clock: MovableClock) -> Iterator[str]:
    """A real central service whose clock the test moves; blocks live 7 days."""
    with central_db.server(clock=clock, block_ttl=timedelta(days=7)) as server:
        yield server.url


def reserve(base: str, count: int = 3, station: str = "06-01",
            key: str | None = None) -> requests.Response:
    return requests.post(base + BLOCKS_PATH, json={"station_code": station, "count": count},
                         headers={"Idempotency-Key": key or str(uuid.uuid4())},
                         timeout=TIMEOUT)


def submit(base: str, *, reserved: str | None = None, station: str = "06-01",
           created_at: str = "2026-11-28T10:15:00+03:00") -> dict[str, Any]:
    body = envelope()
    body["station_code"] = station
    body["station_number"] = next_station_number(station)
    body["created_at"] = created_at
    if reserved is not None:
        body["reserved_central_number"] = reserved
    response = requests.post(base + APPLICATIONS_PATH, json=body, headers=key_header(body),
                             timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    receipt: dict[str, Any] = response.json()
    return receipt


def sequence_of(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


def test_a_block_is_contiguous_numbers_with_an_expiry(central: str) -> None:
    response = reserve(central, count=3)

    assert response.status_code == 201
    block = response.json()
    assert block["station_code"] == "06-01"
    assert block["reserved_at"] == "2026-11-28T10:00:00+03:00"
    assert block["expires_at"] == "2026-12-05T10:00:00+03:00"
    numbers = block["numbers"]
    assert [n[:9] for n in numbers] == ["BMR-2026-"] * 3
    first = sequence_of(numbers[0])
    assert [sequence_of(n) for n in numbers] == [first, first + 1, first + 2]


def test_the_block_and_normal_numbers_come_from_one_sequence(central: str) -> None:
    before = submit(central)["central_number"]
    block = reserve(central, count=5).json()["numbers"]
    after = submit(central)["central_number"]

    assert [sequence_of(n) for n in (before, block[0], block[-1], after)] == [
        sequence_of(before), sequence_of(before) + 1, sequence_of(before) + 5,
        sequence_of(before) + 6]


def test_a_replayed_request_returns_the_same_block(central: str) -> None:
    key = str(uuid.uuid4())
    first = reserve(central, count=4, key=key)
    again = reserve(central, count=4, key=key)
    next_number = submit(central)["central_number"]

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    # The replay took no numbers: the next one issued follows the block directly.
    assert sequence_of(next_number) == sequence_of(first.json()["numbers"][-1]) + 1


def test_the_same_key_for_another_request_is_a_conflict(central: str) -> None:
    key = str(uuid.uuid4())
    reserve(central, count=4, key=key)

    response = reserve(central, count=5, key=key)

    assert response.status_code == 409
    assert "farklı bir numara isteği" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"station_code": "06-01", "count": 0}, "count"),
        ({"station_code": "06-01", "count": 501}, "count"),
        ({"station_code": "06-01", "count": "5"}, "count"),
        ({"station_code": "06-01"}, "count"),
    ],
)
def test_a_bad_request_is_a_422_in_turkish(
    central: str, body: dict[str, Any], field: str
) -> None:
    response = requests.post(central + BLOCKS_PATH, json=body,
                             headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=TIMEOUT)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_a_block_for_a_station_not_the_desk_s_own_is_refused(central: str) -> None:
    response = requests.post(central + BLOCKS_PATH, json={"station_code": "Ankara", "count": 5},
                             headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=TIMEOUT)
    assert response.status_code == 403  # this desk is 06-01 (tests/central_auth.py)
    assert response.json()["reason"] == "station_mismatch"


def test_a_request_without_a_key_is_a_400(central: str) -> None:
    response = requests.post(central + BLOCKS_PATH, json={"station_code": "06-01", "count": 2},
                             timeout=TIMEOUT)
    assert response.status_code == 400
    assert response.json() == {"detail": "Idempotency-Key başlığı zorunludur."}


def test_an_application_carrying_a_reserved_number_gets_it(
    central: str, stored_rows: StoredRows
) -> None:
    number = reserve(central, count=2).json()["numbers"][1]

    receipt = submit(central, reserved=number)

    assert receipt["central_number"] == number
    assert receipt["reserved_central_number"] == number
    assert "reserved_number_refused" not in receipt
    assert [n for _, n in stored_rows()] == [number]
    fetched = requests.get(f"{central}{APPLICATIONS_PATH}/{number}", timeout=TIMEOUT)
    assert fetched.json()["uuid"] == receipt["uuid"]


def test_made_before_expiry_and_sent_after_keeps_its_number(
    central: str, clock: MovableClock
) -> None:
    number = reserve(central, count=1).json()["numbers"][0]
    clock.now = T0 + timedelta(days=30)  # the desk was offline for a month

    receipt = submit(central, reserved=number, created_at="2026-12-05T09:59:59+03:00")

    assert receipt["central_number"] == number


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("expired", "süresi dolmuş"),
        ("other_station", "başka bir istasyona"),
        ("used", "başka bir başvuruya verilmiş"),
        ("never_reserved", "ayrılmış bir numara değil"),
        ("not_a_number", "ayrılmış bir numara değil"),
        ("wrong_year", "ayrılmış bir numara değil"),
        ("absurd", "ayrılmış bir numara değil"),
    ],
)
def test_a_reserved_number_that_cannot_be_used_gets_a_fresh_one_and_says_why(
    central: str, case: str, words: str
) -> None:
    block = reserve(central, count=2).json()["numbers"]
    number, created_at, station = block[0], "2026-11-28T10:15:00+03:00", "06-01"
    if case == "expired":
        created_at = "2026-12-05T10:00:00+03:00"  # the expiry itself is too late
    elif case == "other_station":
        station = "34-07"
    elif case == "used":
        submit(central, reserved=number)
    elif case == "never_reserved":
        number = "BMR-2026-0999999"
    elif case == "not_a_number":
        number = "06-01-2026-000123"
    elif case == "wrong_year":
        number = number.replace("BMR-2026-", "BMR-2025-")
    elif case == "absurd":
        number = "BMR-2026-" + "9" * 23  # no database integer holds it: still not a 500

    receipt = submit(central, reserved=number, station=station, created_at=created_at)

    assert receipt["central_number"] != number
    assert receipt["central_number"] not in block
    assert receipt["reserved_central_number"] == number
    assert words in receipt["reserved_number_refused"]
    assert receipt["reserved_number_refused"].endswith("yeni merkez numarası verildi.")


def test_a_replay_of_a_refused_reservation_gets_the_same_answer(central: str) -> None:
    body = envelope()
    body["reserved_central_number"] = "BMR-2026-0999999"
    first = requests.post(central + APPLICATIONS_PATH, json=body, headers=key_header(body),
                          timeout=TIMEOUT)
    again = requests.post(central + APPLICATIONS_PATH, json=body, headers=key_header(body),
                          timeout=TIMEOUT)

    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content


def test_unused_reserved_numbers_are_never_issued_to_anyone_else(
    central: str, clock: MovableClock, stored_rows: StoredRows
) -> None:
    block = reserve(central, count=3).json()["numbers"]
    clock.now = T0 + timedelta(days=8)  # expired, all unused

    issued = [submit(central, created_at="2026-12-06T10:00:00+03:00")["central_number"]
              for _ in range(3)]

    assert not set(issued) & set(block)
    assert min(sequence_of(n) for n in issued) > sequence_of(block[-1])


def test_concurrent_reservations_and_submits_never_share_a_number(
    central: str, stored_rows: StoredRows
) -> None:
    workers = 12
    barrier = threading.Barrier(workers)

    def work(index: int) -> list[str]:
        barrier.wait(timeout=10)
        if index % 3 == 0:
            return list(reserve(central, count=5).json()["numbers"])
        return [submit(central)["central_number"]]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(work, range(workers)))

    numbers = [n for result in results for n in result]
    assert len(numbers) == 4 * 5 + 8
    assert len(set(numbers)) == len(numbers)
    assert len({sequence_of(n) for n in numbers}) == len(numbers)
    assert {n for _, n in stored_rows()} <= set(numbers)


def test_reserved_numbers_used_at_once_by_many_applications_go_to_one_only(
    central: str, stored_rows: StoredRows
) -> None:
    number = reserve(central, count=1).json()["numbers"][0]
    senders = 6
    barrier = threading.Barrier(senders)

    def send(_index: int) -> dict[str, Any]:
        barrier.wait(timeout=10)
        return submit(central, reserved=number)

    with ThreadPoolExecutor(max_workers=senders) as pool:
        receipts = list(pool.map(send, range(senders)))

    given = [r["central_number"] for r in receipts]
    assert given.count(number) == 1
    assert len(set(given)) == senders
    assert sum("reserved_number_refused" in r for r in receipts) == senders - 1


def test_an_upgraded_database_continues_above_every_number_already_issued(
    central_db: CentralDatabase,
) -> None:
    create_old_database(central_db, [
        (f"06-01-2026-00000{i}", "2026-11-27T06:00:00+00:00", {"channel": "in_person"})
        for i in range(1, 5)
    ])

    with central_db.server() as server:
        block = reserve(server.url, count=2).json()["numbers"]
        fresh = submit(server.url)["central_number"]

    assert [sequence_of(n) for n in [*block, fresh]] == [5, 6, 7]
    assert central_db.rows(
        "SELECT value FROM number_sequences WHERE name = 'central'") == [(7,)]


def test_no_desk_can_exhaust_the_shared_sequence(central: str, clock: MovableClock) -> None:
    """At most 1,000 unexpired reserved numbers per station, at most 10 blocks an hour,
    at most 500 a block (bimer_central/intake.py): 200 requests burned 100,000 numbers in
    2.7 s before (issue 12)."""
    assert reserve(central, count=501).status_code == 422
    assert [reserve(central, count=500).status_code for _ in range(2)] == [201, 201]
    held = reserve(central, count=1)
    assert held.status_code == 429
    assert "en çok 1000 numara tutabilir" in held.json()["detail"]
    assert held.headers["Retry-After"] == "3600"

    clock.now = T0 + timedelta(days=8)  # those expired, unused
    answers = [reserve(central, count=1).status_code for _ in range(11)]
    assert answers == [201] * 10 + [429]
    clock.now = T0 + timedelta(days=8, hours=1, minutes=1)
    assert reserve(central, count=1).status_code == 201
