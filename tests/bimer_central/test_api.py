"""The HTTP contract the desk syncs against, exercised over loopback with real requests."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import pytest
import requests

from tests.bimer_central.conftest import StoredRows
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header
from tests.central_auth import central_for, register

CENTRAL_NUMBER = re.compile(r"^BMR-(\d{4})-(\d{7})$")
TIMEOUT = 10


def post(base: str, body: object, headers: dict[str, str]) -> requests.Response:
    return requests.post(base + APPLICATIONS_PATH, json=body, headers=headers, timeout=TIMEOUT)


def test_health(central_url: str) -> None:
    response = requests.get(central_url + "/api/v1/health", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_first_send_is_accepted_with_a_central_number(
    central_url: str, stored_rows: StoredRows
) -> None:
    body = envelope()
    response = post(central_url, body, key_header(body))

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response.headers
    receipt = response.json()
    assert set(receipt) == {"central_number", "uuid", "station_number", "received_at"}
    assert receipt["uuid"] == body["uuid"]
    assert receipt["station_number"] == body["station_number"]
    match = CENTRAL_NUMBER.match(receipt["central_number"])
    assert match is not None
    received_at = datetime.fromisoformat(receipt["received_at"])
    assert received_at.utcoffset() is not None
    assert int(match.group(1)) == received_at.year
    assert stored_rows() == [(body["uuid"], receipt["central_number"])]


def test_numbers_follow_the_row_order(central_url: str) -> None:
    numbers = []
    for _ in range(3):
        body = envelope()
        numbers.append(post(central_url, body, key_header(body)).json()["central_number"])
    sequences = [int(number[-7:]) for number in numbers]
    assert sequences == sorted(sequences)
    assert len(set(numbers)) == 3


def test_replay_returns_the_same_answer_and_stores_nothing_new(
    central_url: str, stored_rows: StoredRows
) -> None:
    body = envelope()
    first = post(central_url, body, key_header(body))
    again = post(central_url, body, key_header(body))

    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    number = first.json()["central_number"]
    fetched = requests.get(f"{central_url}{APPLICATIONS_PATH}/{number}", timeout=TIMEOUT)
    assert fetched.json()["uuid"] == body["uuid"]
    assert stored_rows() == [(body["uuid"], number)]


def test_same_key_with_a_different_body_is_a_conflict(
    central_url: str, stored_rows: StoredRows
) -> None:
    body = envelope()
    post(central_url, body, key_header(body))
    changed = envelope(body["uuid"], text="Başka bir metin.")

    response = post(central_url, changed, key_header(body))

    assert response.status_code == 409
    assert "farklı içerikli" in response.json()["detail"]
    assert len(stored_rows()) == 1


def test_same_key_with_an_invalid_body_is_still_a_conflict_not_a_validation_error(
    central_url: str,
) -> None:
    body = envelope()
    post(central_url, body, key_header(body))
    broken = envelope(body["uuid"], tckn="12345678901")

    assert post(central_url, broken, key_header(body)).status_code == 409


def test_missing_key_is_refused(central_url: str, stored_rows: StoredRows) -> None:
    response = post(central_url, envelope(), {})
    assert response.status_code == 400
    assert response.json() == {"detail": "Idempotency-Key başlığı zorunludur."}
    assert stored_rows() == []


def test_key_that_is_not_a_uuid_is_refused(central_url: str) -> None:
    body = envelope()
    response = post(central_url, body, {"Idempotency-Key": "bir-anahtar"})
    assert response.status_code == 400
    assert "UUID" in response.json()["detail"]


def test_key_must_match_the_body_uuid(central_url: str, stored_rows: StoredRows) -> None:
    body = envelope()
    response = post(central_url, body, {"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "aynı olmalıdır" in response.json()["detail"]
    assert stored_rows() == []


def test_invalid_application_gets_field_keyed_turkish_errors(
    central_url: str, stored_rows: StoredRows
) -> None:
    body = envelope(tckn="12345678901", mother_maiden_first="")
    response = post(central_url, body, key_header(body))

    assert response.status_code == 422
    failure = response.json()
    assert failure["detail"] == "Başvuru doğrulanamadı."
    assert set(failure["errors"]) == {"tckn", "mother_maiden_first"}
    assert "T.C. Kimlik No" in failure["errors"]["tckn"]
    assert "boş bırakılamaz" in failure["errors"]["mother_maiden_first"]
    assert stored_rows() == []


def test_letter_channel_needs_no_identity(central_url: str) -> None:
    body = envelope(channel="letter", tckn="", mother_maiden_first="", mother_maiden_last="",
                    received_date="2026-11-27")
    assert post(central_url, body, key_header(body)).status_code == 201


def test_unknown_subject_and_bad_envelope_fields_are_reported_together(
    central_url: str,
) -> None:
    body = envelope(subject_code="99")
    body["station_number"] = "34-01-2026-000001"
    body["created_at"] = "2026-11-28T10:15:00"
    response = post(central_url, body, key_header(body))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"subject_code", "station_number", "created_at"}
    assert "06-01" in errors["station_number"]


def test_wrong_shapes_get_turkish_errors_without_echoing_input(central_url: str) -> None:
    body = envelope()
    body["application"]["tckn"] = 10000000146
    body["priority"] = "yüksek"
    del body["created_by"]
    response = post(central_url, body, key_header(body))

    assert response.status_code == 422
    failure = response.json()
    assert failure["errors"] == {
        "tckn": "T.C. Kimlik No metin olarak verilmelidir.",
        "priority": "Bilinmeyen alan.",
        "created_by": "Bu alan zorunludur.",
    }
    assert "10000000146" not in response.text


def test_unknown_application_field_is_reported(central_url: str) -> None:
    body = envelope()
    body["application"]["nickname"] = "Ayşo"
    response = post(central_url, body, key_header(body))
    assert response.status_code == 422
    assert response.json()["errors"] == {"nickname": "Bilinmeyen alan: 'nickname'."}


def test_malformed_json_is_a_422(central_url: str) -> None:
    key = str(uuid.uuid4())
    response = requests.post(
        central_url + APPLICATIONS_PATH,
        data=b'{"uuid": ',
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": "İstek gövdesi geçerli bir JSON değil."}


def test_get_returns_the_stored_application(central_url: str) -> None:
    body = envelope(mobile_phone="0532 123 45 67", mother_maiden_last="k")
    receipt = post(central_url, body, key_header(body)).json()

    response = requests.get(
        f"{central_url}{APPLICATIONS_PATH}/{receipt['central_number']}", timeout=TIMEOUT
    )

    assert response.status_code == 200
    stored = response.json()
    assert {key: stored[key] for key in receipt} == receipt
    assert stored["station_code"] == "06-01"
    assert stored["created_at"] == body["created_at"]
    assert stored["created_by"] == "memur1"
    # The central copy is the validated one: phone in E.164, letters upper-cased.
    assert stored["application"]["mobile_phone"] == "+905321234567"
    assert stored["application"]["mother_maiden_last"] == "K"
    assert stored["application"]["text"] == body["application"]["text"]


def test_get_unknown_number_is_404(central_url: str) -> None:
    response = requests.get(f"{central_url}{APPLICATIONS_PATH}/BMR-2026-9999999", timeout=10)
    assert response.status_code == 404
    assert response.json() == {"detail": "Bu merkez numarasıyla kayıtlı başvuru bulunamadı."}


def test_openapi_documents_the_contract(central_url: str) -> None:
    document = requests.get(central_url + "/openapi.json", timeout=TIMEOUT).json()

    assert document["info"]["title"] == "BİMER Merkez Servisi"
    assert {
        "/api/v1/applications",
        "/api/v1/applications/{central_number}",
        "/api/v1/health",
    } <= set(document["paths"])
    post_operation = document["paths"]["/api/v1/applications"]["post"]
    assert {"201", "400", "409", "422"} <= set(post_operation["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post_operation["parameters"])
    envelope_schema = document["components"]["schemas"]["ApplicationEnvelope"]
    assert envelope_schema["additionalProperties"] is False
    assert "application" in envelope_schema["required"]


@pytest.mark.anonymous  # the credentials of desk 06-01, named here
def test_a_desk_cannot_send_in_another_station_s_name(central_url: str,
                                                      stored_rows: StoredRows) -> None:
    server = central_for(central_url)
    assert server is not None
    desk_06_01 = register(server, "06-01", "memur1")
    body = envelope()
    body["station_code"] = "34-07"
    body["station_number"] = "34-07-2026-000001"
    refused = requests.post(central_url + APPLICATIONS_PATH, json=body,
                            headers={**desk_06_01, **key_header(body)}, timeout=TIMEOUT)
    assert refused.status_code == 403
    assert refused.json()["reason"] == "station_mismatch"
    assert "34-07 istasyonu adına başvuru gönderemez" in refused.json()["detail"]
    assert stored_rows() == []
