"""Receipts rendered from the real printing service's PDF, and written as PDF files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QToolBar
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from services.receipts import PrintedDocument
from tests.conftest import in_person_form
from ui.print_dialogs import (
    PdfRenderError,
    ReceiptPreviewDialog,
    paint_pdf,
    render_pdf_pages,
    save_pdf,
)

A4_POINTS = (595.28, 841.89)


@pytest.fixture
def receipt(offline_desk: Desk) -> PrintedDocument:
    saved = offline_desk.intake.save(in_person_form(), offline_desk.config.user)
    assert saved.station_number is not None
    return offline_desk.receipts.print_receipt(saved.station_number, "memur1", printer="PDF")


def dark_pixels(image: QImage, step: int = 2) -> int:
    return sum(1 for y in range(0, image.height(), step) for x in range(0, image.width(), step)
               if QColor(image.pixel(x, y)).lightness() < 100)


def test_render_pdf_pages_gives_an_opaque_page_with_ink(receipt: PrintedDocument) -> None:
    pages = render_pdf_pages(receipt.pdf, dpi=100)
    assert len(pages) == receipt.page_count >= 1
    page = pages[0]
    assert abs(page.width() - A4_POINTS[0] * 100 / 72) <= 1
    assert abs(page.height() - A4_POINTS[1] * 100 / 72) <= 1
    assert not page.hasAlphaChannel()
    # White paper where nothing is printed (the margins), ink where the text and barcode are.
    for x, y in ((2, 2), (page.width() - 3, page.height() - 3), (page.width() // 2, 5)):
        assert QColor(page.pixel(x, y)).name() == "#ffffff"
    assert dark_pixels(page) > 2000


def test_render_pdf_pages_refuses_bytes_that_are_not_a_pdf() -> None:
    with pytest.raises(PdfRenderError):
        render_pdf_pages(b"not a pdf at all")


def test_save_pdf_writes_the_bytes_and_adds_the_suffix(
        tmp_path: Path, receipt: PrintedDocument) -> None:
    written = save_pdf(receipt.pdf, tmp_path / "alindi")
    assert written == tmp_path / "alindi.pdf"
    assert written.read_bytes() == receipt.pdf
    assert not list(tmp_path.glob("*.part"))


def test_paint_pdf_prints_every_page_onto_a_printer(
        tmp_path: Path, receipt: PrintedDocument) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    assert paint_pdf(printer, receipt.pdf) == receipt.page_count
    printed = render_pdf_pages((tmp_path / "printed.pdf").read_bytes(), dpi=60)
    assert len(printed) == receipt.page_count
    assert dark_pixels(printed[0], step=1) > 500


def test_preview_dialog_offers_save_as_pdf(qtbot: QtBot, receipt: PrintedDocument) -> None:
    dialog = ReceiptPreviewDialog(receipt)
    qtbot.addWidget(dialog)
    toolbar = dialog.findChild(QToolBar)
    assert toolbar is not None
    assert "PDF olarak kaydet" in [action.text() for action in toolbar.actions()]
    assert receipt.station_number in dialog.windowTitle()
