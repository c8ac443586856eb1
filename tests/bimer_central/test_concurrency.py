"""Simultaneous sends of one application: the UNIQUE key, not luck, keeps it single."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from tests.bimer_central.conftest import StoredRows
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header

SENDERS = 8


def send_together(base: str, bodies: list[dict[str, Any]]) -> list[requests.Response]:
    barrier = threading.Barrier(len(bodies))

    def send(body: dict[str, Any]) -> requests.Response:
        barrier.wait(timeout=10)
        return requests.post(
            base + APPLICATIONS_PATH, json=body, headers=key_header(body), timeout=30
        )

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(send, bodies))


def test_same_key_sent_at_once_is_stored_once(central_url: str, stored_rows: StoredRows) -> None:
    body = envelope()

    responses = send_together(central_url, [body] * SENDERS)

    assert [r.status_code for r in responses] == [201] * SENDERS
    assert len({r.content for r in responses}) == 1
    number = responses[0].json()["central_number"]
    assert stored_rows() == [(body["uuid"], number)]
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == SENDERS - 1


def test_different_keys_sent_at_once_get_distinct_numbers(
    central_url: str, stored_rows: StoredRows
) -> None:
    responses = send_together(central_url, [envelope() for _ in range(SENDERS)])

    assert [r.status_code for r in responses] == [201] * SENDERS
    numbers = {r.json()["central_number"] for r in responses}
    assert len(numbers) == SENDERS
    assert {number for _, number in stored_rows()} == numbers
