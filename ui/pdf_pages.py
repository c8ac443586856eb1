"""PDF bytes to pixels through QtPdf: pages for the screen, and pages painted on a printer."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from models.i18n import _

POINTS_PER_INCH = 72.0
PRINT_DPI_CAP = 300.0  # enough for text and barcodes; printer-resolution bitmaps are huge


class PdfRenderError(RuntimeError):
    """The bytes could not be opened as a PDF, or the printer refused; the message is in the
    desk's language."""


def render_pdf_pages(pdf: bytes, dpi: float = 150.0) -> list[QImage]:
    """Every page of ``pdf`` as an opaque image at ``dpi``, white where the PDF is empty."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready:
            raise PdfRenderError(_("PDF belgesi açılamadı ({reason}).").format(
                reason=document.error().name))
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
    """Draw every page of ``pdf`` onto ``printer``'s pages at its true size; returns pages.

    The PDF carries its own margins (UI.md: 20 mm), so it is drawn on the full paper, centred
    across and from the top down (an 80 mm receipt on a wider roll starts at its edge, not
    halfway down). A page larger than the paper is scaled down to fit; a smaller one is never
    blown up, which would make an 80 mm receipt fill an A4 sheet.
    """
    dpi = min(float(printer.resolution()), PRINT_DPI_CAP)
    natural = float(printer.resolution()) / dpi  # device pixels per rendered pixel
    pages = render_pdf_pages(pdf, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise PdfRenderError(_("Yazıcı kullanılamıyor."))
    try:
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            fit = min(target.width() / page.width(), target.height() / page.height())
            scale = min(natural, fit)
            width, height = page.width() * scale, page.height() * scale
            area = QRectF(target.x() + (target.width() - width) / 2, target.y(), width, height)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(area, page)
    finally:
        painter.end()
    return len(pages)
