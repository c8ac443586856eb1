"""Previews of paper: the receipt's first page, the print preview dialog, and a printed
barcode scanned back (a case of this desk, and one printed elsewhere)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from bimer_desktop.app import Desk
from models.numbers import StationNumber
from models.print_payload import PrintPayload
from models.samples import SAMPLE_FORMS
from services.printouts import DocumentKind, PdfFile, PrintRequest, ReceiptLayout, free_pdf_path
from ui.case_lookup import CaseLookupDialog
from ui.pdf_pages import render_pdf_pages
from ui.previews.staging import seed_applications
from ui.print_dialogs import Printers, PrintPreviewDialog, preferred_printer
from ui.printers import QtPrinterCatalog


def _newest_number(desk: Desk) -> str:
    seed_applications(desk, SAMPLE_FORMS[:1])
    return desk.queries.list_applications(limit=1)[0].station_number


def build_receipt(desk: Desk) -> QWidget:
    """The receipt's first page as the preview renders it (nothing is logged)."""
    preview = desk.printouts.preview(
        PrintRequest(DocumentKind.RECEIPT, _newest_number(desk)), desk.config.user)
    page = render_pdf_pages(preview.pdf, dpi=96)[0]
    label = QLabel()
    label.setPixmap(QPixmap.fromImage(page))
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    label.setStyleSheet("background: #6b7078; padding: 16px;")
    scroll = QScrollArea()
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    scroll.setWindowTitle(preview.title)
    return scroll


def _print_preview(desk: Desk, request: PrintRequest) -> QWidget:
    catalog = QtPrinterCatalog()
    names = catalog.names()
    preview = desk.printouts.preview(request, desk.config.user)
    printers = Printers(names, preferred_printer(names, "", catalog.default_name()))
    return PrintPreviewDialog(preview, printers, desk.config.pdf_folder)


def build_print_preview(desk: Desk) -> QWidget:
    return _print_preview(desk, PrintRequest(DocumentKind.RECEIPT, _newest_number(desk),
                                             layout=ReceiptLayout.THERMAL_80))


def build_print_preview_report(desk: Desk) -> QWidget:
    return _print_preview(desk, PrintRequest(DocumentKind.REPORT, _newest_number(desk)))


def build_case_lookup(desk: Desk) -> QWidget:
    """A printed receipt scanned back: the case and who printed the paper."""
    number = _newest_number(desk)
    printed = desk.printouts.produce(
        PrintRequest(DocumentKind.RECEIPT, number), desk.config.user,
        PdfFile(free_pdf_path(desk.config.pdf_folder, DocumentKind.RECEIPT, number)))
    lookup = desk.printouts.lookup(printed.payload)
    assert lookup is not None, "a payload the desk just printed reads back"
    return CaseLookupDialog(lookup)


def build_case_lookup_elsewhere(desk: Desk) -> QWidget:
    """A paper printed at another station, for a case taken there: what this desk can say."""
    other = PrintPayload(StationNumber("34-07", desk.clock().year, 58), "34-07", 311).encode()
    lookup = desk.printouts.lookup(other)
    assert lookup is not None
    return CaseLookupDialog(lookup)
