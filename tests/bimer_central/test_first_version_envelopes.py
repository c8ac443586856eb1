"""Envelopes queued by a first-version desk (schema 0001) are judged as that desk judged
them; today's desks get no such leniency."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from bimer_central.intake import FIRST_VERSION_FIELDS
from tests.bimer_central.payloads import APPLICATIONS_PATH

FIRST_VERSION_LETTER = {
    "channel": "letter", "application_type": "request", "urgency": "urgent",
    "subject_code": "04", "sub_subject_code": "04.02",
    "text": "Aile hekimimin çalışma saatlerinin uzatılmasını rica ediyorum.",
    "tckn": "", "first_name": "Hasan", "last_name": "Demir", "mother_maiden_first": "",
    "mother_maiden_last": "", "mobile_phone": "", "email": "",
    "address": "Kızılay Mah. 12. Sok. No: 4 Ankara",
}


def post(central_url: str, application: dict[str, str]) -> requests.Response:
    key = str(uuid.uuid4())
    body: dict[str, Any] = {
        "uuid": key, "station_number": "06-01-2026-000007", "station_code": "06-01",
        "created_at": "2026-11-02T09:40:00+03:00", "created_by": "memur1",
        "application": application,
    }
    return requests.post(f"{central_url}{APPLICATIONS_PATH}", json=body,
                         headers={"Idempotency-Key": key}, timeout=10)


def test_a_first_version_letter_is_received_on_the_day_the_desk_took_it_in(
        central_url: str) -> None:
    assert set(FIRST_VERSION_LETTER) == FIRST_VERSION_FIELDS
    response = post(central_url, FIRST_VERSION_LETTER)
    assert response.status_code == 201, response.text
    number = response.json()["central_number"]
    stored = requests.get(f"{central_url}{APPLICATIONS_PATH}/{number}", timeout=10).json()
    assert stored["application"]["received_date"] == "2026-11-02"
    assert stored["application"]["text"] == FIRST_VERSION_LETTER["text"]


def test_a_letter_from_a_current_desk_still_needs_its_received_date(central_url: str) -> None:
    current = {**FIRST_VERSION_LETTER, "paper_date": "", "received_date": ""}
    response = post(central_url, current)
    assert response.status_code == 422
    assert "received_date" in response.json()["errors"]
