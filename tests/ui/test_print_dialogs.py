"""Printing from the window: preview, printer choice, paper or PDF, and the print log.

The physical printer is the one thing faked here (``RecordingPrinter`` behind the
``PrinterCatalog`` interface); everything else is the real desk, real PDFs and the real
print log. The real ``QtPrinter`` is tested on Qt's PDF printer engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from bimer_desktop.settings import load_settings
from models.print_payload import decode_payload
from services.printouts import (
    DocumentKind,
    OutputError,
    PrintedDocument,
    PrintOutput,
    PrintRequest,
    ReceiptLayout,
    RenderedDocument,
)
from tests.conftest import VALID_TCKN, in_person_form
from tests.printing.pdf_helpers import decode_barcodes, normalize_space, page_count, pdf_text
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.pdf_pages import PdfRenderError, paint_pdf, render_pdf_pages
from ui.print_dialogs import (
    NO_PRINTER_TEXT,
    PrintingActions,
    PrintPreviewDialog,
    preferred_printer,
)
from ui.printers import QtPrinter

A4_POINTS = (595.28, 841.89)


@dataclass
class RecordingPrinter:
    """Stands in for a device: keeps what it was given, or refuses like a jammed one."""

    label: str
    received: list[tuple[bytes, str]] = field(default_factory=list)
    refuse: str | None = None

    def deliver(self, document: RenderedDocument, *, title: str) -> None:
        if self.refuse:
            raise OutputError(self.refuse)
        self.received.append((document.pdf, title))


@dataclass
class FakeCatalog:
    printers: dict[str, RecordingPrinter]
    default: str | None = None

    def names(self) -> list[str]:
        return list(self.printers)

    def default_name(self) -> str | None:
        return self.default

    def printer(self, name: str) -> PrintOutput:
        return self.printers[name]


def office(*names: str, default: str | None = None) -> FakeCatalog:
    return FakeCatalog({name: RecordingPrinter(name) for name in names}, default)


def saved_number(desk: Desk, **overrides: str) -> str:
    outcome = desk.intake.save(in_person_form(**overrides), desk.config.user)
    assert outcome.station_number is not None
    return outcome.station_number


class Host(QMainWindow):
    """A bare window holding the printing actions, as the main window does."""

    def __init__(self, desk: Desk, catalog: FakeCatalog) -> None:
        super().__init__()
        self.ops = Operations(self)
        self.printing = PrintingActions(desk, self.ops, self, catalog)


@pytest.fixture
def make_host(qtbot: QtBot) -> Iterator[Callable[[Desk, FakeCatalog], Host]]:
    hosts: list[Host] = []

    def make(desk: Desk, catalog: FakeCatalog) -> Host:
        host = Host(desk, catalog)
        qtbot.addWidget(host)
        host.show()
        hosts.append(host)
        return host

    yield make
    for host in hosts:  # before the desk fixtures close their databases
        host.ops.shutdown()


HostFactory = Callable[[Desk, FakeCatalog], Host]


def open_preview(qtbot: QtBot, window: Host | MainWindow, kind: DocumentKind,
                 number: str) -> PrintPreviewDialog:
    with qtbot.waitSignal(window.printing.preview_shown, timeout=20_000) as shown:
        if kind is DocumentKind.RECEIPT:
            window.printing.print_receipt(number)
        else:
            window.printing.print_report(number)
    dialog = shown.args[0]
    assert isinstance(dialog, PrintPreviewDialog)
    return dialog


def click_print(qtbot: QtBot, window: Host | MainWindow,
                dialog: PrintPreviewDialog) -> PrintedDocument:
    with qtbot.waitSignal(window.printing.printed, timeout=20_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    document = printed.args[0]
    assert isinstance(document, PrintedDocument)
    return document


def test_a_cancelled_preview_leaves_no_log_row_and_uses_no_serial(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk)
    window = make_window(offline_desk)  # the real window's wiring, a fake device
    window.printing.catalog = office("Kasa")

    dialog = open_preview(qtbot, window, DocumentKind.RECEIPT, number)
    assert len(dialog.pages) == 1
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    dialog = open_preview(qtbot, window, DocumentKind.REPORT, number)
    dialog.reject()

    assert offline_desk.printouts.print_log() == []
    dialog = open_preview(qtbot, window, DocumentKind.RECEIPT, number)
    assert dialog.preview.provisional_serial == 1


def test_print_goes_to_the_chosen_printer_and_is_logged_and_remembered(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk)
    catalog = office("Ofis lazer", "Kasa termal", default="Ofis lazer")
    window = make_host(offline_desk, catalog)
    dialog = open_preview(qtbot, window, DocumentKind.RECEIPT, number)
    assert dialog.printer_combo.currentText() == "Ofis lazer"  # the system default first
    dialog.printer_combo.setCurrentText("Kasa termal")

    document = click_print(qtbot, window, dialog)

    [(pdf, title)] = catalog.printers["Kasa termal"].received
    assert catalog.printers["Ofis lazer"].received == []
    assert title == f"Alındı belgesi {number}"
    [row] = offline_desk.printouts.print_log()
    assert (row.serial, row.printer, row.payload) == (1, "Kasa termal", document.payload)
    [scanned] = decode_barcodes(pdf)
    decoded = decode_payload(scanned)
    assert decoded is not None and decoded.serial == row.serial
    # Remembered, in the file and in the running desk, for receipts only.
    assert load_settings(offline_desk.config.data_dir).receipt_printer == "Kasa termal"
    assert load_settings(offline_desk.config.data_dir).report_printer == ""
    assert "Kasa termal" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.printing.dialog is None)
    again = open_preview(qtbot, window, DocumentKind.RECEIPT, number)
    assert again.printer_combo.currentText() == "Kasa termal"


def test_preferred_printer_order() -> None:
    assert preferred_printer(["A", "B"], "B", "A") == "B"
    assert preferred_printer(["A", "B"], "gone", "A") == "A"
    assert preferred_printer(["A", "B"], "", None) == "A"
    assert preferred_printer([], "B", "B") is None


def test_without_a_printer_print_saves_a_pdf_and_says_where(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk)
    window = make_host(offline_desk, FakeCatalog({}))
    dialog = open_preview(qtbot, window, DocumentKind.RECEIPT, number)
    assert dialog.printer_combo.currentText() == NO_PRINTER_TEXT
    assert not dialog.printer_combo.isEnabled()
    assert not dialog.no_printer.isHidden()
    assert str(offline_desk.config.pdf_folder) in dialog.no_printer.text()

    document = click_print(qtbot, window, dialog)

    written = offline_desk.config.pdf_folder / f"alindi-belgesi-{number}.pdf"
    assert written.read_bytes() == document.pdf
    [row] = offline_desk.printouts.print_log()
    assert row.printer == f"PDF: {written}"
    box = window.findChild(QMessageBox, "printedAsPdf")
    assert box is not None
    assert "kurulu yazıcı bulunamadı" in box.text() and str(written) in box.text()


def test_save_as_pdf_is_always_there_and_logs_the_path(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk, tmp_path: Path) -> None:
    number = saved_number(offline_desk)
    window = make_host(offline_desk, office("Kasa"))
    dialog = open_preview(qtbot, window, DocumentKind.REPORT, number)
    assert dialog.save_button.isEnabled()
    target = tmp_path / "rapor"
    with qtbot.waitSignal(window.printing.printed, timeout=20_000):
        dialog.save_clicked.emit(str(target))  # what the file dialog answers
    pdf = (tmp_path / "rapor.pdf").read_bytes()
    assert "Başvuru Raporu" in normalize_space(pdf_text(pdf))
    [row] = offline_desk.printouts.print_log()
    assert row.printer == f"PDF: {tmp_path / 'rapor.pdf'}"
    assert row.document_type == "report" and row.page_count == page_count(pdf)


def test_a_jammed_printer_shows_why_and_logs_nothing(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk)
    catalog = FakeCatalog({"Kasa": RecordingPrinter("Kasa", refuse="Yazıcıda kâğıt sıkıştı.")})
    window = make_host(offline_desk, catalog)
    dialog = open_preview(qtbot, window, DocumentKind.RECEIPT, number)
    with qtbot.waitSignal(window.printing.failed, timeout=20_000):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "Yazıcıda kâğıt sıkıştı."
    assert dialog.print_button.isEnabled()
    assert offline_desk.printouts.print_log() == []


def test_the_paper_can_be_changed_in_the_preview(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk)
    catalog = office("Kasa")
    window = make_host(offline_desk, catalog)
    dialog = open_preview(qtbot, window, DocumentKind.RECEIPT, number)
    a4_width = dialog.pages[0].width()
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("80mm"))
    qtbot.waitUntil(lambda: dialog.preview.layout is ReceiptLayout.THERMAL_80, timeout=20_000)
    assert dialog.pages[0].width() < a4_width / 2

    click_print(qtbot, window, dialog)
    [(pdf, _title)] = catalog.printers["Kasa"].received
    width = float(PdfReader(BytesIO(pdf)).pages[0].mediabox.width)
    assert width == pytest.approx(80 * 72 / 25.4, abs=0.1)
    # The choice was for this print: the setting still says A4.
    assert offline_desk.config.settings.receipt_layout == "a4"


def test_revealing_identity_in_the_report_preview_is_audited(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk)
    catalog = office("Ofis")
    window = make_host(offline_desk, catalog)
    dialog = open_preview(qtbot, window, DocumentKind.REPORT, number)
    assert not dialog.reveal_box.isChecked()  # never the default
    assert VALID_TCKN not in pdf_text(dialog.preview.pdf)

    dialog.reveal_box.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preview.request.reveal_identity, timeout=20_000)
    assert VALID_TCKN in pdf_text(dialog.preview.pdf)
    click_print(qtbot, window, dialog)

    [(pdf, _title)] = catalog.printers["Ofis"].received
    assert VALID_TCKN in pdf_text(pdf)
    from sqlalchemy import select

    from models.entities import AuditEvent
    with offline_desk.db.sessions() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["identity.revealed", "report.printed"]


def test_a_hidden_identity_cannot_be_revealed_from_the_preview(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk, hide_identity="true")
    window = make_host(offline_desk, office("Ofis"))
    dialog = open_preview(qtbot, window, DocumentKind.REPORT, number)
    assert not dialog.reveal_box.isEnabled()
    assert "gizlenmesini istedi" in dialog.reveal_box.toolTip()


def test_direct_print_skips_the_dialog(
        qtbot: QtBot, make_host: HostFactory, offline_desk: Desk) -> None:
    number = saved_number(offline_desk)
    offline_desk.remember_setting("receipt_direct_print", True)
    offline_desk.remember_setting("receipt_printer", "Kasa termal")
    catalog = office("Ofis lazer", "Kasa termal", default="Ofis lazer")
    window = make_host(offline_desk, catalog)
    with qtbot.waitSignal(window.printing.printed, timeout=20_000):
        window.printing.print_receipt(number)
    assert window.printing.dialog is None
    assert len(catalog.printers["Kasa termal"].received) == 1
    assert [r.printer for r in offline_desk.printouts.print_log()] == ["Kasa termal"]


def test_an_unknown_case_says_so(qtbot: QtBot, make_host: HostFactory,
                                 offline_desk: Desk) -> None:
    window = make_host(offline_desk, office("Kasa"))
    with qtbot.waitSignal(window.printing.failed, timeout=20_000) as failed:
        window.printing.print_receipt("06-01-2026-999999")
    assert "bu masada bulunamadı" in failed.args[0]
    assert window.findChild(QMessageBox, "printError") is not None


# -- the real Qt printer and the page rendering --------------------------------------------


def dark_pixels(image: QImage, step: int = 2) -> int:
    return sum(1 for y in range(0, image.height(), step) for x in range(0, image.width(), step)
               if QColor(image.pixel(x, y)).lightness() < 100)


@pytest.fixture
def receipt_pdf(offline_desk: Desk) -> bytes:
    number = saved_number(offline_desk)
    return offline_desk.printouts.preview(
        PrintRequest(DocumentKind.RECEIPT, number), "memur1").pdf


def test_qt_printer_prints_every_page_at_the_document_s_own_size(
        qtbot: QtBot, tmp_path: Path, offline_desk: Desk) -> None:
    number = saved_number(offline_desk, text="Uzun metin. " * 480)
    thermal = offline_desk.printouts.preview(
        PrintRequest(DocumentKind.RECEIPT, number, ReceiptLayout.THERMAL_80), "memur1")
    report = offline_desk.printouts.preview(PrintRequest(DocumentKind.REPORT, number), "memur1")
    assert report.page_count >= 2
    for name, preview in (("thermal", thermal), ("report", report)):
        target = tmp_path / f"{name}.pdf"
        printer = QtPrinter.pdf_device(target)
        assert printer.label == f"PDF: {target}"
        printer.deliver(RenderedDocument(preview.pdf, preview.page_count), title=name)
        printed = target.read_bytes()
        source_box = PdfReader(BytesIO(preview.pdf)).pages[0].mediabox
        printed_pages = PdfReader(BytesIO(printed)).pages
        assert len(printed_pages) == preview.page_count
        box = printed_pages[0].mediabox
        assert float(box.width) == pytest.approx(float(source_box.width), abs=1.5), name
        assert float(box.height) == pytest.approx(float(source_box.height), abs=1.5), name
        # Painted as pictures at print resolution, the barcode still scans.
        assert decode_barcodes(printed, 300, page=0) == decode_barcodes(preview.pdf, page=0)


def test_render_pdf_pages_gives_an_opaque_page_with_ink(receipt_pdf: bytes) -> None:
    pages = render_pdf_pages(receipt_pdf, dpi=100)
    assert len(pages) == 1
    page = pages[0]
    assert abs(page.width() - A4_POINTS[0] * 100 / 72) <= 1
    assert abs(page.height() - A4_POINTS[1] * 100 / 72) <= 1
    assert not page.hasAlphaChannel()
    for x, y in ((2, 2), (page.width() - 3, page.height() - 3), (page.width() // 2, 5)):
        assert QColor(page.pixel(x, y)).name() == "#ffffff"
    assert dark_pixels(page) > 2000


def test_render_pdf_pages_refuses_bytes_that_are_not_a_pdf() -> None:
    with pytest.raises(PdfRenderError):
        render_pdf_pages(b"not a pdf at all")


def test_paint_pdf_never_blows_a_small_page_up(tmp_path: Path, offline_desk: Desk) -> None:
    """An 80 mm receipt sent to an A4 printer stays 80 mm wide, at the top of the sheet."""
    number = saved_number(offline_desk)
    thermal = offline_desk.printouts.preview(
        PrintRequest(DocumentKind.RECEIPT, number, ReceiptLayout.THERMAL_80), "memur1")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "a4.pdf"))
    printer.setFullPage(True)
    assert paint_pdf(printer, thermal.pdf) == 1
    [page] = render_pdf_pages((tmp_path / "a4.pdf").read_bytes(), dpi=50)
    inked = [x for x in range(page.width())
             if any(QColor(page.pixel(x, y)).lightness() < 128 for y in range(0, 200, 2))]
    assert inked, "nothing printed"
    width_mm = (max(inked) - min(inked)) * 25.4 / 50
    assert width_mm < 80
