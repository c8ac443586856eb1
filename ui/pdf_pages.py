"""PDF bytes to pixels through QtPdf: pages for the screen, and pages painted on a printer.

The one place the desk opens a ``QPdfDocument``: the print previews and the printers
(``render_pdf_pages``, ``paint_pdf``, ``pdf_page_size``), the attachment workbench's
thumbnails and previews (``render_pdf_page``). Every render is on white paper —
``QPdfDocument.render`` leaves the paper transparent. Safe on a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from models.i18n import _

POINTS_PER_INCH = 72.0
PRINT_DPI_CAP = 300.0  # enough for text and barcodes; printer-resolution bitmaps are huge
# No page is rendered larger than this, whatever its box or the dpi asked (an A3 sheet at
# 300 dpi is 17.4 million): a hostile 200-inch page at 150 dpi is 900 million pixels, which
# took 6.9 GB. Rendering holds two images of this size (pdfium's, and ours on white paper).
MAX_RENDER_PIXELS = 18_000_000


class PdfRenderError(RuntimeError):
    """The bytes could not be opened as a PDF, or the printer refused; the message is in the
    desk's language."""


def render_pdf_pages(pdf: bytes, dpi: float = 150.0) -> list[QImage]:
    """Every page of ``pdf`` as an opaque image at ``dpi``, white where the PDF is empty."""
    with _opened(pdf) as document:
        return [_render(document, index, dpi=dpi) for index in range(document.pageCount())]


def render_pdf_page(pdf: bytes, index: int, *, dpi: float | None = None,
                    max_px: int | None = None) -> QImage:
    """Page ``index`` of ``pdf`` as an opaque image, white where the PDF is empty: at
    ``dpi``, or at most ``max_px`` on its long side (a thumbnail, a preview)."""
    if (dpi is None) == (max_px is None):
        raise ValueError("render_pdf_page takes either dpi or max_px")
    with _opened(pdf) as document:
        return _render(document, index, dpi=dpi, max_px=max_px)


def pdf_page_size(pdf: bytes, index: int = 0) -> QSizeF | None:
    """Page ``index``'s size in points, or None if the bytes are not a readable PDF or have
    no such page."""
    try:
        with _opened(pdf) as document:
            if not 0 <= index < document.pageCount():
                return None
            return document.pagePointSize(index)
    except PdfRenderError:
        return None


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


@contextmanager
def _opened(pdf: bytes) -> Iterator[QPdfDocument]:
    """``pdf`` loaded in a ``QPdfDocument`` for the duration; ``PdfRenderError`` if it is
    not a readable PDF."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready:
            raise PdfRenderError(_("PDF belgesi açılamadı ({reason}).").format(
                reason=document.error().name))
        yield document
    finally:
        document.close()
        buffer.close()


def _render(document: QPdfDocument, index: int, *, dpi: float | None = None,
            max_px: int | None = None) -> QImage:
    points = document.pagePointSize(index)
    if dpi is not None:
        scale = dpi / POINTS_PER_INCH
    else:
        assert max_px is not None
        scale = max_px / max(points.width(), points.height(), 1.0)
    pixels = points.width() * scale * points.height() * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    size = QSize(max(1, round(points.width() * scale)), max(1, round(points.height() * scale)))
    rendered = document.render(index, size)
    # QPdfDocument.render leaves the paper transparent: put it on white paper.
    page = QImage(size, QImage.Format.Format_RGB32)
    if dpi is not None:
        page.setDotsPerMeterX(round(dpi / 0.0254))
        page.setDotsPerMeterY(round(dpi / 0.0254))
    page.fill(QColor("white"))
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page
