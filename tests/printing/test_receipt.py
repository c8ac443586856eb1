"""The counter receipt, checked on the real PDF: text, fonts, metadata, barcode, fit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import zxingcpp

from printing.code128 import MIN_MODULE_WIDTH_MM, QUIET_ZONE_MODULES, code128_layout
from printing.fonts import BOLD, REGULAR
from printing.page import CONTENT_RIGHT, FOOTER_RULE_Y, MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from printing.receipt import ReceiptData, ReceiptTooLongError, build_receipt
from printing.units import mm
from tests.printing.pdf_helpers import (
    char_boxes,
    filled_rects,
    normalize_space,
    page_count,
    pdf_fonts,
    pdf_text,
    pt_to_mm,
    read_barcodes,
    render_gray,
    text_fonts,
    text_in_region,
)
from tests.printing.samples import LONG_SUBJECT, SAMPLE_PAYLOAD, TURKISH_LETTERS, sample_receipt

TURKISH_INSTITUTION = "T.C. ÇĞİÖŞÜ Deneme Kurumu"
TURKISH_APPLICANT = "Ğ*** Ç*****"
TURKISH_SUBJECT = "çğıöşü Işıklandırma ve Ölçüm"


def _keep(name: str, pdf: bytes) -> None:
    """Save a 100 dpi PNG into $BIMER_KEEP_RENDERS, for looking at the printout by eye."""
    target = os.environ.get("BIMER_KEEP_RENDERS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        render_gray(pdf, dpi=100).save_png(Path(target) / f"{name}.png")


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    document = build_receipt(sample_receipt())
    _keep("receipt", document.pdf)
    return document.pdf


@pytest.fixture(scope="module")
def turkish_pdf() -> bytes:
    data = sample_receipt(
        institution_name=TURKISH_INSTITUTION,
        applicant=TURKISH_APPLICANT,
        subject_label=TURKISH_SUBJECT,
        central_number="2026-0004567812",
    )
    return build_receipt(data).pdf


def test_text_has_numbers_labels_dates_and_every_turkish_letter(turkish_pdf: bytes) -> None:
    text = normalize_space(pdf_text(turkish_pdf))
    expected = [
        TURKISH_INSTITUTION,
        "Başvuru Alındı Belgesi",
        "Başvuru numarası",
        "06-01-2026-000123",
        "Merkez numarası",
        "2026-0004567812",
        "Başvuru tarihi",
        "12.03.2026 14:05",
        "Başvuran",
        TURKISH_APPLICANT,
        "Başvuru yolu",
        "Şahsen başvuru",
        "Başvuru türü",
        "Şikâyet",
        "Konu / Alt konu",
        f"{TURKISH_SUBJECT} / Işıklandırma, Çöp ve Ağaç Dikimi (İlçe Üzerinde)",
        "Aciliyet",
        "Normal",
        "Yasal cevap süresi",
        "02.04.2026",
        "15 iş günü (4982 s. Kanun)",
        "Başvurunuzu nasıl sorgularsınız?",
        normalize_space(sample_receipt().query_instructions),
        "Sayfa 1 / 1 · İstasyon 06-01 · Yazdıran ayşe.yılmaz · 12.03.2026 14:07",
        SAMPLE_PAYLOAD,
    ]
    missing = [item for item in expected if item not in text]
    assert missing == []
    for letter in TURKISH_LETTERS:
        assert letter in text, letter
    assert "Eşitleme sonrası verilecek" not in text


def test_a_missing_central_number_is_promised_after_sync(receipt_pdf: bytes) -> None:
    text = normalize_space(pdf_text(receipt_pdf))
    assert "Merkez numarası" in text
    assert "Eşitleme sonrası verilecek" in text


def test_only_embedded_dejavu_fonts(receipt_pdf: bytes) -> None:
    fonts = pdf_fonts(receipt_pdf)
    assert {font.family for font in fonts} == {REGULAR, BOLD}
    assert all(font.embedded for font in fonts), fonts
    assert all("+" in font.base_font for font in fonts), "expected subset-embedded fonts"
    assert {name.split("+", 1)[-1] for name in text_fonts(receipt_pdf)} == {REGULAR, BOLD}
    assert not any("Helvetica" in font.base_font for font in fonts)


def test_metadata_names_the_document_but_not_the_applicant(turkish_pdf: bytes) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    metadata = PdfReader(BytesIO(turkish_pdf)).metadata
    assert metadata is not None
    assert metadata.title == "Başvuru Alındı Belgesi 06-01-2026-000123"
    values = " ".join(str(value) for value in metadata.values())
    assert TURKISH_APPLICANT not in values
    assert "Ğ***" not in values


@pytest.mark.parametrize("dpi", [200, 150])
def test_barcode_decodes_from_a_straight_page_render(receipt_pdf: bytes, dpi: int) -> None:
    found = read_barcodes(receipt_pdf, dpi)
    assert [(f.text, f.format) for f in found] == [(SAMPLE_PAYLOAD, zxingcpp.BarcodeFormat.Code128)]


def test_barcode_bars_in_the_pdf_are_at_least_030_mm(receipt_pdf: bytes) -> None:
    layout = code128_layout(SAMPLE_PAYLOAD)
    bars = [r for r in filled_rects(receipt_pdf) if pt_to_mm(r.height) == pytest.approx(12)]
    assert len(bars) == layout.pattern.count("10") + 1
    assert min(pt_to_mm(bar.width) for bar in bars) >= MIN_MODULE_WIDTH_MM
    # The bars end at the right edge of the content; the quiet zone lies in the margin.
    assert max(bar.x + bar.width for bar in bars) == pytest.approx(CONTENT_RIGHT)


def test_barcode_measured_on_a_600_dpi_render(receipt_pdf: bytes) -> None:
    """Module width, symbol width and clear quiet zones, measured in pixels."""
    image = render_gray(receipt_pdf, dpi=600)
    found = zxingcpp.read_barcodes(memoryview(image.pixels).cast("B", (image.height, image.width)))
    assert [f.text for f in found] == [SAMPLE_PAYLOAD]
    position = found[0].position
    middle = (position.top_left.y + position.bottom_left.y) // 2
    row = image.row(middle)
    right_half = range(image.width // 2, image.width)
    dark = [x for x in right_half if row[x] < 128]
    first, last = dark[0], dark[-1]
    runs: list[int] = []
    run = 0
    for x in range(first, last + 2):
        if row[x] < 128:
            run += 1
        elif run:
            runs.append(run)
            run = 0
    layout = code128_layout(SAMPLE_PAYLOAD)
    assert image.px_to_mm(min(runs)) >= MIN_MODULE_WIDTH_MM
    assert image.px_to_mm(last + 1 - first) == pytest.approx(layout.symbol_width_mm, abs=0.1)
    quiet = round(QUIET_ZONE_MODULES * layout.module_width_mm / 25.4 * 600)
    bar_rows = range(position.top_left.y + 5, position.bottom_left.y - 5)
    for y in bar_rows:
        line = image.row(y)
        assert min(line[first - quiet : first - 1]) > 200, "left quiet zone not clear"
        assert min(line[last + 2 : last + quiet]) > 200, "right quiet zone not clear"


def test_everything_printed_stays_within_the_margins(receipt_pdf: bytes) -> None:
    _assert_within_margins(receipt_pdf)


def test_footer_sits_alone_below_its_rule(receipt_pdf: bytes) -> None:
    footer = text_in_region(receipt_pdf, 0, 0, PAGE_WIDTH, FOOTER_RULE_Y)
    assert footer.strip() == (
        "Sayfa 1 / 1 · İstasyon 06-01 · Yazdıran ayşe.yılmaz · 12.03.2026 14:07"
    )


def test_long_subject_wraps_and_still_fits_one_page() -> None:
    document = build_receipt(sample_receipt(subject_label=LONG_SUBJECT))
    _keep("receipt-long-subject", document.pdf)
    assert document.page_count == 1
    assert page_count(document.pdf) == 1
    text = normalize_space(pdf_text(document.pdf))
    assert normalize_space(LONG_SUBJECT) in text
    assert "Başvurunuzu nasıl sorgularsınız?" in text
    _assert_within_margins(document.pdf)
    assert [found.text for found in read_barcodes(document.pdf)] == [SAMPLE_PAYLOAD]


def test_a_long_unbroken_word_wraps_instead_of_overflowing() -> None:
    word = "Ç" + "ş" * 180 + "İ"
    document = build_receipt(
        sample_receipt(sub_subject_label=word, institution_name=word, printed_by=word[:60])
    )
    _keep("receipt-long-word", document.pdf)
    assert document.page_count == 1
    _assert_within_margins(document.pdf)


def test_freak_lengths_shrink_the_type_and_then_refuse() -> None:
    huge = " ".join([LONG_SUBJECT] * 4)
    document = build_receipt(sample_receipt(subject_label=huge, query_instructions=huge))
    _keep("receipt-compact", document.pdf)
    assert page_count(document.pdf) == 1
    assert normalize_space(huge) in normalize_space(pdf_text(document.pdf))
    _assert_within_margins(document.pdf)

    with pytest.raises(ReceiptTooLongError):
        build_receipt(sample_receipt(subject_label=" ".join([LONG_SUBJECT] * 40)))


def test_markup_characters_are_printed_literally() -> None:
    odd = "<b>Gürültü</b> & <i>koku</i> > 3 dB"
    document = build_receipt(sample_receipt(subject_label=odd, query_instructions=odd))
    assert normalize_space(pdf_text(document.pdf)).count(odd) == 2


def test_same_data_gives_the_same_bytes() -> None:
    data: ReceiptData = sample_receipt()
    assert build_receipt(data).pdf == build_receipt(data).pdf


def _assert_within_margins(pdf: bytes) -> None:
    tolerance = 0.5 * mm
    outside = [
        box
        for box in char_boxes(pdf)
        if box.left < MARGIN - tolerance
        or box.right > PAGE_WIDTH - MARGIN + tolerance
        or box.top > PAGE_HEIGHT - MARGIN + tolerance
        or box.bottom < MARGIN - 3 * mm  # descenders of the footer line
    ]
    assert outside == []
    body_below_footer_rule = [
        box for box in char_boxes(pdf) if box.bottom < FOOTER_RULE_Y < box.top
    ]
    assert body_below_footer_rule == []
