"""``bimer-desktop print`` and ``print-log``: headless printing to PDF, and the log of it."""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
import pytest

from bimer_desktop.app import PDF_DIR_NAME
from bimer_desktop.cli import main
from models.print_payload import decode_payload
from tests.conftest import VALID_TCKN, in_person_form
from tests.printing.pdf_helpers import decode_barcodes, normalize_space, page_count, pdf_text


@pytest.fixture
def desk_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A desk with one saved application (through the CLI's own import)."""
    lines = tmp_path / "one.jsonl"
    lines.write_text(json.dumps(dict(vars(in_person_form())), ensure_ascii=False) + "\n",
                     "utf-8")
    assert cli(tmp_path / "desk", "import", str(lines)) == 0
    capsys.readouterr()
    return tmp_path / "desk"


def cli(data: Path, *args: str) -> int:
    # A training desk (no central address): its clerk is the training clerk, no login
    # needed (docs/security.md); printing never needs the central service.
    return main(["--data-dir", str(data), *args])


NUMBER = "06-01-{year}-000001"


def number() -> str:
    from datetime import date

    return NUMBER.format(year=date.today().year)


@pytest.mark.parametrize("layout", ["a4", "a5", "80mm"])
def test_print_receipt_in_each_layout(desk_dir: Path, tmp_path: Path, layout: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"alindi-{layout}.pdf"
    assert cli(desk_dir, "print", "receipt", number(), "--out", str(out),
               "--layout", layout) == 0
    said = capsys.readouterr().out
    assert f"Alındı belgesi yazıldı: {out}" in said and "yazdırma seri no 1" in said
    [payload] = decode_barcodes(out.read_bytes(), 300)
    decoded = decode_payload(payload)
    assert decoded is not None and decoded.serial == 1 and str(decoded.case) == number()


def pdf_folder() -> Path:
    return platformdirs.user_documents_path() / PDF_DIR_NAME


def test_print_report_without_out_goes_to_the_pdf_folder(
        desk_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(desk_dir, "print", "report", number()) == 0
    # Not in the data folder (whose files are all encrypted): the user's documents folder.
    written = pdf_folder() / f"basvuru-raporu-{number()}.pdf"
    assert str(written) in capsys.readouterr().out
    pdf = written.read_bytes()
    assert "Başvuru Raporu" in normalize_space(pdf_text(pdf))
    assert page_count(pdf) == 1

    assert cli(desk_dir, "print", "report", number()) == 0  # a second print keeps the first
    assert (pdf_folder() / f"basvuru-raporu-{number()}-2.pdf").exists()
    assert written.read_bytes() == pdf


def test_a_report_is_a4_only_and_says_so(desk_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(desk_dir, "print", "report", number(), "--layout", "80mm",
               "--out", str(tmp_path / "r.pdf")) == 2
    err = capsys.readouterr().err
    assert "başvuru raporu yalnızca A4 basılır" in err
    assert not (tmp_path / "r.pdf").exists()
    assert cli(desk_dir, "print-log", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_reveal_identity_is_explicit_and_for_reports_only(
        desk_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(desk_dir, "print", "receipt", number(), "--reveal-identity") == 2
    assert "yalnızca rapor içindir" in capsys.readouterr().err
    out = tmp_path / "acik.pdf"
    assert cli(desk_dir, "print", "report", number(), "--reveal-identity",
               "--out", str(out)) == 0
    assert VALID_TCKN in normalize_space(pdf_text(out.read_bytes()))


def test_print_log_lists_prints_with_turkish_headers_and_no_personal_data(
        desk_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(desk_dir, "print", "receipt", number(), "--out", str(tmp_path / "a.pdf"))
    cli(desk_dir, "print", "report", number(), "--out", str(tmp_path / "b.pdf"))
    capsys.readouterr()

    assert cli(desk_dir, "print-log") == 0
    text = capsys.readouterr().out
    header, first, second, total = text.splitlines()
    assert header.split() == ["Seri", "Belge", "Başvuru", "İstasyon", "Kullanıcı", "Zaman",
                              "Sayfa", "Yazıcı"]
    assert first.split()[:4] == ["1", "Alındı", "belgesi", number()]
    assert second.split()[:4] == ["2", "Başvuru", "raporu", number()]
    assert f"PDF: {tmp_path / 'b.pdf'}" in second
    assert total == "Toplam: 2"
    for secret in ("Ayşe", "Yılmaz", VALID_TCKN, "çöpler"):
        assert secret not in text

    assert cli(desk_dir, "print-log", "--json", "--limit", "1") == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["serial"] == 2 and row["document_type"] == "report"
    assert row["station_number"] == number() and row["station_code"] == "06-01"
    assert row["user"] == "egitim" and row["page_count"] == 1
    assert decode_payload(row["payload"]) is not None
    assert set(row) == {"serial", "document_type", "station_number", "station_code", "user",
                        "printed_at", "page_count", "printer", "payload"}


def test_printing_an_unknown_case_logs_nothing(desk_dir: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(desk_dir, "print", "report", "06-01-2026-999999",
               "--out", str(tmp_path / "x.pdf")) == 1
    assert "numaralı başvuru bu masada bulunamadı" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert cli(desk_dir, "print-log") == 0
    assert capsys.readouterr().out.strip().endswith("Toplam: 0")
