"""The case report, checked on the real PDF: every section's text, every page's header,
footer and barcode, text flowing over pages, tables that split cleanly."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

from models.print_payload import decode_payload
from printing.case_report import NO_MOVEMENTS, MovementRow, build_case_report
from printing.fonts import BOLD, REGULAR
from printing.page import A4, FOOTER_RULE_Y, MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from printing.units import mm
from tests.printing.pdf_helpers import (
    char_boxes,
    normalize_space,
    page_count,
    pdf_fonts,
    pdf_text,
    read_barcodes,
    render_gray,
    text_in_region,
)
from tests.printing.samples import (
    REPORT_PAYLOAD,
    SAMPLE_MOVEMENTS,
    TURKISH_LETTERS,
    long_text,
    sample_report,
)

FOOTER = "İstasyon 06-02 · Yazdıran ayşe.yılmaz · 14.03.2026 09:30"


def _keep(name: str, pdf: bytes) -> None:
    """Save 100 dpi PNGs of every page into $BIMER_KEEP_RENDERS, for looking by eye."""
    target = os.environ.get("BIMER_KEEP_RENDERS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for page in range(page_count(pdf)):
            render_gray(pdf, page=page, dpi=100).save_png(Path(target) / f"{name}-{page + 1}.png")


@pytest.fixture(scope="module")
def short_pdf() -> bytes:
    document = build_case_report(sample_report(movements=SAMPLE_MOVEMENTS))
    _keep("report-short", document.pdf)
    assert document.page_count == page_count(document.pdf)
    return document.pdf


@pytest.fixture(scope="module")
def long_report() -> tuple[bytes, str, int]:
    text = long_text(6000)
    document = build_case_report(sample_report(text=text, movements=SAMPLE_MOVEMENTS))
    _keep("report-6000", document.pdf)
    return document.pdf, text, document.page_count


def test_every_section_extracts_with_turkish_letters(short_pdf: bytes) -> None:
    text = normalize_space(pdf_text(short_pdf))
    expected = [
        "T.C. Çevre, Şehircilik ve İklim Değişikliği Bakanlığı", "Başvuru Raporu",
        "Başvuru numarası: 06-01-2026-000123", "Merkez numarası: 2026-0004567812",
        "Başvuru bilgileri", "Başvuru tarihi", "12.03.2026 14:05", "Başvuru yolu", "Mektup",
        "Başvuru türü", "Şikayet", "Aciliyet", "Acele", "Konu", "Belediye hizmetleri",
        "Alt konu", "Çevre temizliği ve çöp", "Yasal cevap süresi", "02.04.2026",
        "15 iş günü (4982 s. Kanun)", "Merkeze gönderim", "Gönderildi",
        "Belge tarihi", "05.03.2026", "Geliş tarihi", "11.03.2026",
        "Konum", "Ankara / Çankaya — Işıklar Sokağı",
        "Başvuran", "Ad soyad", "Ş*** Ö*****", "T.C. Kimlik No", "100******46",
        "Ğ******** Ü***** N** 4", "Kimlik bilgileri yıldızlı gösterilmiştir.",
        "Başvuru metni", normalize_space(sample_report().text),
        "Ekler", "Dosya adı", "Sayfa", "SHA-256 (ilk 12)",
        "dilekçe-tarama.pdf", "48,1 KB", "9f2c4e1d0b7a", "çöp-fotoğrafı.jpg", "04ab77e3c9d1",
        "Hareketler", "Kimden", "Tarih", "Kime", "Öncelik", "Not",
        "BİMER Ankara Valiliği", "12.03.2026 15:00",
        "Çankaya Belediyesi Temizlik İşleri Müdürlüğü", "Gereği için; yerinde inceleme",
        "Ağaç dikimi bölümü için bilgi.",
        f"Sayfa 1 / {page_count(short_pdf)} · {FOOTER}", REPORT_PAYLOAD,
    ]
    missing = [item for item in expected if item not in text]
    assert missing == []
    for letter in TURKISH_LETTERS:
        assert letter in text, letter
    assert NO_MOVEMENTS not in text


def test_pdftotext_reads_it_too(short_pdf: bytes, tmp_path: Path) -> None:
    """A second, independent extractor (poppler) reads the same Turkish text."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed here")
    source = tmp_path / "report.pdf"
    source.write_bytes(short_pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = normalize_space(text)
    for item in ("Başvuru Raporu", "Çevre temizliği ve çöp", "Ş*** Ö*****", "çöp-fotoğrafı.jpg",
                 "Çankaya Belediyesi Park ve Bahçeler Müdürlüğü", "Hareketler"):
        assert item in flat, item


def test_a_case_without_movements_says_so_and_a_short_case_is_one_page() -> None:
    document = build_case_report(sample_report(movements=()))
    text = normalize_space(pdf_text(document.pdf))
    assert "Hareketler" in text and NO_MOVEMENTS in text
    assert document.page_count == page_count(document.pdf) == 1


def test_a_case_without_attachments_says_so() -> None:
    pdf = build_case_report(sample_report(attachments=())).pdf
    assert "Bu başvurunun eki yok." in normalize_space(pdf_text(pdf))


def test_6000_characters_flow_onto_more_pages_each_with_header_footer_and_barcode(
        long_report: tuple[bytes, str, int]) -> None:
    pdf, _text, pages = long_report
    assert pages == page_count(pdf) >= 2
    reader = PdfReader(io.BytesIO(pdf))
    for index, page in enumerate(reader.pages, start=1):
        text = normalize_space(page.extract_text())
        assert "T.C. Çevre, Şehircilik ve İklim Değişikliği Bakanlığı" in text, index
        assert "Başvuru Raporu" in text, index
        assert "Başvuru numarası: 06-01-2026-000123" in text, index
        footer = text_in_region(pdf, 0, 0, PAGE_WIDTH, FOOTER_RULE_Y, page=index - 1)
        assert footer.strip() == f"Sayfa {index} / {pages} · {FOOTER}"
        found = read_barcodes(pdf, page=index - 1)
        assert [(f.text, f.format) for f in found] == [
            (REPORT_PAYLOAD, zxingcpp.BarcodeFormat.Code128)], f"page {index}"


def test_the_long_text_is_all_there_in_order(long_report: tuple[bytes, str, int]) -> None:
    pdf, text, pages = long_report
    header_bottom = PAGE_HEIGHT - 60 * mm  # below the header block on every page
    body = " ".join(
        text_in_region(pdf, 0, FOOTER_RULE_Y + 1, PAGE_WIDTH, header_bottom, page=page)
        for page in range(pages)
    )
    flat = normalize_space(body)
    assert normalize_space(text) in flat
    assert len(text) == 6000


def test_every_barcode_is_a_payload_whose_check_passes(long_report: tuple[bytes, str, int]
                                                       ) -> None:
    pdf, _text, _pages = long_report
    texts = {found.text for found in read_barcodes(pdf, skew_degrees=0.5)}
    assert texts == {REPORT_PAYLOAD}
    payload = decode_payload(REPORT_PAYLOAD)
    assert payload is not None
    assert (str(payload.case), payload.printing_station, payload.serial) == (
        "06-01-2026-000123", "06-02", 7)


def test_a_long_movements_table_repeats_its_heading_on_the_next_page() -> None:
    rows = tuple(
        MovementRow(f"Birim {n} Müdürlüğü", datetime(2026, 3, 1 + n % 28, 9, 0),
                    f"Birim {n + 1} Şube Müdürlüğü", "Normal", f"{n}. sevk: gereği için.")
        for n in range(1, 61)
    )
    document = build_case_report(sample_report(movements=rows))
    _keep("report-movements", document.pdf)
    assert document.page_count >= 2
    reader = PdfReader(io.BytesIO(document.pdf))
    last = normalize_space(reader.pages[-1].extract_text())
    assert "Kimden" in last and "Kime" in last and "Öncelik" in last
    everything = normalize_space(pdf_text(document.pdf))
    for n in (1, 30, 60):
        assert f"{n}. sevk: gereği için." in everything


def test_only_embedded_dejavu_fonts(long_report: tuple[bytes, str, int]) -> None:
    fonts = pdf_fonts(long_report[0])
    assert {font.family for font in fonts} == {REGULAR, BOLD}
    assert all(font.embedded for font in fonts)


def test_metadata_names_the_document_not_the_applicant(short_pdf: bytes) -> None:
    metadata = PdfReader(io.BytesIO(short_pdf)).metadata
    assert metadata is not None
    assert metadata.title == "Başvuru Raporu 06-01-2026-000123"
    assert metadata.creator == "BİMER Masaüstü"
    assert "Ş***" not in " ".join(str(value) for value in metadata.values())


def test_everything_stays_within_the_margins_on_every_page(
        long_report: tuple[bytes, str, int]) -> None:
    pdf, _text, pages = long_report
    tolerance = 0.5 * mm
    for page in range(pages):
        outside = [
            box for box in char_boxes(pdf, page=page)
            if box.left < MARGIN - tolerance or box.right > A4.content_right + tolerance
            or box.top > PAGE_HEIGHT - MARGIN + tolerance or box.bottom < MARGIN - 3 * mm
        ]
        assert outside == [], page
        across_footer_rule = [b for b in char_boxes(pdf, page=page)
                              if b.bottom < FOOTER_RULE_Y < b.top]
        assert across_footer_rule == [], page


def test_same_data_gives_the_same_bytes() -> None:
    data = sample_report(text=long_text(3000))
    assert build_case_report(data).pdf == build_case_report(data).pdf


def test_markup_in_the_text_is_printed_literally() -> None:
    odd = "<b>Gürültü</b> & <i>koku</i> > 3 dB\nikinci satır"
    pdf = build_case_report(sample_report(text=odd)).pdf
    assert normalize_space(odd) in normalize_space(pdf_text(pdf))
