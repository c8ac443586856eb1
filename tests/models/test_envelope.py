"""The envelope declared once (models/envelope.py): the fields it names are the form's, the
body it builds leaves out what is empty as desks always have, and importing it costs the
desk no pydantic."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from models.application_form import ApplicationForm, ValidApplication
from models.envelope import ApplicationEnvelope, AttachmentRef, WireApplication

ROOT = Path(__file__).resolve().parent.parent.parent
SCAN = AttachmentRef(sha256="ab" * 32, size=10, media_type="application/pdf", name="a.pdf")


def envelope(**changes: object) -> ApplicationEnvelope:
    base = ApplicationEnvelope(
        uuid="0b9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c11", station_number="06-01-2026-000123",
        station_code="06-01", created_at="2026-11-28T10:15:00+03:00", created_by="memur1",
        application={"channel": "in_person", "text": "Metin"})
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_wire_application_names_exactly_the_form_s_fields() -> None:
    assert list(WireApplication.__annotations__) == list(ApplicationForm.field_names())
    assert set(ApplicationForm.field_names()) == {
        field.name for field in dataclasses.fields(ValidApplication)}


def test_empty_parts_are_left_out_as_desks_always_did() -> None:
    assert list(envelope().to_json()) == [
        "uuid", "station_number", "station_code", "created_at", "created_by", "application"]
    assert "reserved_central_number" in envelope(reserved_central_number="").to_json()


def test_every_part_that_says_something_is_in_the_body() -> None:
    body = envelope(attachments=(SCAN,), reserved_central_number="BMR-2026-0000042",
                    corrects="1c9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c12").to_json()

    assert body["attachments"] == [{"sha256": "ab" * 32, "size": 10,
                                    "media_type": "application/pdf", "name": "a.pdf",
                                    "page_count": None}]
    assert body["reserved_central_number"] == "BMR-2026-0000042"
    assert body["corrects"] == "1c9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c12"


def test_the_desk_s_save_path_imports_no_pydantic() -> None:
    probe = ("import sys, services.intake, services.corrections, models.envelope; "
             "print(sorted(m for m in ('pydantic', 'fastapi', 'starlette') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
