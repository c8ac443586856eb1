"""The pages of the set on screen: a strip of numbered thumbnails, the current page large.

The thumbnails come with the documents (``rendering.thumbnails``, made where they were
loaded); the large preview is rendered on a worker the first time a page is shown, the
thumbnail standing in until it arrives, and kept while the page is in the set. The clerk's
quarter turns are applied here, to pictures of the page as it came.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _
from services import page_ops
from services.page_ops import Document, Page
from ui.attachments.rendering import (
    PREVIEW_PX,
    THUMBNAIL_PX,
    PageKey,
    page_key,
    render_page,
    turned,
)
from ui.operations import Operations


class PageView(QWidget):
    """``strip`` (every page, in order) beside ``preview`` and its ``preview_caption``.
    ``current_changed(row)`` fires when the clerk moves to another page."""

    current_changed = Signal(int)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._documents: list[Document] = []
        self._thumbnails: dict[PageKey, QImage] = {}
        self._preview_cache: dict[PageKey, QImage] = {}
        self._preview_pending: set[PageKey] = set()

        self.strip = QListWidget(self)
        self.strip.setObjectName("pageStrip")
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(True)
        self.strip.setResizeMode(QListView.ResizeMode.Adjust)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        self.strip.setGridSize(QSize(THUMBNAIL_PX + 22, THUMBNAIL_PX + 40))
        self.strip.setSpacing(4)
        self.strip.setUniformItemSizes(True)
        self.strip.setWordWrap(True)
        self.strip.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.strip.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.strip.setMinimumHeight(THUMBNAIL_PX + 52)
        self.strip.currentRowChanged.connect(self._row_changed)

        self.preview = QLabel(self)
        self.preview.setObjectName("pagePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(180, 220)
        self.preview.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.preview_caption = QLabel(self)
        self.preview_caption.setObjectName("previewCaption")
        self.preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        preview_box = QVBoxLayout()
        preview_box.setSpacing(2)
        preview_box.addWidget(self.preview, 1)
        preview_box.addWidget(self.preview_caption)

        pages = QHBoxLayout(self)
        pages.addWidget(self.strip, 3)
        pages.addLayout(preview_box, 2)
        pages.setContentsMargins(0, 0, 0, 0)

    def add_thumbnails(self, images: Mapping[PageKey, QImage]) -> None:
        self._thumbnails.update(images)

    def set_documents(self, documents: Sequence[Document]) -> None:
        """Show ``documents``' pages in the strip, none selected yet; the pictures of pages
        no longer in the set are forgotten (their bytes with them)."""
        self._documents = list(documents)
        self.strip.blockSignals(True)
        self.strip.clear()
        live = set()
        number = 0
        for document in self._documents:
            for page_index, page in enumerate(document.pages):
                number += 1
                key = page_key(page)
                live.add(key)
                item = QListWidgetItem(f"{number}\n{document.name}")
                item.setIcon(self._icon(key, page.rotation))
                item.setToolTip(_page_tip(document, page_index, page))
                item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                self.strip.addItem(item)
        self._thumbnails = {k: v for k, v in self._thumbnails.items() if k in live}
        self._preview_cache = {k: v for k, v in self._preview_cache.items() if k in live}
        self.strip.blockSignals(False)

    def select(self, row: int) -> None:
        """Make page ``row`` (the first, if there is no such page) current and preview it."""
        row = row if 0 <= row < self.strip.count() else 0
        self.strip.setCurrentRow(row)
        self._show_preview(row)

    def refit(self) -> None:
        """Preview the current page again, fitted to the preview's size now."""
        row = self.strip.currentRow()
        if row >= 0:
            self._show_preview(row)

    def _row_changed(self, row: int) -> None:
        self.current_changed.emit(row)
        self._show_preview(row)

    def _icon(self, key: PageKey, rotation: int) -> QIcon:
        image = self._thumbnails.get(key)
        canvas = QPixmap(THUMBNAIL_PX, THUMBNAIL_PX)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        if image is None or image.isNull():
            painter.fillRect(24, 8, THUMBNAIL_PX - 48, THUMBNAIL_PX - 16, QColor("white"))
        else:
            shown = turned(image, rotation).scaled(
                THUMBNAIL_PX - 4, THUMBNAIL_PX - 4, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation)
            x = (THUMBNAIL_PX - shown.width()) // 2
            y = (THUMBNAIL_PX - shown.height()) // 2
            painter.fillRect(x + 2, y + 2, shown.width(), shown.height(), QColor("#b8bec8"))
            painter.drawImage(x, y, shown)
        painter.end()
        icon = QIcon(canvas)
        # The same picture when selected: the item's highlight says it, not a tinted page.
        icon.addPixmap(canvas, QIcon.Mode.Selected)
        return icon

    def _show_preview(self, row: int) -> None:
        positions = page_ops.positions(self._documents)
        if not 0 <= row < len(positions):
            self.preview.clear()
            self.preview_caption.clear()
            return
        at = positions[row]
        document = self._documents[at.document]
        page = document.pages[at.page]
        self.preview_caption.setText(
            _("Sayfa {number} / {total} · {name} ({page}/{pages})").format(
                number=row + 1, total=len(positions), name=document.name, page=at.page + 1,
                pages=len(document.pages)))
        key = page_key(page)
        image = self._preview_cache.get(key)
        if image is not None:
            self._put_preview(image, page.rotation)
            return
        thumbnail = self._thumbnails.get(key)
        if thumbnail is not None and not thumbnail.isNull():
            self._put_preview(thumbnail, page.rotation)  # the sharp one follows
        if key in self._preview_pending:
            return
        self._preview_pending.add(key)

        def arrived(image: QImage) -> None:
            self._preview_pending.discard(key)
            self._preview_cache[key] = image
            current = self._current_page()
            if current is not None and page_key(current) == key:
                self._put_preview(image, current.rotation)

        def failed(_error: BaseException) -> None:
            self._preview_pending.discard(key)

        self._ops.run(self, "page preview", lambda: render_page(page, PREVIEW_PX), arrived,
                      failed)

    def _current_page(self) -> Page | None:
        pages = page_ops.all_pages(self._documents)
        row = self.strip.currentRow()
        return pages[row] if 0 <= row < len(pages) else None

    def _put_preview(self, image: QImage, rotation: int) -> None:
        target = self.preview.contentsRect().size() - QSize(12, 12)
        if target.width() < 50 or target.height() < 50:
            target = QSize(300, 400)
        pixmap = QPixmap.fromImage(turned(image, rotation).scaled(
            target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.preview.setPixmap(pixmap)


def _page_tip(document: Document, page_index: int, page: Page) -> str:
    tip = document.name + "\n" + _("Sayfa {number} / {total}").format(
        number=page_index + 1, total=len(document.pages))
    if page.rotation:
        tip += "\n" + _("{degrees}° döndürüldü").format(degrees=page.rotation)
    return tip
