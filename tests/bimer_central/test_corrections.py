"""A corrected application: a new version under a new key that names the one it corrects.
Real requests over loopback against the real service."""

from __future__ import annotations

import uuid
from typing import Any

import requests
from pydantic import TypeAdapter

from bimer_central.intake import envelope_digest
from models.envelope import ApplicationEnvelope
from tests.bimer_central.databases import CentralDatabase
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header
from tests.bimer_central.test_history import application_fields, create_old_database

TIMEOUT = 10
# Validates a body as the service does (FastAPI hands it to pydantic the same way).
ENVELOPE = TypeAdapter(ApplicationEnvelope)


def post(base: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(base + APPLICATIONS_PATH, json=body, headers=key_header(body),
                         timeout=TIMEOUT)


def fetch(base: str, number: str) -> dict[str, Any]:
    response = requests.get(f"{base}{APPLICATIONS_PATH}/{number}", timeout=TIMEOUT)
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def test_a_correction_is_stored_with_the_version_it_corrects(central_url: str) -> None:
    refused = str(uuid.uuid4())  # e.g. answered 422 earlier: the service never stored it
    body = {**envelope(sub_subject_code="01.02"), "corrects": refused}

    response = post(central_url, body)

    assert response.status_code == 201
    stored = fetch(central_url, response.json()["central_number"])
    assert stored["corrects"] == refused
    assert stored["station_number"] == body["station_number"]
    assert stored["application"]["sub_subject_code"] == "01.02"


def test_a_first_version_corrects_nothing(central_url: str) -> None:
    body = envelope()
    stored = fetch(central_url, post(central_url, body).json()["central_number"])
    assert stored["corrects"] is None


def test_a_correction_replayed_gets_the_same_answer_and_without_its_reference_a_409(
    central_url: str,
) -> None:
    body = {**envelope(), "corrects": str(uuid.uuid4())}
    first = post(central_url, body)

    replay = post(central_url, body)
    dropped = post(central_url, {k: v for k, v in body.items() if k != "corrects"})

    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.json() == first.json()
    assert dropped.status_code == 409  # the reference is part of the frozen body


def test_no_corrects_and_a_null_one_are_the_same_body() -> None:
    """What desks sent before corrections existed keeps its digest, so their replays match."""
    body = envelope()
    without = ENVELOPE.validate_python(body)
    with_null = ENVELOPE.validate_python({**body, "corrects": None})
    assert envelope_digest(without) == envelope_digest(with_null)


def test_a_reference_that_is_not_a_uuid_or_is_itself_is_refused(central_url: str) -> None:
    odd = {**envelope(), "corrects": "dünkü başvuru"}
    itself = envelope()
    itself["corrects"] = itself["uuid"]

    for body, message in ((odd, "UUID olmalıdır"), (itself, "kendisini düzeltemez")):
        response = post(central_url, body)
        assert response.status_code == 422
        assert message in response.json()["errors"]["corrects"]


def test_a_database_from_before_corrections_gets_the_column(central_db: CentralDatabase) -> None:
    create_old_database(central_db, [("06-01-2026-000001", "2026-11-27T06:00:00+00:00",
                                      application_fields())])

    with central_db.server() as server:
        old = fetch(server.url, "BMR-2026-0000001")
        body = {**envelope(), "corrects": str(uuid.uuid4())}
        assert post(server.url, body).status_code == 201

    assert old["corrects"] is None
    assert central_db.rows("SELECT corrects FROM received_applications ORDER BY id") == [
        (None,), (body["corrects"],)]


def test_openapi_documents_the_optional_reference(central_url: str) -> None:
    document = requests.get(central_url + "/openapi.json", timeout=TIMEOUT).json()
    schema = document["components"]["schemas"]["ApplicationEnvelope"]
    assert "corrects" in schema["properties"]
    assert "corrects" not in schema.get("required", [])
