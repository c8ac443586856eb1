"""The form, the JSONL import and the central service reject exactly the same input.

All three call ``validate_application``; this test proves it end to end: the same generated
applications go through the desk's validation, the import, and a real central service.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bimer_desktop.app import Desk
from tests.conftest import in_person_form

# Each field gets a valid value, an empty one, or a typical clerk's mistake.
CHOICES: dict[str, list[str]] = {
    "channel": ["in_person", "letter", "fax", "email", "telefon"],
    "tckn": ["10000000146", "", "10000000147", "1000000014", "١٠٠٠٠٠٠٠١٤٦"],
    "first_name": ["Ayşe", "", "Ayşe3"],
    "mother_maiden_first": ["Ş", "", "i", "ŞK"],
    "mobile_phone": ["0532 123 45 67", "", "0312 123 45 67"],
    "email": ["ayse@example.com", "", "ayse@"],
    "received_date": ["", "27.11.2026", "31.02.2026", "01.01.2099"],
    "paper_date": ["", "20.11.2026", "28.11.2026"],
    "fax_number": ["", "0 (312) 441 12 34", "123"],
    "application_type": ["complaint", "information_request", "thanks", "", "petition"],
    "applicant_kind": ["", "person", "organization"],
    "organization_title": ["", "Güneş Ltd. Şti."],
    "hide_identity": ["false", "true"],
    "sub_subject_code": ["02.02", "01.01", ""],
    "text": ["Çöpler toplanmıyor.", "", "a" * 6001, "😀" * 6000],
}

forms = st.fixed_dictionaries({key: st.sampled_from(values) for key, values in CHOICES.items()})


def central_errors(central_url: str, application: dict[str, str],
                   credentials: dict[str, str]) -> dict[str, str] | None:
    key = str(uuid.uuid4())
    body: dict[str, Any] = {
        "uuid": key, "station_number": "06-01-2026-000001", "station_code": "06-01",
        "created_at": "2026-11-28T10:15:00+03:00", "created_by": "memur1",
        "application": application,
    }
    response = requests.post(f"{central_url}/api/v1/applications", json=body,
                             headers={"Idempotency-Key": key, **credentials}, timeout=10)
    if response.status_code == 201:
        return None
    assert response.status_code == 422, response.text
    errors: dict[str, str] = response.json()["errors"]
    return errors


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(forms)
def test_desk_import_and_central_agree(desk: Desk, central_url: str,
                                       overrides: dict[str, str]) -> None:
    form = in_person_form(**overrides)
    desk_errors = desk.intake.validate(form).errors

    report = desk.importer.import_lines([json.dumps(vars(form)).encode()], "memur1")
    import_errors = {r.field: r.message for r in report.rejected}

    assert import_errors == desk_errors
    answer = central_errors(central_url, vars(form), desk.desk_auth.headers())
    assert answer == (desk_errors or None)


def test_an_emoji_counts_once_everywhere(desk: Desk, central_url: str) -> None:
    at_limit = in_person_form(text="😀" * 6000)  # 12000 UTF-16 units, 6000 characters
    over = in_person_form(text="😀" * 6001)
    assert desk.intake.validate(at_limit).ok
    assert central_errors(central_url, vars(at_limit), desk.desk_auth.headers()) is None
    assert set(desk.intake.validate(over).errors) == {"text"}
    assert set(central_errors(central_url, vars(over), desk.desk_auth.headers()) or {}) == {"text"}
