"""Malformed requests get a 4xx with a Turkish JSON body, never a 5xx; a database that is
briefly unavailable gets a 503 the desk retries; /openapi.json documents all of them."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bimer_central.db
from bimer_central.reference import load_reference
from bimer_central.server import CentralServer
from models.application_form import ApplicationForm, validate_application
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header

TIMEOUT = 10
BLOB_PATH = "/api/v1/blobs/" + "0" * 64


def post_raw(base: str, data: bytes, content_type: str | None) -> requests.Response:
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    if content_type is not None:
        headers["Content-Type"] = content_type
    return requests.post(base + APPLICATIONS_PATH, data=data, headers=headers, timeout=TIMEOUT)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/xml", None])
def test_a_body_that_is_not_json_is_a_415(central_url: str, content_type: str | None) -> None:
    response = post_raw(central_url, b'{"uuid": "x"}', content_type)

    assert response.status_code == 415
    assert response.json() == {
        "detail": "İstek gövdesi JSON olmalıdır (Content-Type: application/json)."
    }


def test_json_in_a_broken_encoding_is_malformed_json_in_turkish(central_url: str) -> None:
    response = post_raw(central_url, b'{"uuid": "\xff\xfe\xfa"}', "application/json")

    assert response.status_code == 422
    assert response.json() == {"detail": "İstek doğrulanamadı.",
                               "errors": {"body": "İstek gövdesi geçerli bir JSON değil."}}


def test_a_json_array_with_the_json_type_is_still_a_422(central_url: str) -> None:
    response = post_raw(central_url, b"[1, 2]", "application/json")

    assert response.status_code == 422
    assert response.json()["errors"] == {"body": "İstek gövdesi bir JSON nesnesi olmalıdır."}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", BLOB_PATH, "GET, HEAD, PUT"),
        ("DELETE", BLOB_PATH, "GET, HEAD, PUT"),
        ("DELETE", APPLICATIONS_PATH, "POST"),
        ("PUT", "/api/v1/applications/BMR-2026-0000001", "GET"),
    ],
)
def test_a_wrong_method_is_a_405_naming_every_allowed_one(
    central_url: str, method: str, path: str, allowed: str
) -> None:
    response = requests.request(method, central_url + path, timeout=TIMEOUT)

    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json() == {"detail": "Bu adres bu istek yöntemini desteklemiyor."}


def test_a_nul_character_is_refused_or_missed_never_a_server_error(central_url: str) -> None:
    # PostgreSQL cannot hold a NUL in a text column, and its driver refuses even to look
    # one up; both must stay the client's mistake, on either backend.
    body = envelope()
    body["created_by"] = "memur\x001"
    stored = requests.post(central_url + APPLICATIONS_PATH, json=body, headers=key_header(body),
                           timeout=TIMEOUT)
    fetched = requests.get(f"{central_url}{APPLICATIONS_PATH}/BMR-2026-0000001%00",
                           timeout=TIMEOUT)

    # Not the logged-in clerk's name, so refused before it is looked at (the desk stamps
    # its own clerk); either way the client's mistake, never a server error.
    assert stored.status_code == 403
    assert stored.json()["reason"] == "clerk_mismatch"
    assert fetched.status_code == 404


@settings(max_examples=20, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=300),
       # A login: visible characters of any script (a NUL or a control one is refused, above).
       created_by=st.one_of(st.just("memur1"), st.just(" memur1 "),
                            st.text(st.characters(categories=("L", "M", "N", "P", "S")),
                                    min_size=1, max_size=40)),
       file_name=st.text(max_size=60))
def test_any_text_is_stored_exactly_as_cleaned_or_refused(
    central_url: str, text: str, created_by: str, file_name: str
) -> None:
    # One service for every example, on each backend: whatever earlier examples stored,
    # this one is accepted and read back exactly, or refused with a 422; never a 5xx.
    body = envelope(text=text)
    body["created_by"] = created_by
    body["attachments"] = [{"sha256": "0" * 64, "size": 1, "media_type": "application/pdf",
                            "name": file_name}]

    response = requests.post(central_url + APPLICATIONS_PATH, json=body,
                             headers=key_header(body), timeout=TIMEOUT)

    assert response.status_code in (201, 403, 422), response.text
    if response.status_code == 403:
        # A login that is not a clerk of this desk: refused before anything is stored.
        assert response.json()["reason"] == "clerk_mismatch"
        assert created_by.strip() != "memur1"
        return
    if response.status_code == 422:
        assert set(response.json()["errors"]) <= {"text", "created_by", "attachments.0.name"}
        return
    form, _ = ApplicationForm.from_mapping(body["application"])
    cleaned = validate_application(form, load_reference().accepted_codes).application
    assert cleaned is not None
    stored = requests.get(f"{central_url}{APPLICATIONS_PATH}/{response.json()['central_number']}",
                          timeout=TIMEOUT).json()
    assert stored["application"] == cleaned.to_payload()
    assert stored["created_by"] == created_by.strip()
    assert stored["attachments"][0]["name"] == file_name


def test_a_locked_database_is_a_503_the_desk_may_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite only: another process holds the write lock past the busy timeout (shortened
    # here from 10 s); PostgreSQL's equivalent is a server that is down or restarting.
    monkeypatch.setattr(bimer_central.db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "central.db"
    body = envelope()
    with CentralServer(f"sqlite:///{path}") as server:
        # The desk is enrolled and logged in before the lock (tests/central_auth.py).
        requests.get(server.url + "/api/v1/reference/subjects", timeout=TIMEOUT)
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN EXCLUSIVE")
            refused = requests.post(server.url + APPLICATIONS_PATH, json=body,
                                    headers=key_header(body), timeout=TIMEOUT)
            other.execute("ROLLBACK")
        retried = requests.post(server.url + APPLICATIONS_PATH, json=body,
                                headers=key_header(body), timeout=TIMEOUT)

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    assert refused.json()["detail"].startswith("Merkez servis veritabanına şu an ulaşamıyor")
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried.headers


def test_openapi_documents_the_errors_as_they_are_sent(central_url: str) -> None:
    document = requests.get(central_url + "/openapi.json", timeout=TIMEOUT).json()

    def ref(operation: dict[str, Any], status: str) -> str:
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        return str(schema["$ref"]).rsplit("/", 1)[-1]

    operations = [op for path in document["paths"].values() for op in path.values()]
    assert operations
    for operation in operations:
        assert ref(operation, "503") == "ErrorMessage"
        assert "Retry-After" in operation["responses"]["503"]["headers"]
        if "422" in operation["responses"]:
            # A field's mistake; a refused password change names its reason instead.
            assert ref(operation, "422") in ("ValidationFailure", "AuthFailure")
    assert "HTTPValidationError" not in document["components"]["schemas"]
    submit = document["paths"][APPLICATIONS_PATH]["post"]
    assert ref(submit, "415") == "ErrorMessage"
    [key] = [p for p in submit["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["in"] == "header" and key["required"] is True
    upload = document["paths"]["/api/v1/blobs/{sha256}"]["put"]
    assert "application/pdf" in upload["requestBody"]["content"]
    assert ref(upload, "415") == "ErrorMessage"  # bytes that are not of their declared type
