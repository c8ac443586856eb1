"""Printing a receipt: PDF bytes from the service, previewed and printed through Qt.

The work is in plain functions (``render_pdf_pages``, ``paint_pdf``, ``save_pdf``) that
tests call directly; the dialogs around them are thin, because an offscreen test cannot
click a modal dialog.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QToolButton, QWidget

from bimer_desktop.app import Desk
from services.receipts import PrintedDocument, ReceiptError
from ui.background import BackgroundRunner

log = logging.getLogger("bimer.ui")

POINTS_PER_INCH = 72.0
PRINT_DPI_CAP = 300.0  # enough for text and barcodes; printer-resolution bitmaps are huge


class PdfRenderError(RuntimeError):
    """The bytes could not be opened as a PDF; the message is Turkish."""


def render_pdf_pages(pdf: bytes, dpi: float = 150.0) -> list[QImage]:
    """Every page of ``pdf`` as an opaque image at ``dpi``, white where the PDF is empty."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready:
            raise PdfRenderError(f"PDF belgesi açılamadı ({document.error().name}).")
        pages: list[QImage] = []
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / POINTS_PER_INCH),
                         round(points.height() * dpi / POINTS_PER_INCH))
            # QPdfDocument.render leaves the paper transparent: put it on white paper.
            rendered = document.render(index, size)
            page = QImage(size, QImage.Format.Format_RGB32)
            page.setDotsPerMeterX(round(dpi / 0.0254))
            page.setDotsPerMeterY(round(dpi / 0.0254))
            page.fill(QColor("white"))
            painter = QPainter(page)
            painter.drawImage(0, 0, rendered)
            painter.end()
            pages.append(page)
        return pages
    finally:
        document.close()
        buffer.close()


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Draw every page of ``pdf`` onto ``printer``'s pages, scaled to fit; returns pages.

    The PDF carries its own margins (UI.md: 20 mm), so it is drawn on the full paper.
    """
    dpi = min(float(printer.resolution()), PRINT_DPI_CAP)
    pages = render_pdf_pages(pdf, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise PdfRenderError("Yazıcı kullanılamıyor.")
    try:
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            scale = min(target.width() / page.width(), target.height() / page.height())
            width, height = page.width() * scale, page.height() * scale
            area = QRectF(target.x() + (target.width() - width) / 2,
                          target.y() + (target.height() - height) / 2, width, height)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(area, page)
    finally:
        painter.end()
    return len(pages)


def save_pdf(pdf: bytes, path: Path) -> Path:
    """Write the bytes to ``path`` (``.pdf`` added if missing) whole or not at all."""
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(pdf)
    temporary.replace(path)
    return path


def default_printer_name() -> str:
    """What the print log records: the system's default printer, or PDF if there is none."""
    name = QPrinterInfo.defaultPrinterName()
    return name or "PDF"


def suggested_file_name(document: PrintedDocument) -> str:
    return f"alindi-belgesi-{document.station_number}.pdf"


class ReceiptPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview of one receipt, plus a "PDF olarak kaydet" button."""

    def __init__(self, document: PrintedDocument, parent: QWidget | None = None) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printer.setFullPage(True)
        self._printer.setDocName(suggested_file_name(document))
        super().__init__(self._printer, parent)
        self.document = document
        self.setWindowTitle(f"Alındı belgesi — {document.station_number}")
        self.paintRequested.connect(self._paint)
        save = QAction("PDF olarak kaydet", self)
        save.triggered.connect(self.save_as_pdf)
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(save)
            button = toolbar.widgetForAction(save)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def _paint(self, printer: QPrinter) -> None:
        try:
            paint_pdf(printer, self.document.pdf)
        except PdfRenderError as error:
            QMessageBox.warning(self, "Yazdırma", str(error))

    def save_as_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "PDF olarak kaydet", suggested_file_name(self.document),
            "PDF belgesi (*.pdf)")
        if not path:
            return
        try:
            written = save_pdf(self.document.pdf, Path(path))
        except OSError as error:
            QMessageBox.warning(self, "PDF olarak kaydet",
                                f"PDF yazılamadı: {path} ({error.strerror}). "
                                "Başka bir klasör seçip tekrar deneyin.")
            return
        log.info("receipt saved as PDF (serial %d)", self.document.serial)
        QMessageBox.information(self, "PDF olarak kaydet", f"Kaydedildi: {written}")


class ReceiptPrinting(QObject):
    """Ctrl+P anywhere: build the receipt off the GUI thread, then open the preview."""

    def __init__(self, desk: Desk, runner: BackgroundRunner, window: QWidget) -> None:
        super().__init__(window)
        self._desk = desk
        self._runner = runner
        self._window = window
        self.last_document: PrintedDocument | None = None

    def print_receipt(self, number: str) -> None:
        desk = self._desk
        printer = default_printer_name()
        self._runner.run(
            "print receipt",
            lambda: desk.receipts.print_receipt(number, desk.config.user, printer=printer),
            self._show_preview,
            self._failed,
        )

    def _show_preview(self, document: PrintedDocument) -> None:
        self.last_document = document
        dialog = ReceiptPreviewDialog(document, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _failed(self, error: BaseException) -> None:
        message = (str(error) if isinstance(error, ReceiptError)
                   else "Alındı belgesi hazırlanamadı. Tekrar deneyin; sorun sürerse "
                        "sistem yöneticisine bildirin.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Alındı belgesi", message,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
