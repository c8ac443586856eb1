"""The one PDF renderer: every page on white paper, at a resolution or within a box, and a
page's size in points — for the print previews, the printers and the attachment pages."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from tests.services.page_samples import text_pdf
from ui.pdf_pages import PdfRenderError, pdf_page_size, render_pdf_page, render_pdf_pages

A4_POINTS = (595.0, 842.0)


def white(image: QImage, x: int, y: int) -> bool:
    return QColor(image.pixel(x, y)).name() == "#ffffff"


def test_a_page_within_a_box_keeps_its_shape_on_white_paper() -> None:
    pdf = text_pdf(["Şükrü", ""])
    for max_px in (112, 900):
        page = render_pdf_page(pdf, 1, max_px=max_px)
        assert page.height() == max_px
        assert page.width() == round(A4_POINTS[0] * max_px / A4_POINTS[1])
        assert not page.hasAlphaChannel()
        assert white(page, 2, 2) and white(page, page.width() - 3, page.height() - 3)


def test_a_page_at_a_resolution_is_the_page_of_the_whole_document() -> None:
    pdf = text_pdf(["Bir", "İki"])
    pages = render_pdf_pages(pdf, dpi=72)
    assert [(p.width(), p.height()) for p in pages] == [(595, 842)] * 2
    assert render_pdf_page(pdf, 1, dpi=72) == pages[1]
    assert pages[1].dotsPerMeterX() == round(72 / 0.0254)


def test_a_page_is_rendered_either_at_a_resolution_or_within_a_box() -> None:
    pdf = text_pdf(["Bir"])
    with pytest.raises(ValueError):
        render_pdf_page(pdf, 0)
    with pytest.raises(ValueError):
        render_pdf_page(pdf, 0, dpi=72, max_px=100)


def test_bytes_that_are_not_a_pdf_are_refused_in_words() -> None:
    with pytest.raises(PdfRenderError):
        render_pdf_page(b"not a pdf at all", 0, max_px=100)


def test_page_size_in_points_or_none() -> None:
    pdf = text_pdf(["Bir", "İki"])
    size = pdf_page_size(pdf, 1)
    assert size is not None
    assert (round(size.width()), round(size.height())) == A4_POINTS
    assert pdf_page_size(pdf, 2) is None
    assert pdf_page_size(b"not a pdf at all") is None
