"""The body hash the service keys idempotency on is unchanged by the envelope's move to
models/envelope.py: for each shape a desk of any version sends, the digest stored is the one
the service computed before (DIGESTS: by main's pydantic model, commit 1b13da2). Absent and
empty ``attachments``, absent and null ``reserved_central_number`` / ``corrects`` are one
body, so an older desk's resend is still a replay."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from models.application_form import ApplicationForm
from models.envelope import ApplicationEnvelope
from tests.bimer_central.conftest import StoredRows
from tests.bimer_central.databases import CentralDatabase
from tests.bimer_central.payloads import APPLICATIONS_PATH

TIMEOUT = 10
FIRST_VERSION_APPLICATION = {
    "channel": "in_person", "tckn": "10000000146", "first_name": "Ayşe", "last_name": "Yılmaz",
    "mother_maiden_first": "Ş", "mother_maiden_last": "K", "mobile_phone": "+905321234567",
    "email": "", "address": "", "application_type": "complaint", "subject_code": "01",
    "sub_subject_code": "01.01", "urgency": "normal",
    "text": "Mahkeme dosyam altı aydır incelenmedi.",
}
SCAN = {"sha256": "ab" * 32, "size": 1234, "media_type": "application/pdf",
        "name": "Dilekçe.pdf", "page_count": 2}
PHOTO = {"sha256": "cd" * 32, "size": 5, "media_type": "image/png", "name": "foto.png"}


def body(key_digit: str, **extra: Any) -> dict[str, Any]:
    return {
        "uuid": f"0b9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c1{key_digit}",
        "station_number": "06-01-2026-000123", "station_code": "06-01",
        "created_at": "2026-11-28T10:15:00+03:00", "created_by": "memur1",
        "application": FIRST_VERSION_APPLICATION, **extra,
    }


# name: (body, its digest as main computed it)
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "minimal": (body("1"),
        "5567c376700d48ee01b38ec57f571753d846bb5b813e3e82e1d1ac3c76be99cd"),
    "attachments": (body("2", attachments=[SCAN, PHOTO]),
        "414f52a1a957d1746093e158a27131a7f6c6e68db73eb13154ecc32104785f58"),
    "reserved": (body("3", reserved_central_number="BMR-2026-0000042"),
        "dc8f6bd6a74d14821c572cbfb41b4f4788a57ecee84936304c0d0b31bae07991"),
    "corrects": (body("4", corrects="1c9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c12"),
        "6c29ec005b986f09c4088315d391066f98aa37ee18cf3e2cdc4fd11271e4841e"),
    "everything": (body("5", attachments=[SCAN], reserved_central_number="BMR-2026-0000042",
                        corrects="1C9F3C2E-8A51-4C8E-9B8E-1F6F1E0A7C12"),
        "ddceb09c7e61b42cf7f7561cdaba70fa18e99c04b41c8107f09d1d386f20fc33"),
    "empty_reserved": (body("6", reserved_central_number=""),
        "3c16874bede1a5f9fba89e0e9546cff559b51cf4ec4a80b28443617cfd471827"),
}
# The same application as "minimal", with the optional fields present but empty.
EMPTY_PIECES = body("1", attachments=[], reserved_central_number=None, corrects=None)


def post(base: str, sent: dict[str, Any]) -> requests.Response:
    return requests.post(base + APPLICATIONS_PATH, json=sent,
                         headers={"Idempotency-Key": sent["uuid"]}, timeout=TIMEOUT)


@pytest.mark.parametrize("name", list(CASES))
def test_the_stored_digest_is_the_one_main_computed(
    central_url: str, central_db: CentralDatabase, name: str
) -> None:
    sent, digest = CASES[name]

    response = post(central_url, sent)

    assert response.status_code == 201, response.text
    assert central_db.rows("SELECT body_sha256 FROM received_applications") == [(digest,)]


def test_absent_and_empty_optional_fields_are_one_body(
    central_url: str, stored_rows: StoredRows
) -> None:
    first = post(central_url, CASES["minimal"][0])
    again = post(central_url, EMPTY_PIECES)

    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert len(stored_rows()) == 1


ENVELOPE = TypeAdapter(ApplicationEnvelope)
_text = st.text(max_size=30)
_attachment = st.fixed_dictionaries(
    {"sha256": st.text("0123456789abcdef", min_size=64, max_size=64),
     "size": st.integers(min_value=0, max_value=2**40),
     "media_type": st.text(min_size=3, max_size=40), "name": st.text(max_size=40)},
    optional={"page_count": st.none() | st.integers(min_value=1, max_value=10_000)},
)
_bodies = st.fixed_dictionaries(
    {"uuid": st.text(max_size=36), "station_number": st.text(max_size=32),
     "station_code": st.text(max_size=8), "created_at": st.text(max_size=64),
     "created_by": st.text(max_size=100),
     "application": st.dictionaries(
         st.sampled_from(ApplicationForm.field_names()) | _text, _text, max_size=8)},
    optional={"attachments": st.lists(_attachment, max_size=3),
              "reserved_central_number": st.none() | st.text(max_size=32),
              "corrects": st.none() | st.text(max_size=36)},
)


@given(_bodies)
def test_validation_changes_nothing_the_digest_is_taken_over(sent: dict[str, Any]) -> None:
    # As over HTTP: the service validates what JSON gave it.
    received = ENVELOPE.validate_python(json.loads(json.dumps(sent)))

    expected = {key: value for key, value in sent.items()
                if not (key == "attachments" and not value)
                and not (key in ("reserved_central_number", "corrects") and value is None)}
    if "attachments" in expected:
        expected["attachments"] = [{"page_count": None, **attachment}
                                   for attachment in expected["attachments"]]
    assert received.to_json() == expected


@pytest.mark.parametrize("size", ["5", 5.0, True])
def test_a_number_that_is_not_a_json_integer_is_refused(
    central_url: str, size: object
) -> None:
    sent = body("7", attachments=[{**SCAN, "size": size}])

    response = post(central_url, sent)

    assert response.status_code == 422
    assert response.json()["errors"] == {"attachments.0.size": "Tam sayı olarak verilmelidir."}
