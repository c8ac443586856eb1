"""Valid request bodies for the central service, to be changed one field at a time."""

from __future__ import annotations

import hashlib
import itertools
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


_STATION_SEQUENCE = itertools.count(1_000_000 - 50_000)


def next_station_number(station: str = "06-01") -> str:
    """A station number no other envelope of this run carries: the centre refuses a station
    number that another application already holds (a reissued number, issue 18)."""
    return f"{station}-2026-{next(_STATION_SEQUENCE):06d}"


def keyed_station_number(key: str) -> str:
    """A station number that follows from the key (below the counter's range)."""
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return f"06-01-2026-{digest % 800_000 + 100_000:06d}"


def envelope(key: str | None = None, **application: str) -> dict[str, Any]:
    """The POST body for a new application under ``key`` (a fresh UUID if None)."""
    return {
        "uuid": key or str(uuid.uuid4()),
        # The same key, the same body (a replay); else a number no other envelope carries.
        "station_number": keyed_station_number(key) if key else next_station_number(),
        "station_code": "06-01",
        "created_at": "2026-11-28T10:15:00+03:00",
        "created_by": "memur1",
        "application": application_fields(**application),
    }


def key_header(body: dict[str, Any]) -> dict[str, str]:
    return {"Idempotency-Key": str(body["uuid"])}
