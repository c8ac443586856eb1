"""Pictures of pages for the workbench: thumbnails and previews, made on worker threads.

Plain values in, ``QImage`` out (no widget is touched): PDF pages through
``ui/pdf_pages.py`` (QtPdf), image pages through Pillow (``services.page_ops``), both on
white paper and as they came — the clerk's quarter turns are applied when shown
(``turned``), so turning a page never renders it again. A 30-page scan must not freeze the
queue at the window.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTransform

from models.i18n import _
from services import page_ops
from services.page_ops import Document, Page, PageError
from ui.pdf_pages import PdfRenderError, render_pdf_page

THUMBNAIL_PX = 112
PREVIEW_PX = 900

PageKey = tuple[page_ops.SourceFile, int]
"""A page's picture is the same for every page cut from the same page of the same file."""


def page_key(page: Page) -> PageKey:
    return (page.source, page.index)


def render_page(page: Page, max_px: int) -> QImage:
    """One page, unrotated by the clerk (rotation is applied when shown), at most
    ``max_px`` on its long side, on white paper."""
    if page.is_pdf:
        try:
            return render_pdf_page(page.source.data, page.index, max_px=max_px)
        except PdfRenderError as error:
            raise PageError(_("PDF sayfası görüntülenemedi.")) from error
    image = QImage.fromData(page_ops.render_image_page(page, max_px, apply_rotation=False))
    if image.isNull():
        raise PageError(_("Sayfa görüntülenemedi."))
    return image


def thumbnails(documents: Sequence[Document]) -> dict[PageKey, QImage]:
    """A thumbnail of every page of ``documents``; a null image for one that cannot be
    drawn (shown as a blank page: the file itself passed its checks)."""
    images = {}
    for document in documents:
        for page in document.pages:
            key = page_key(page)
            if key not in images:
                try:
                    images[key] = render_page(page, THUMBNAIL_PX)
                except PageError:
                    images[key] = QImage()
    return images


def turned(image: QImage, degrees: int) -> QImage:
    """``image`` turned clockwise by ``degrees`` — the same turn as a PDF page's /Rotate."""
    if not degrees:
        return image
    return image.transformed(QTransform().rotate(degrees),
                             Qt.TransformationMode.SmoothTransformation)
