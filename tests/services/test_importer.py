"""JSONL import: valid lines saved, every rejected line named with its field and reason."""

from __future__ import annotations

import json

from bimer_desktop.app import Desk
from tests.conftest import in_person_form


def line(**overrides: str) -> bytes:
    values = dict(vars(in_person_form()))
    values.update(overrides)
    return json.dumps(values, ensure_ascii=False).encode()


def test_valid_lines_are_saved_and_invalid_ones_named(offline_desk: Desk) -> None:
    report = offline_desk.importer.import_lines(
        [line(), line(tckn="12345678901"), b"", line(first_name="Mehmet")], "memur1"
    )
    assert [n for n, _ in report.saved] == [1, 4]
    assert len(report.rejected) == 1
    rejection = report.rejected[0]
    assert (rejection.line, rejection.field, rejection.field_label) == (
        2, "tckn", "T.C. Kimlik No")
    assert "son iki hane" in rejection.message
    assert len(offline_desk.queries.list_applications()) == 2


def test_broken_lines_get_a_reason_not_a_traceback(offline_desk: Desk) -> None:
    report = offline_desk.importer.import_lines(
        [b"{not json", b"[1, 2]", b"\xff\xfe", json.dumps({"colour": "red"}).encode()],
        "memur1",
    )
    reasons = {(r.line, r.field): r.message for r in report.rejected}
    assert reasons == {
        (1, "satır"): "Satır geçerli JSON değil (sütun 2).",
        (2, "satır"): "Satır bir JSON nesnesi ({...}) olmalı.",
        (3, "satır"): "Satır UTF-8 olarak okunamadı.",
        (4, "colour"): "Bilinmeyen alan: 'colour'.",
    }
    assert report.saved == []


def test_a_byte_order_mark_at_the_start_of_the_file_is_accepted(offline_desk: Desk) -> None:
    report = offline_desk.importer.import_lines(["\ufeff".encode() + line()], "memur1")
    assert report.rejected == []
    assert len(report.saved) == 1
