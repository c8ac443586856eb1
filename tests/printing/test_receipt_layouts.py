"""The receipt on A5 and on 80 mm thermal paper: the same facts, a barcode that still scans,
and nothing wider than the paper."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp

from printing.code128 import MIN_MODULE_WIDTH_MM, QUIET_ZONE_MODULES, code128_layout
from printing.page import A5
from printing.receipt import ReceiptLayout, build_receipt
from printing.thermal_receipt import PAPER_WIDTH_MM, PRINTABLE_WIDTH_MM
from printing.units import mm
from tests.printing.pdf_helpers import (
    char_boxes,
    filled_rects,
    normalize_space,
    page_count,
    pdf_text,
    pt_to_mm,
    read_barcodes,
    render_gray,
    text_in_region,
)
from tests.printing.samples import LONG_SUBJECT, SAMPLE_PAYLOAD, TURKISH_LETTERS, sample_receipt
from tests.printing.test_receipt import _keep

FACTS = [
    "Başvuru Alındı Belgesi", "Başvuru numarası", "06-01-2026-000123", "Merkez numarası",
    "2026-0004567812", "Başvuru tarihi", "12.03.2026 14:05", "Başvuran", "Ğ*** Ö*** Ü*****",
    "Başvuru yolu", "Şahsen başvuru", "Başvuru türü", "Şikâyet", "Konu / Alt konu",
    "Ulaşım ve Güvenlik / Işıklandırma, Çöp ve Ağaç Dikimi (İlçe Üzerinde)", "Aciliyet",
    "Normal", "Yasal cevap süresi", "02.04.2026", "15 iş günü (4982 s. Kanun)",
    "Başvurunuzu nasıl sorgularsınız?",
    "Sayfa 1 / 1 · İstasyon 06-01 · Yazdıran ayşe.yılmaz · 12.03.2026 14:07", SAMPLE_PAYLOAD,
]


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    from io import BytesIO

    from pypdf import PdfReader

    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    return pt_to_mm(float(box.width)), pt_to_mm(float(box.height))


def render(layout: ReceiptLayout) -> bytes:
    document = build_receipt(
        sample_receipt(central_number="2026-0004567812", applicant="Ğ*** Ö*** Ü*****"), layout)
    _keep(f"receipt-{layout.value}", document.pdf)
    assert document.page_count == page_count(document.pdf) == 1
    return document.pdf


@pytest.fixture(scope="module", params=list(ReceiptLayout))
def receipt(request: pytest.FixtureRequest) -> tuple[ReceiptLayout, bytes]:
    layout: ReceiptLayout = request.param
    return layout, render(layout)


@pytest.fixture(scope="module")
def a5_pdf() -> bytes:
    return render(ReceiptLayout.A5)


@pytest.fixture(scope="module")
def thermal_pdf() -> bytes:
    return render(ReceiptLayout.THERMAL_80)


def test_every_layout_carries_the_same_facts_in_turkish(receipt: tuple[ReceiptLayout, bytes]
                                                        ) -> None:
    _layout, pdf = receipt
    text = normalize_space(pdf_text(pdf))
    missing = [fact for fact in FACTS if fact not in text]
    assert missing == []
    assert normalize_space(sample_receipt().query_instructions) in text
    for letter in TURKISH_LETTERS:
        assert letter in text, letter


def test_every_layout_scans(receipt: tuple[ReceiptLayout, bytes]) -> None:
    layout, pdf = receipt
    # A 203 dpi render is what a thermal head prints; a half-degree skew is any real sheet.
    for dpi, skew in ((300, 0.0), (203, 0.5), (200, 0.5)):
        found = read_barcodes(pdf, dpi, skew_degrees=skew)
        expected = {(SAMPLE_PAYLOAD, zxingcpp.BarcodeFormat.Code128)}
        if layout is ReceiptLayout.THERMAL_80:  # and the same payload as a QR code
            expected.add((SAMPLE_PAYLOAD, zxingcpp.BarcodeFormat.QRCode))
        assert {(f.text, f.format) for f in found} == expected, (layout, dpi, skew)
        assert len(found) == len(expected)


def test_a_thermal_receipt_scanned_at_150_dpi_is_read_by_zxing_and_zbar(tmp_path: Path) -> None:
    """The 150 dpi scan of a receipt brought back: 0.30 mm bars are 1.8 pixels there, so the
    QR code under them carries the payload (bench/receipt_barcode.py: 30/30 with both)."""
    pdf = build_receipt(sample_receipt(), ReceiptLayout.THERMAL_80).pdf
    image = render_gray(pdf, dpi=150)
    view = memoryview(image.pixels).cast("B", (image.height, image.width))
    assert SAMPLE_PAYLOAD in [f.text for f in zxingcpp.read_barcodes(view)]
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg is not installed (Debian: apt-get install zbar-tools); "
                    "zxing-cpp read it above")
    image.save_png(tmp_path / "receipt.png")
    result = subprocess.run([zbarimg, "--quiet", "--raw", str(tmp_path / "receipt.png")],
                            capture_output=True, text=True, check=False)
    assert SAMPLE_PAYLOAD in result.stdout.split()


def test_a5_is_a5_and_stays_inside_its_margins(a5_pdf: bytes) -> None:
    pdf = a5_pdf
    assert page_size_mm(pdf) == pytest.approx((148, 210), abs=0.1)
    tolerance = 0.5 * mm
    outside = [b for b in char_boxes(pdf)
               if b.left < A5.content_left - tolerance or b.right > A5.content_right + tolerance
               or b.top > A5.content_top + tolerance or b.bottom < A5.margin - 3 * mm]
    assert outside == []
    footer = text_in_region(pdf, 0, 0, A5.width, A5.footer_rule_y)
    assert footer.strip() == FACTS[-2]


def test_thermal_is_80_mm_wide_and_everything_fits_the_printable_72_mm(thermal_pdf: bytes) -> None:
    pdf = thermal_pdf
    width, height = page_size_mm(pdf)
    assert width == pytest.approx(PAPER_WIDTH_MM, abs=0.01)
    assert 100 < height < 297  # a strip as long as its content, not a sheet
    side = (PAPER_WIDTH_MM - PRINTABLE_WIDTH_MM) / 2
    boxes = char_boxes(pdf)
    assert min(pt_to_mm(b.left) for b in boxes) >= side - 0.3
    assert max(pt_to_mm(b.right) for b in boxes) <= PAPER_WIDTH_MM - side + 0.3


def test_thermal_barcode_with_its_quiet_zones_fits_the_printable_width(thermal_pdf: bytes) -> None:
    pdf = thermal_pdf
    symbol = code128_layout(SAMPLE_PAYLOAD, module_width_mm=MIN_MODULE_WIDTH_MM)
    bars = [r for r in filled_rects(pdf) if pt_to_mm(r.height) == pytest.approx(10.0)]
    assert len(bars) == symbol.pattern.count("10") + 1
    assert min(pt_to_mm(b.width) for b in bars) == pytest.approx(MIN_MODULE_WIDTH_MM)
    left = pt_to_mm(min(b.x for b in bars))
    right = pt_to_mm(max(b.x + b.width for b in bars))
    quiet = QUIET_ZONE_MODULES * MIN_MODULE_WIDTH_MM
    side = (PAPER_WIDTH_MM - PRINTABLE_WIDTH_MM) / 2
    assert right - left == pytest.approx(symbol.symbol_width_mm, abs=0.01)
    assert left - quiet >= side  # the quiet zones are inside the printable area too
    assert right + quiet <= PAPER_WIDTH_MM - side
    # The A4 module (0.35 mm) would not have fitted: that is why thermal prints 0.30 mm.
    assert code128_layout(SAMPLE_PAYLOAD).width_mm > PRINTABLE_WIDTH_MM


def test_thermal_barcode_measured_on_a_thermal_head_render(thermal_pdf: bytes) -> None:
    """At 203 dpi (8 dots/mm) the quiet zones are blank and bars are at least 2 dots."""
    pdf = thermal_pdf
    image = render_gray(pdf, dpi=203, skew_degrees=0.0)
    found = [f for f in zxingcpp.read_barcodes(
        memoryview(image.pixels).cast("B", (image.height, image.width)))
        if f.format == zxingcpp.BarcodeFormat.Code128]
    if not found:  # a perfectly straight render is the worst case; a real head is not that
        found = [f for f in read_barcodes(pdf, 203, skew_degrees=0.5)
                 if f.format == zxingcpp.BarcodeFormat.Code128]
        assert [f.text for f in found] == [SAMPLE_PAYLOAD]
        return
    assert [f.text for f in found] == [SAMPLE_PAYLOAD]
    middle = (found[0].position.top_left.y + found[0].position.bottom_left.y) // 2
    row = image.row(middle)
    dark = [x for x in range(image.width) if row[x] < 128]
    quiet = round(QUIET_ZONE_MODULES * MIN_MODULE_WIDTH_MM / 25.4 * 203)
    assert min(row[dark[0] - quiet: dark[0] - 1]) > 200
    assert min(row[dark[-1] + 2: dark[-1] + quiet]) > 200


def test_a_long_subject_makes_the_strip_longer_not_wider() -> None:
    short = build_receipt(sample_receipt(), ReceiptLayout.THERMAL_80)
    long = build_receipt(sample_receipt(subject_label=LONG_SUBJECT), ReceiptLayout.THERMAL_80)
    assert page_count(long.pdf) == 1
    (w1, h1), (w2, h2) = page_size_mm(short.pdf), page_size_mm(long.pdf)
    assert w1 == w2 == pytest.approx(80.0)
    assert h2 > h1
    assert normalize_space(LONG_SUBJECT) in normalize_space(pdf_text(long.pdf))
    assert {f.text for f in read_barcodes(long.pdf, 300)} == {SAMPLE_PAYLOAD}


def test_without_a_central_number_every_layout_promises_it() -> None:
    for layout in ReceiptLayout:
        pdf = build_receipt(sample_receipt(), layout).pdf
        assert "Eşitleme sonrası verilecek" in normalize_space(pdf_text(pdf)), layout
