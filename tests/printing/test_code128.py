"""Code 128 drawn as vector bars: sizes that scan, and payloads that decode back exactly."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from printing.code128 import (
    MIN_MODULE_WIDTH_MM,
    QUIET_ZONE_MODULES,
    code128_layout,
    code128_width,
    draw_code128,
)
from printing.fonts import REGULAR
from printing.units import mm
from tests.printing.pdf_helpers import filled_rects, pdf_text, pt_to_mm, read_barcodes
from tests.printing.samples import SAMPLE_PAYLOAD

_PAGE_MARGIN = 10 * mm


def barcode_pdf(payload: str, *, human_readable: bool = True) -> tuple[bytes, float]:
    """A page holding only the barcode; returns the PDF and the width ``draw_code128`` gave."""
    layout = code128_layout(payload, human_readable=human_readable)
    page = (layout.width + 2 * _PAGE_MARGIN, layout.height + 2 * _PAGE_MARGIN)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page, initialFontName=REGULAR, invariant=1)
    width = draw_code128(canvas, payload, _PAGE_MARGIN, _PAGE_MARGIN, human_readable=human_readable)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), width


def test_our_payload_stays_compact_thanks_to_charset_c() -> None:
    layout = code128_layout(SAMPLE_PAYLOAD)
    # Start B, "B", to C, 12 digit pairs, to B, last digit, checksum: 18 symbols + stop.
    assert layout.modules == 18 * 11 + 13
    assert layout.module_width_mm == pytest.approx(0.35)
    assert layout.width_mm == pytest.approx((211 + 2 * QUIET_ZONE_MODULES) * 0.35)


def test_module_and_quiet_zone_sizes() -> None:
    layout = code128_layout(SAMPLE_PAYLOAD)
    assert layout.narrowest_bar_mm >= MIN_MODULE_WIDTH_MM
    assert layout.narrowest_space_mm >= MIN_MODULE_WIDTH_MM
    assert layout.quiet_zone_mm >= 10 * layout.module_width_mm


def test_thin_modules_are_refused() -> None:
    with pytest.raises(ValueError, match="minimum"):
        code128_layout(SAMPLE_PAYLOAD, module_width_mm=0.25)


@pytest.mark.parametrize("payload", ["", "Başvuru", "tab\there", "\x7f"])
def test_payloads_outside_printable_ascii_are_refused(payload: str) -> None:
    with pytest.raises(ValueError):
        code128_layout(payload)


def test_drawn_bars_are_vector_rectangles_of_whole_modules() -> None:
    pdf, width = barcode_pdf(SAMPLE_PAYLOAD)
    layout = code128_layout(SAMPLE_PAYLOAD)
    bars = [rect for rect in filled_rects(pdf) if pt_to_mm(rect.height) == pytest.approx(12)]
    assert len(bars) == layout.pattern.count("10") + 1  # one rectangle per bar
    assert min(pt_to_mm(bar.width) for bar in bars) == pytest.approx(0.35)
    modules = [pt_to_mm(bar.width) / 0.35 for bar in bars]
    assert all(m == pytest.approx(round(m)) for m in modules)
    # Bars start one quiet zone in from the left edge of what was drawn.
    assert pt_to_mm(min(bar.x for bar in bars) - _PAGE_MARGIN) == pytest.approx(
        layout.quiet_zone_mm
    )
    assert width == pytest.approx(layout.width)
    assert code128_width(SAMPLE_PAYLOAD) == pytest.approx(width)


def test_human_readable_line_is_the_payload() -> None:
    pdf, _ = barcode_pdf(SAMPLE_PAYLOAD)
    assert pdf_text(pdf).strip() == SAMPLE_PAYLOAD


def test_without_human_readable_line_there_is_no_text() -> None:
    pdf, _ = barcode_pdf(SAMPLE_PAYLOAD, human_readable=False)
    assert pdf_text(pdf).strip() == ""
    assert [found.text for found in read_barcodes(pdf)] == [SAMPLE_PAYLOAD]


@pytest.mark.parametrize("dpi", [150, 200])
def test_decodes_from_a_page_render(dpi: int) -> None:
    pdf, _ = barcode_pdf(SAMPLE_PAYLOAD)
    found = read_barcodes(pdf, dpi)
    assert [(f.text, f.format) for f in found] == [(SAMPLE_PAYLOAD, zxingcpp.BarcodeFormat.Code128)]


def test_drawing_twice_gives_the_same_bars() -> None:
    # python-barcode keeps charset state on the Code128 object; a reused one could drift.
    first, _ = barcode_pdf("1234")
    second, _ = barcode_pdf("1234")
    assert filled_rects(first) == filled_rects(second)


def test_a_leading_99_survives() -> None:
    # python-barcode 0.16 on its own encodes "99abc" as a symbol reading "abc".
    for payload in ("99abc", "9912", "99"):
        pdf, _ = barcode_pdf(payload)
        assert [found.text for found in read_barcodes(pdf, 300)] == [payload]


def _assert_round_trip(payload: str) -> None:
    # A straight 150 dpi render, and a 200 dpi one of a sheet lying half a degree askew on the
    # scanner: straight 200 dpi renders of random payloads fail ~0.2 % (see printing.code128).
    pdf, _ = barcode_pdf(payload)
    for dpi, skew in ((150, 0.0), (200, 0.5)):
        found = read_barcodes(pdf, dpi, skew_degrees=skew)
        assert [(f.text, f.format) for f in found] == [(payload, zxingcpp.BarcodeFormat.Code128)], (
            f"{dpi} dpi, skew {skew}°"
        )


@settings(max_examples=10, deadline=None)
@given(st.from_regex(r"B[0-9]{25}", fullmatch=True))
def test_any_payload_in_our_format_round_trips(payload: str) -> None:
    _assert_round_trip(payload)


@settings(max_examples=6, deadline=None)
@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=24))
def test_printable_ascii_round_trips(payload: str) -> None:
    _assert_round_trip(payload)
