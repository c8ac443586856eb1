"""Valid request bodies for the central service, to be changed one field at a time."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import in_person_form

APPLICATIONS_PATH = "/api/v1/applications"


def application_fields(**overrides: str) -> dict[str, str]:
    """A complete, valid in-person application, as the desk puts it on the wire."""
    wire = {"mobile_phone": "+905321234567", "email": "", "address": "",
            "subject_code": "01", "sub_subject_code": "01.01",
            "text": "Mahkeme dosyam altı aydır incelenmedi."}
    return dict(vars(in_person_form(**{**wire, **overrides})))


def envelope(key: str | None = None, **application: str) -> dict[str, Any]:
    """The POST body for a new application under ``key`` (a fresh UUID if None)."""
    return {
        "uuid": key or str(uuid.uuid4()),
        "station_number": "06-01-2026-000123",
        "station_code": "06-01",
        "created_at": "2026-11-28T10:15:00+03:00",
        "created_by": "memur1",
        "application": application_fields(**application),
    }


def key_header(body: dict[str, Any]) -> dict[str, str]:
    return {"Idempotency-Key": str(body["uuid"])}
