"""Attachment bytes at the central service: verified by hash, stored once, reported missing
until they arrive. Real requests over loopback against the real service."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from pydantic import TypeAdapter
from sqlalchemy import inspect

from bimer_central.intake import body_digest, envelope_digest
from models.envelope import ApplicationEnvelope
from tests.bimer_central.conftest import MakeCentralDatabase
from tests.bimer_central.databases import CentralDatabase
from tests.bimer_central.payloads import APPLICATIONS_PATH, application_fields, envelope, key_header
from tests.bimer_central.test_history import create_old_database

TIMEOUT = 10
# Validates a body as the service does (FastAPI hands it to pydantic the same way).
ENVELOPE = TypeAdapter(ApplicationEnvelope)
BLOBS = "/api/v1/blobs/"
# What a PDF starts with: the service checks a blob's bytes against its declared type.
SCAN = b"%PDF-1.4\n" + "Taranmış dilekçe — ğüşıöç".encode() * 500


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(base: str, name: str, data: Any, media_type: str = "application/pdf"
        ) -> requests.Response:
    return requests.put(base + BLOBS + name, data=data, headers={"Content-Type": media_type},
                        timeout=TIMEOUT)


def blob_files(database: CentralDatabase) -> list[Path]:
    root = database.blob_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def blob_rows(database: CentralDatabase) -> list[tuple[Any, ...]]:
    return database.rows("SELECT sha256, size, media_type FROM received_blobs ORDER BY id")


def with_attachments(*files: bytes) -> dict[str, Any]:
    body = envelope()
    body["attachments"] = [
        {"sha256": sha(data), "size": len(data), "media_type": "application/pdf",
         "name": f"ek-{index}.pdf", "page_count": 1}
        for index, data in enumerate(files, start=1)
    ]
    return body


def test_head_put_head_and_the_same_blob_again(
        central_url: str, central_db: CentralDatabase) -> None:
    name = sha(SCAN)
    assert requests.head(central_url + BLOBS + name, timeout=TIMEOUT).status_code == 404

    created = put(central_url, name, SCAN)
    again = put(central_url, name, SCAN)

    assert created.status_code == 201
    assert created.json() == {"sha256": name, "size": len(SCAN),
                              "media_type": "application/pdf", "created": True}
    assert (again.status_code, again.json()["created"]) == (200, False)
    head = requests.head(central_url + BLOBS + name, timeout=TIMEOUT)
    assert head.status_code == 200
    assert (head.headers["Content-Length"], head.headers["ETag"]) == (str(len(SCAN)),
                                                                      f'"{name}"')
    # A blob is served to whoever may read an application that carries it.
    assert requests.get(central_url + BLOBS + name, timeout=TIMEOUT).status_code == 404
    carrier = with_attachments(SCAN)
    assert requests.post(central_url + APPLICATIONS_PATH, json=carrier,
                         headers=key_header(carrier), timeout=TIMEOUT).status_code == 201
    fetched = requests.get(central_url + BLOBS + name, timeout=TIMEOUT)
    assert (fetched.content, fetched.headers["Content-Type"]) == (SCAN, "application/pdf")
    # Never rendered by a browser as something else: saved, not shown.
    assert fetched.headers["X-Content-Type-Options"] == "nosniff"
    assert fetched.headers["Content-Disposition"].startswith("attachment")
    assert blob_rows(central_db) == [(name, len(SCAN), "application/pdf")]
    [stored] = blob_files(central_db)
    assert stored.read_bytes() == SCAN and stored.name == name[2:]


def test_bytes_that_do_not_match_their_hash_are_refused_and_not_stored(
        central_url: str, central_db: CentralDatabase) -> None:
    flipped = bytearray(SCAN)
    flipped[7] ^= 0x20

    response = put(central_url, sha(SCAN), bytes(flipped))

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("Alınan dosyanın SHA-256 özeti adresteki özetle aynı değil")
    assert response.json()["errors"] == {"sha256": detail}
    assert blob_files(central_db) == [] and blob_rows(central_db) == []
    assert requests.head(central_url + BLOBS + sha(SCAN), timeout=TIMEOUT).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["A" * 64, "a" * 63, "a" * 65, "g" * 64, "abc", "..%2F..%2Fetc%2Fpasswd", "a" * 62 + "%00"],
)
def test_a_malformed_hash_is_refused(
        central_url: str, central_db: CentralDatabase, name: str) -> None:
    response = put(central_url, name, SCAN)
    assert 400 <= response.status_code < 500
    if response.status_code == 422:
        assert response.json()["detail"] == (
            "Dosya özeti (SHA-256) 64 küçük harfli onaltılık rakamdan oluşmalıdır.")
    assert 400 <= requests.head(central_url + BLOBS + name, timeout=TIMEOUT).status_code < 500
    assert blob_files(central_db) == []


@pytest.fixture
def small_central(make_central_db: MakeCentralDatabase
                  ) -> Iterator[tuple[str, CentralDatabase]]:
    database = make_central_db("small")
    with database.server(max_blob_bytes=4096) as server:
        yield server.url, database


def test_an_oversized_body_is_a_413_announced_or_not(
        small_central: tuple[str, CentralDatabase]) -> None:
    url, database = small_central
    big = b"%PDF-" + b"x" * 4995

    announced = put(url, sha(big), big)
    chunked = put(url, sha(big), iter([big[:3000], big[3000:]]))  # no Content-Length

    for response in (announced, chunked):
        assert response.status_code == 413
        # The route's own limit, or the body limit in front of every route (the same size).
        assert response.json()["detail"].startswith(("Dosya çok büyük",
                                                      "İstek gövdesi çok büyük"))
    assert blob_files(database) == [] and blob_rows(database) == []
    assert put(url, sha(big[:4096]), big[:4096]).status_code == 201


def test_two_desks_uploading_one_scan_at_once_store_it_once(
        central_url: str, central_db: CentralDatabase) -> None:
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(
        put(central_url, sha(SCAN), SCAN).status_code)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers).count(201) >= 1 and set(answers) <= {200, 201}
    assert len(blob_rows(central_db)) == 1 and len(blob_files(central_db)) == 1


def test_an_application_is_complete_only_when_all_its_blobs_are_there(
        central_url: str) -> None:
    second = SCAN + b"ikinci sayfa"
    body = with_attachments(SCAN, second)
    receipt = requests.post(central_url + APPLICATIONS_PATH, json=body,
                            headers=key_header(body), timeout=TIMEOUT)
    assert receipt.status_code == 201
    number = receipt.json()["central_number"]

    def state() -> tuple[bool, list[str]]:
        stored = requests.get(f"{central_url}{APPLICATIONS_PATH}/{number}",
                              timeout=TIMEOUT).json()
        return stored["complete"], stored["missing_blobs"]

    assert state() == (False, [sha(SCAN), sha(second)])
    put(central_url, sha(second), second)
    assert state() == (False, [sha(SCAN)])
    put(central_url, sha(SCAN), SCAN)
    assert state() == (True, [])
    stored = requests.get(f"{central_url}{APPLICATIONS_PATH}/{number}", timeout=TIMEOUT).json()
    assert stored["attachments"] == body["attachments"]


def test_the_replay_hash_covers_the_attachments(central_url: str) -> None:
    body = with_attachments(SCAN)
    first = requests.post(central_url + APPLICATIONS_PATH, json=body, headers=key_header(body),
                          timeout=TIMEOUT)
    replay = requests.post(central_url + APPLICATIONS_PATH, json=body, headers=key_header(body),
                           timeout=TIMEOUT)
    other = dict(body, attachments=[dict(body["attachments"][0], name="başka.pdf")])
    conflict = requests.post(central_url + APPLICATIONS_PATH, json=other,
                             headers=key_header(body), timeout=TIMEOUT)

    assert (first.status_code, replay.status_code, conflict.status_code) == (201, 201, 409)
    assert replay.json() == first.json()


def test_no_attachments_and_an_empty_list_are_the_same_body(central_url: str) -> None:
    body = envelope()
    first = requests.post(central_url + APPLICATIONS_PATH, json=body, headers=key_header(body),
                          timeout=TIMEOUT)
    replay = requests.post(central_url + APPLICATIONS_PATH, json=dict(body, attachments=[]),
                           headers=key_header(body), timeout=TIMEOUT)
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.headers["Idempotent-Replayed"] == "true"
    # And the digest of a body without attachments is the one stored before they existed.
    assert envelope_digest(ENVELOPE.validate_python(body)) == body_digest(body)


def test_malformed_attachment_lists_get_turkish_field_errors(central_url: str) -> None:
    body = with_attachments(SCAN)
    body["attachments"][0].update(sha256="XYZ", size=-1)
    body["attachments"].append({"sha256": sha(SCAN)})

    response = requests.post(central_url + APPLICATIONS_PATH, json=body,
                             headers=key_header(body), timeout=TIMEOUT)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "attachments.0.sha256": "Biçimi geçersiz.",
        "attachments.0.size": "En az 0 olmalıdır.",
        "attachments.1.size": "Bu alan zorunludur.",
        "attachments.1.media_type": "Bu alan zorunludur.",
        "attachments.1.name": "Bu alan zorunludur.",
    }


def test_a_database_from_before_attachments_is_upgraded(central_db: CentralDatabase) -> None:
    create_old_database(central_db, [("06-01-2026-000001", "2026-11-27T06:00:00+00:00",
                                      application_fields())])

    with central_db.server() as server:
        old = requests.get(f"{server.url}{APPLICATIONS_PATH}/BMR-2026-0000001",
                           timeout=TIMEOUT).json()
        body = with_attachments(SCAN)
        assert requests.post(server.url + APPLICATIONS_PATH, json=body,
                             headers=key_header(body), timeout=TIMEOUT).status_code == 201

    assert (old["attachments"], old["complete"], old["missing_blobs"]) == ([], True, [])
    with central_db.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("received_applications")}
    assert "attachments" in columns
    with central_db.server():  # and opening it again changes nothing
        pass


def test_openapi_documents_the_blob_endpoints(central_url: str) -> None:
    document = requests.get(central_url + "/openapi.json", timeout=TIMEOUT).json()
    operations = document["paths"]["/api/v1/blobs/{sha256}"]
    assert {"head", "put", "get"} <= set(operations)
    assert {"413", "422"} <= set(operations["put"]["responses"])
    envelope_schema = document["components"]["schemas"]["ApplicationEnvelope"]
    assert "attachments" in envelope_schema["properties"]
    assert "attachments" not in envelope_schema.get("required", [])


@pytest.mark.parametrize("claimed", ["text/html", "application/pdf", "image/png"])
def test_a_page_of_html_is_not_stored_as_a_scan_whatever_it_claims(
        central_url: str, central_db: CentralDatabase, claimed: str) -> None:
    page = b"<html><script>alert(document.cookie)</script></html>"
    refused = put(central_url, sha(page), page, media_type=claimed)
    assert refused.status_code in (415, 422), refused.text
    assert blob_rows(central_db) == [] and blob_files(central_db) == []
