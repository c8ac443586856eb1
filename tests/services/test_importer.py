"""JSONL import: valid lines saved, every rejected line named with its field and reason."""

from __future__ import annotations

import json
from pathlib import Path

from bimer_desktop.app import Desk
from tests.conftest import in_person_form


def line(**overrides: object) -> bytes:
    values: dict[str, object] = dict(vars(in_person_form()))
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


def test_a_second_run_saves_only_the_fixed_line_and_says_which_were_saved(
        offline_desk: Desk) -> None:
    """Issue 18: re-running a file duplicated every line. A line's identity is its content
    (and which copy of it), so fixing a rejected line leaves the others' identities alone."""
    first = offline_desk.importer.import_lines(
        [line(), line(tckn="12345678901"), line(first_name="Mehmet")], "memur1")
    assert [n for n, _ in first.saved] == [1, 3]
    second = offline_desk.importer.import_lines(
        [line(), line(tckn="10000000146"), line(first_name="Mehmet")], "memur1")
    assert second.already == first.saved
    assert [n for n, _ in second.saved] == [2] and second.rejected == []
    third = offline_desk.importer.import_lines(
        [line(), line(tckn="10000000146"), line(first_name="Mehmet")], "memur1")
    assert third.saved == [] and len(third.already) == 3
    assert len(offline_desk.queries.list_applications()) == 3


def test_identical_lines_are_as_many_applications_and_spacing_does_not_count(
        offline_desk: Desk) -> None:
    first = offline_desk.importer.import_lines([line(), line()], "memur1")
    assert len(first.saved) == 2
    respaced = json.dumps(json.loads(line()), indent=None, separators=(" ,", " : "),
                          ensure_ascii=True).encode()
    again = offline_desk.importer.import_lines([respaced, line(), line()], "memur1")
    assert [n for n, _ in again.already] == [1, 2]
    assert [n for n, _ in again.saved] == [3]  # a third copy is a third application


def test_a_client_id_keeps_its_line_s_identity_through_an_edit(offline_desk: Desk) -> None:
    first = offline_desk.importer.import_lines(
        [line(client_id="dosya-7/12"), line(client_id="dosya-7/13")], "memur1")
    assert len(first.saved) == 2
    edited = offline_desk.importer.import_lines(
        [line(client_id="dosya-7/12", text="Düzeltilmiş metin, yeterince uzun bir metin."),
         line(client_id="dosya-7/14")], "memur1")
    assert edited.already == [(1, first.saved[0][1])]
    assert [n for n, _ in edited.saved] == [2]
    refused = offline_desk.importer.import_lines(
        [line(client_id=""), line(client_id="a\nb"), line(client_id="x" * 201)], "memur1")
    assert [(r.line, r.field, r.field_label) for r in refused.rejected] == [
        (1, "client_id", "Satır kimliği"), (2, "client_id", "Satır kimliği"),
        (3, "client_id", "Satır kimliği")]
    assert len(offline_desk.queries.list_applications()) == 3


def test_a_nul_in_an_attachment_path_refuses_that_line_only(
        offline_desk: Desk, tmp_path: Path) -> None:
    lines = [line(text="Birinci başvurunun metni burada yazılıdır."),
             line(attachments=["tara\x00ma.pdf"]),
             line(text="Üçüncü başvurunun metni burada yazılıdır.")]
    report = offline_desk.importer.import_lines(lines, "memur1", base_dir=tmp_path)
    assert [n for n, _ in report.saved] == [1, 3]
    assert [(r.line, r.field, r.message) for r in report.rejected] == [
        (2, "attachments", "'tara\\x00ma.pdf': Ek yolunda geçersiz bir karakter (NUL) var.")]
