"""The form's "Ekler" section: attach, look at, turn, order and combine scanned pages.

Files come from the file dialog, drag and drop, the clipboard, the hot folder tray and the
scanner; each goes through the injected ``checker`` (the backend's content checks) on a
worker thread before it joins the set, and a refused one is named with the reason under
the strip. The set is a list of ``page_ops.Document`` values; every edit replaces the list,
so what the clerk sees is always exactly what ``files()`` will attach.

Rendering (PDF pages through QtPdf, images through Pillow) happens on worker threads too:
a 30-page scan must not freeze the queue at the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QImageWriter,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _
from models.turkish_text import format_size
from services import page_ops
from services.hot_folder import HotFile, HotFolderWatcher
from services.page_ops import CombinedPdf, Document, Page, PageError
from services.scanning import Scanner, ScanSettings
from ui.attachments.scan_dialog import ScanDialog
from ui.operations import Operations
from ui.pdf_pages import PdfRenderError, render_pdf_page
from ui.style import ERROR_RED, MUTED_TEXT, OK_GREEN, WARNING_AMBER

log = logging.getLogger("bimer.ui.attachments")

Checker = Callable[[str, bytes], str | None]
DEFAULT_BYTE_LIMIT = 20 * 1024 * 1024  # the backend's default per-file limit
MAX_READ_BYTES = 512 * 1024 * 1024  # never pull more than this into memory for a check
THUMBNAIL_PX = 112
PREVIEW_PX = 900
HOT_FOLDER_REFRESH_MS = 500

# Kept with the panel while it is new; the lead may fold it into ui/style.py.
PANEL_STYLE = f"""
QListWidget#pageStrip {{ background: #eef1f5; border: 1px solid #c9ced6; }}
QListWidget#pageStrip::item {{ color: #2b3a4a; border-radius: 3px; padding: 2px; }}
QListWidget#pageStrip::item:selected {{ background: #cfe0f5; color: #10243e; }}
QLabel#pagePreview {{ background: #e3e6eb; border: 1px solid #c9ced6; }}
QLabel#previewCaption, QLabel#attachmentsSummary, QLabel#attachmentsHint {{
    color: {MUTED_TEXT};
}}
QLabel#attachmentsHint {{
    border: 2px dashed #c9ced6; border-radius: 6px; padding: 18px; background: #fbfbfc;
}}
QLabel#attachmentErrors {{ color: {ERROR_RED}; }}
QLabel#attachmentsNotice {{ color: {OK_GREEN}; }}
QLabel#attachmentsBusy {{ color: {MUTED_TEXT}; font-style: italic; }}
QLabel#hotFolderError {{ color: {WARNING_AMBER}; }}
QGroupBox#hotFolderTray {{ font-weight: normal; }}
QListWidget#hotFolderList {{ background: #fbfbfc; }}
QListWidget#hotFolderList::item {{ padding: 1px 4px; }}
"""


def file_filter() -> str:
    """The file dialog's filter; the patterns stay, the words are translated."""
    return _("Belgeler (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Tüm dosyalar (*)")


# --- rendering (worker threads: plain values in, QImage out) ---------------------------------


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


def turned(image: QImage, degrees: int) -> QImage:
    if not degrees:
        return image
    return image.transformed(QTransform().rotate(degrees),
                             Qt.TransformationMode.SmoothTransformation)


@dataclass(frozen=True)
class _Loaded:
    """What a worker hands back for one incoming file or scan."""

    documents: list[Document]
    thumbnails: dict[tuple[page_ops.SourceFile, int], QImage]
    errors: list[str]
    hot: list[tuple[Document, HotFile]]  # documents that came from the hot folder


def _thumbnails(documents: Sequence[Document]) -> dict[tuple[page_ops.SourceFile, int], QImage]:
    images = {}
    for document in documents:
        for page in document.pages:
            key = (page.source, page.index)
            if key not in images:
                try:
                    images[key] = render_page(page, THUMBNAIL_PX)
                except PageError:
                    images[key] = QImage()  # shown as a blank page; the file itself is fine
    return images


# --- the panel -------------------------------------------------------------------------------


class AttachmentsPanel(QWidget):
    """The attachment set of one form. ``files()`` is what to attach; ``files_changed``
    fires after every change. Everything slow runs through ``ops``."""

    files_changed = Signal()
    busy_changed = Signal(bool)
    messages_changed = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None, *,
                 checker: Checker | None = None,
                 hot_folder: HotFolderWatcher | None = None,
                 scanner: Scanner | None = None,
                 scan_defaults: ScanSettings | None = None,
                 preferred_scanner: str = "",
                 byte_limit: int = DEFAULT_BYTE_LIMIT,
                 take_hot_files_at_once: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsPanel")
        self.setStyleSheet(PANEL_STYLE)
        self.setAcceptDrops(True)
        self._ops = ops
        self._checker: Checker = checker or (lambda _name, _data: None)
        self._hot_folder = hot_folder
        # At once: a hot-folder file moves to taken/ as soon as it is in the set. Otherwise
        # (a workbench whose result the clerk may still cancel) it waits for
        # hand_over_hot_files() and goes back to the tray on release_hot_files().
        self._take_at_once = take_hot_files_at_once
        self._hot_of: dict[page_ops.SourceFile, list[HotFile]] = {}
        self._scanner = scanner
        self._scan_defaults = scan_defaults
        self._preferred_scanner = preferred_scanner
        self.byte_limit = byte_limit
        self._documents: list[Document] = []
        self._thumbnails: dict[tuple[page_ops.SourceFile, int], QImage] = {}
        self._preview_cache: dict[tuple[page_ops.SourceFile, int], QImage] = {}
        self._preview_pending: set[tuple[page_ops.SourceFile, int]] = set()
        self._errors: list[str] = []
        self._notice = ""
        self._jobs = 0
        self._combining = False
        self._paste_count = 0
        self._scan_count = 0
        self._shown_hot: list[HotFile] = []
        self.scan_dialog: ScanDialog | None = None
        self._build()
        self._build_actions()
        self._refresh_strip()
        if hot_folder is not None:
            self._hot_timer = QTimer(self)
            self._hot_timer.setInterval(HOT_FOLDER_REFRESH_MS)
            self._hot_timer.timeout.connect(self.refresh_hot_folder)
            self._hot_timer.start()
            self.refresh_hot_folder()

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.add_button = self._tool(_("Dosya ekle…"),
                                     _("Bilgisayardan bir ya da birkaç dosya ekle"),
                                     self.choose_files)
        self.scan_button = self._tool(_("Tara… (Ctrl+T)"), _("Tarayıcıdan tara"),
                                      self.open_scan_dialog)
        self.paste_button = self._tool(_("Yapıştır"), _("Panodaki görüntüyü ya da dosyaları ekle "
                                                        "(Ctrl+V)"), self.paste)
        self.rotate_button = self._tool(_("⟳ Döndür"),
                                        _("Sayfayı saat yönünde 90° döndür (Ctrl+R)"),
                                        lambda: self.rotate_current(1))
        self.left_button = self._tool("◀", _("Sayfayı sola taşı (Ctrl+Shift+←)"),
                                      lambda: self.move_current(-1))
        self.right_button = self._tool("▶", _("Sayfayı sağa taşı (Ctrl+Shift+→)"),
                                       lambda: self.move_current(1))
        self.delete_button = self._tool(_("Sil"), _("Sayfayı çıkar (Delete)"),
                                        self.delete_current)
        tools = QHBoxLayout()
        tools.setSpacing(4)
        for button in (self.add_button, self.scan_button, self.paste_button):
            tools.addWidget(button)
        tools.addStretch(1)
        for button in (self.rotate_button, self.left_button, self.right_button,
                       self.delete_button):
            tools.addWidget(button)

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
        self.strip.currentRowChanged.connect(self._show_preview)

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

        self.hint = QLabel(
            _("Henüz ek yok. Dosyaları buraya sürükleyip bırakın, Ctrl+V ile yapıştırın ya da "
              "“Dosya ekle…” / “Tara…” ile ekleyin."), self)
        self.hint.setObjectName("attachmentsHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        pages = QHBoxLayout()
        pages.addWidget(self.strip, 3)
        pages.addLayout(preview_box, 2)
        self._pages_area = QWidget(self)
        self._pages_area.setLayout(pages)
        pages.setContentsMargins(0, 0, 0, 0)

        self.combine_button = self._tool(_("Tek PDF olarak birleştir"),
                                         _("Bütün sayfaları sıralarıyla tek bir PDF eki yap"),
                                         self.combine_all)
        self.shrink = QCheckBox(_("Küçült (sınırı aşarsa)"), self)
        self.shrink.setObjectName("shrinkCheck")
        self.shrink.setToolTip(_("Gerekirse gri tonlama, JPEG sıkıştırma ve daha düşük "
                                 "çözünürlükle boyut sınırının altına indirir"))
        self.summary = QLabel(self)
        self.summary.setObjectName("attachmentsSummary")
        self.busy = QLabel(self)
        self.busy.setObjectName("attachmentsBusy")
        combine_row = QHBoxLayout()
        combine_row.addWidget(self.combine_button)
        combine_row.addWidget(self.shrink)
        combine_row.addStretch(1)
        combine_row.addWidget(self.busy)
        combine_row.addWidget(self.summary)

        self.errors = QLabel(self)
        self.errors.setObjectName("attachmentErrors")
        self.errors.setWordWrap(True)
        self.errors.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel(self)
        self.notice.setObjectName("attachmentsNotice")
        self.notice.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        layout.addLayout(tools)
        layout.addWidget(self.hint, 1)
        layout.addWidget(self._pages_area, 1)
        layout.addLayout(combine_row)
        layout.addWidget(self.errors)
        layout.addWidget(self.notice)
        layout.addWidget(self._build_tray())

    def _build_tray(self) -> QWidget:
        self.tray = QGroupBox(_("Tarama klasörü"), self)
        self.tray.setObjectName("hotFolderTray")
        self.hot_list = QListWidget(self.tray)
        self.hot_list.setObjectName("hotFolderList")
        self.hot_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.hot_list.setMaximumHeight(3 * (self.fontMetrics().height() + 6) + 8)
        self.hot_list.itemDoubleClicked.connect(lambda _item: self.take_hot_files())
        self.take_button = self._tool(_("Forma ekle (Ctrl+H)"),
                                      _("Seçili dosyaları (seçim yoksa hepsini) bu başvuruya "
                                        "ekle"), self.take_hot_files)
        self.hot_error = QLabel(self.tray)
        self.hot_error.setObjectName("hotFolderError")
        self.hot_error.setWordWrap(True)
        self.hot_error.hide()
        side = QVBoxLayout()
        side.addWidget(self.take_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.hot_list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self.tray)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addLayout(row)
        layout.addWidget(self.hot_error)
        self.tray.setVisible(self._hot_folder is not None)
        return self.tray

    def _tool(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_actions(self) -> None:
        def action(keys: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], object],
                   context: Qt.ShortcutContext, owner: QWidget) -> QAction:
            item = QAction(owner)
            item.setShortcut(QKeySequence(keys))
            item.setShortcutContext(context)
            item.triggered.connect(lambda _checked=False: slot())
            owner.addAction(item)
            return item

        panel = Qt.ShortcutContext.WidgetWithChildrenShortcut
        strip = Qt.ShortcutContext.WidgetShortcut
        window = Qt.ShortcutContext.WindowShortcut
        action("Ctrl+R", lambda: self.rotate_current(1), panel, self)
        action("Ctrl+Shift+R", lambda: self.rotate_current(-1), panel, self)
        action("Ctrl+Shift+Left", lambda: self.move_current(-1), panel, self)
        action("Ctrl+Shift+Right", lambda: self.move_current(1), panel, self)
        action(QKeySequence.StandardKey.Paste, self.paste, panel, self)
        # Delete only where the pages have focus: in the tray it would surprise.
        action("Delete", self.delete_current, strip, self.strip)
        # From anywhere in the form's window: the clerk is typing, the scan is waiting.
        action("Ctrl+T", self.open_scan_dialog, window, self)
        action("Ctrl+H", self.take_hot_files, window, self)

    # --- the set ---------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        return list(self._documents)

    def files(self) -> list[tuple[str, bytes]]:
        """``(name, bytes)`` per attachment, in order. Untouched files are returned as they
        came; edited ones and scan stacks are made into PDFs here (CPU work: for a big set
        call ``page_ops.files_of(panel.documents())`` on a worker thread instead)."""
        return page_ops.files_of(self._documents)

    def page_count(self) -> int:
        return sum(len(document.pages) for document in self._documents)

    def current_index(self) -> int:
        return self.strip.currentRow()

    def set_current_index(self, index: int) -> None:
        self.strip.setCurrentRow(index)

    def messages(self) -> list[str]:
        """The refusals shown under the strip (checker messages and unreadable files)."""
        return list(self._errors)

    def is_busy(self) -> bool:
        return self._jobs > 0

    def set_checker(self, checker: Checker | None) -> None:
        self._checker = checker or (lambda _name, _data: None)

    def clear(self) -> None:
        """A new application: no pages, no messages; hot-folder files not committed go
        back to the tray."""
        self.release_hot_files()
        self._documents = []
        self._errors = []
        self._paste_count = 0
        self._scan_count = 0  # "Tarama 1.pdf" again for the next citizen
        self._set_notice("")
        self._changed(select=-1)

    def combined_pdf(self, shrink: bool | None = None) -> CombinedPdf:
        """All pages, in order and turned, as one PDF; with ``shrink`` (default: the
        Küçült box) made to fit ``byte_limit``. Raises ``PageError`` (``TooLarge``)."""
        pages = page_ops.all_pages(self._documents)
        name = self._documents[0].name if self._documents else _("Belge.pdf")
        if shrink is None:
            shrink = self.shrink.isChecked()
        if shrink:
            return page_ops.combine_within(pages, self.byte_limit, name)
        return page_ops.combine(pages, name)

    # --- adding ----------------------------------------------------------------------------

    def add_files(self, items: Sequence[tuple[str, bytes]], *, background: bool = True) -> None:
        """Check and add files as ``(name, bytes)``; refusals are shown, not raised."""
        items = list(items)
        checker = self._checker
        self._run("attach files", lambda: _load_files(items, checker), background)

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Read (off the GUI thread), check and add files from disk."""
        paths = list(paths)
        checker = self._checker
        self._run("attach paths", lambda: _load_paths(paths, checker), True)

    def add_scan(self, pages: Sequence[bytes], *, background: bool = True) -> None:
        """A scanned stack becomes one attachment, ``Tarama N.pdf``."""
        self._scan_count += 1
        name = _("Tarama {number}").format(number=self._scan_count)
        images = list(pages)
        checker = self._checker
        self._run("attach scan", lambda: _load_scan(name, images, checker), background)

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Dosya ekle"), "", file_filter())
        if names:
            self.add_paths([Path(name) for name in names])

    def paste(self) -> None:
        mime = QApplication.clipboard().mimeData()
        if mime is None or not self._take_mime(mime):
            self._set_errors([_("Panoda eklenecek bir görüntü ya da dosya yok.")])

    def open_scan_dialog(self) -> ScanDialog:
        """Tara…: the dialog opens at once and finds scanners on a worker thread."""
        if self.scan_dialog is not None and self.scan_dialog.isVisible():
            self.scan_dialog.raise_()
            return self.scan_dialog
        dialog = ScanDialog(self._scanner, self._ops, self, defaults=self._scan_defaults,
                            preferred_device=self._preferred_scanner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.scanned.connect(lambda pages: self.add_scan(pages))
        dialog.destroyed.connect(self._scan_dialog_gone)
        self.scan_dialog = dialog
        dialog.open()
        return dialog

    def _scan_dialog_gone(self) -> None:
        self.scan_dialog = None

    def _take_mime(self, mime: QMimeData) -> bool:
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            if image.isNull():
                return False
            self._paste_count += 1
            name = _("Yapıştırılan görüntü {number}.png").format(number=self._paste_count)
            self.add_files([(name, _png(image))])
            return True
        return False

    # drag and drop onto any part of the panel
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if any(url.isLocalFile() for url in mime.urls()) or mime.hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._take_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    # --- the hot folder tray ---------------------------------------------------------------

    def refresh_hot_folder(self) -> None:
        watcher = self._hot_folder
        if watcher is None:
            return
        waiting = watcher.pending()
        error = watcher.error
        self.hot_error.setVisible(bool(error))
        self.hot_error.setText(error or "")
        if waiting == self._shown_hot:
            return
        selected = {item.data(Qt.ItemDataRole.UserRole) for item in self.hot_list.selectedItems()}
        self._shown_hot = waiting
        self.hot_list.clear()
        for file in waiting:
            when = datetime.fromtimestamp(file.mtime_ns / 1e9).strftime("%H:%M")
            item = QListWidgetItem(f"{file.name}  ·  {format_size(file.size)}  ·  "
                                   f"{when}")
            item.setData(Qt.ItemDataRole.UserRole, str(file.path))
            item.setToolTip(file.name)
            self.hot_list.addItem(item)
            item.setSelected(str(file.path) in selected)
        count = len(waiting)
        self.tray.setTitle(_("Tarama klasörü — {count} dosya bekliyor").format(count=count)
                           if count else _("Tarama klasörü — bekleyen dosya yok"))
        self.take_button.setEnabled(bool(count))

    def take_hot_files(self) -> None:
        """Forma ekle: the selected waiting files, or all of them, oldest first."""
        watcher = self._hot_folder
        if watcher is None:
            return
        self.refresh_hot_folder()
        rows = sorted(self.hot_list.row(item) for item in self.hot_list.selectedItems())
        chosen = [self._shown_hot[row] for row in rows] or list(self._shown_hot)
        if not chosen:
            return
        for file in chosen:
            # Out of the tray at once, so a second Ctrl+H cannot take it twice. A file the
            # checks refuse stays on disk, named with its reason under the strip.
            watcher.dismiss(file)
        self.refresh_hot_folder()
        checker = self._checker
        at_once = self._take_at_once
        self._run("attach hot folder",
                  lambda: _load_hot_files(chosen, watcher, checker, take=at_once), True)

    def hand_over_hot_files(self) -> tuple[list[HotFile], list[HotFile]]:
        """The set is being attached (only with ``take_hot_files_at_once=False``): the
        hot-folder files still in it, to move to ``taken/`` once the attach has gone
        through, and those whose pages were all removed, to offer again. The panel lets go
        of both; the attach does the moving, off the GUI thread."""
        live = self._live_sources()
        take: list[HotFile] = []
        restore: list[HotFile] = []
        for source, files in list(self._hot_of.items()):
            del self._hot_of[source]
            (take if source in live else restore).extend(files)
        return take, restore

    def release_hot_files(self) -> None:
        """The set was not attached (Vazgeç): its hot-folder files wait in the tray again."""
        files = [file for files in self._hot_of.values() for file in files]
        self._hot_of.clear()
        if self._hot_folder is not None:
            for file in files:
                self._hot_folder.restore(file)
            self.refresh_hot_folder()

    def _live_sources(self) -> set[page_ops.SourceFile]:
        return {page.source for page in page_ops.all_pages(self._documents)}

    def _release_removed_hot_files(self) -> None:
        """A hot-folder file whose pages were all deleted is offered in the tray again."""
        live = self._live_sources()
        gone = [source for source in self._hot_of if source not in live]
        if not gone or self._hot_folder is None:
            return
        for source in gone:
            for file in self._hot_of.pop(source):
                self._hot_folder.restore(file)
        self.refresh_hot_folder()

    # --- page work -------------------------------------------------------------------------

    def rotate_current(self, quarter_turns: int = 1) -> None:
        index = self._editable_index()
        if index is None:
            return
        self._documents = page_ops.rotate_page(self._documents, index, quarter_turns)
        self._changed(select=index)

    def move_current(self, step: int) -> None:
        index = self._editable_index()
        if index is None:
            return
        try:
            documents, new_index = page_ops.move_page(self._documents, index, step)
        except page_ops.MoveRefused as refused:
            self._set_notice(str(refused), problem=True)
            return
        if new_index == index:
            return
        self._documents = documents
        self._changed(select=new_index)

    def delete_current(self) -> None:
        index = self._editable_index()
        if index is None:
            return
        self._documents = page_ops.delete_page(self._documents, index)
        self._changed(select=min(index, self.page_count() - 1))

    def combine_all(self) -> None:
        """Tek PDF olarak birleştir: replaces the set with one PDF of all its pages."""
        if self._combining or self.page_count() == 0:
            return
        snapshot = list(self._documents)
        pages = page_ops.all_pages(snapshot)
        name = snapshot[0].name
        shrink = self.shrink.isChecked()
        limit = self.byte_limit
        checker = self._checker
        self._combining = True
        self._update_actions()

        def work() -> _Loaded:
            if shrink:
                combined = page_ops.combine_within(pages, limit, name)
            else:
                combined = page_ops.combine(pages, name)
            refusal = checker(combined.name, combined.data)
            if refusal:
                hint = "" if shrink else " " + _("“Küçült” seçeneğiyle yeniden deneyin.")
                return _Loaded([], {}, [f"{combined.name}: {refusal}{hint}"], [])
            document = Document.from_file(combined.name, combined.data)
            return _Loaded([document], _thumbnails([document]), [], [])

        def done(loaded: _Loaded) -> None:
            self._combining = False
            if not loaded.documents:
                self._set_errors(loaded.errors)
                self._update_actions()
                return
            kept = [d for d in self._documents if not any(d is s for s in snapshot)]
            # The combined PDF carries the hot-folder files its pages came from.
            carried = [file for d in snapshot if d.original is not None
                       for file in self._hot_of.pop(d.original, [])]
            combined_source = loaded.documents[0].original
            if carried and combined_source is not None:
                self._hot_of[combined_source] = carried
            self._thumbnails.update(loaded.thumbnails)
            self._documents = loaded.documents + kept
            self._errors = []
            size = format_size(len(loaded.documents[0].original.data)) \
                if loaded.documents[0].original else ""
            self._set_notice(_("{name}: {pages} sayfa, {size}.").format(
                name=loaded.documents[0].name, pages=self.page_count(), size=size))
            self._changed(select=0)

        def failed(error: BaseException) -> None:
            self._combining = False
            self._set_errors([str(error) if isinstance(error, PageError)
                              else _("Sayfalar birleştirilemedi.")])
            self._update_actions()

        self._run_job("combine pages", work, done, failed)

    def _editable_index(self) -> int | None:
        index = self.strip.currentRow()
        if self._combining or not 0 <= index < self.page_count():
            return None
        return index

    # --- jobs ------------------------------------------------------------------------------

    def _run(self, name: str, work: Callable[[], _Loaded], background: bool) -> None:
        self._errors = []
        self._set_notice("")
        if not background:
            self._arrived(work())
            return
        self._run_job(name, work, self._arrived, self._load_failed)

    def _run_job(self, name: str, work: Callable[[], _Loaded],
                 done: Callable[[_Loaded], None],
                 failed: Callable[[BaseException], None]) -> None:
        self._jobs += 1
        self._update_busy()
        operation = self._ops.run(self, name, work, done, failed)
        operation.finished.connect(self._job_finished)

    def _job_finished(self) -> None:
        self._jobs -= 1
        self._update_busy()

    def _arrived(self, loaded: _Loaded) -> None:
        self._thumbnails.update(loaded.thumbnails)
        first_new = self.page_count()
        self._documents = self._documents + loaded.documents
        self._set_errors(self._errors + loaded.errors)
        if not self._take_at_once:
            for document, file in loaded.hot:
                if document.original is not None:
                    self._hot_of[document.original] = [file]
        if loaded.hot and self._hot_folder is not None:
            self.refresh_hot_folder()
        if loaded.documents:
            self._changed(select=first_new)
        else:
            self._update_actions()

    def _load_failed(self, error: BaseException) -> None:
        self._set_errors([*self._errors,
                          _("Dosyalar eklenemedi: beklenmeyen bir hata oluştu.")])

    def _update_busy(self) -> None:
        busy = self._jobs > 0
        self.busy.setText(_("İşleniyor…") if busy else "")
        self.busy_changed.emit(busy)

    # --- showing ---------------------------------------------------------------------------

    def _changed(self, select: int) -> None:
        self._refresh_strip(select)
        self._release_removed_hot_files()
        self.files_changed.emit()

    def _refresh_strip(self, select: int = -1) -> None:
        self.strip.blockSignals(True)
        self.strip.clear()
        live = set()
        number = 0
        for document in self._documents:
            for page_index, page in enumerate(document.pages):
                number += 1
                key = (page.source, page.index)
                live.add(key)
                item = QListWidgetItem(f"{number}\n{document.name}")
                item.setIcon(self._icon(key, page.rotation))
                item.setToolTip(_page_tip(document, page_index, page))
                item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                self.strip.addItem(item)
        # Forget the renders of pages that are gone (their bytes with them).
        self._thumbnails = {k: v for k, v in self._thumbnails.items() if k in live}
        self._preview_cache = {k: v for k, v in self._preview_cache.items() if k in live}
        self.strip.blockSignals(False)
        empty = not self._documents
        self.hint.setVisible(empty)
        self._pages_area.setVisible(not empty)
        if not empty:
            row = select if 0 <= select < self.strip.count() else 0
            self.strip.setCurrentRow(row)
            self._show_preview(row)
        count = len(self._documents)
        self.summary.setText("" if empty else _("{pages} sayfa · {count} ek").format(
            pages=self.page_count(), count=count))
        self._update_actions()

    def _icon(self, key: tuple[page_ops.SourceFile, int], rotation: int) -> QIcon:
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
        self._update_actions()
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
        key = (page.source, page.index)
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
            if current is not None and (current.source, current.index) == key:
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        row = self.strip.currentRow()
        if row >= 0:
            self._show_preview(row)

    def _set_errors(self, errors: list[str]) -> None:
        self._errors = errors
        self.errors.setText("\n".join(errors))
        self.errors.setVisible(bool(errors))
        self.messages_changed.emit()

    def _set_notice(self, text: str, *, problem: bool = False) -> None:
        self._notice = text
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {WARNING_AMBER};" if problem else "")
        self.notice.setVisible(bool(text))

    def _update_actions(self) -> None:
        has_page = 0 <= self.strip.currentRow() < self.page_count() and not self._combining
        for button in (self.rotate_button, self.delete_button):
            button.setEnabled(has_page)
        row = self.strip.currentRow()
        self.left_button.setEnabled(has_page and row > 0)
        self.right_button.setEnabled(has_page and row < self.page_count() - 1)
        self.combine_button.setEnabled(self.page_count() > 0 and not self._combining)
        self.shrink.setEnabled(self.page_count() > 0)
        if not self._errors:
            self.errors.hide()
        if not self._notice:
            self.notice.hide()


def _page_tip(document: Document, page_index: int, page: Page) -> str:
    tip = document.name + "\n" + _("Sayfa {number} / {total}").format(
        number=page_index + 1, total=len(document.pages))
    if page.rotation:
        tip += "\n" + _("{degrees}° döndürüldü").format(degrees=page.rotation)
    return tip


def not_moved(name: str) -> str:
    return _("{name}: eklendi, ancak tarama klasöründen taşınamadı "
             "(klasöre yazma izni yok).").format(name=name)


def _png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"png")).write(image)
    return bytes(buffer.data().data())


# --- the worker side of adding (no widgets touched here) -------------------------------------


def _load_files(items: Sequence[tuple[str, bytes]], checker: Checker) -> _Loaded:
    documents: list[Document] = []
    errors: list[str] = []
    for name, data in items:
        document = _checked_document(name, data, checker, errors)
        if document is not None:
            documents.append(document)
    return _Loaded(documents, _thumbnails(documents), errors, [])


def _load_paths(paths: Sequence[Path], checker: Checker) -> _Loaded:
    items: list[tuple[str, bytes]] = []
    errors: list[str] = []
    for path in paths:
        data = _read(path, errors)
        if data is not None:
            items.append((path.name, data))
    loaded = _load_files(items, checker)
    return _Loaded(loaded.documents, loaded.thumbnails, errors + loaded.errors, [])


def _load_scan(name: str, pages: Sequence[bytes], checker: Checker) -> _Loaded:
    errors: list[str] = []
    try:
        document = Document.from_images(name, pages)
        file_name, data = document.to_file()
    except PageError as error:
        return _Loaded([], {}, [f"{name}: {error}"], [])
    refusal = checker(file_name, data)
    if refusal:
        return _Loaded([], {}, [f"{file_name}: {refusal}"], [])
    return _Loaded([document], _thumbnails([document]), errors, [])


def _load_hot_files(files: Sequence[HotFile], watcher: HotFolderWatcher,
                    checker: Checker, *, take: bool) -> _Loaded:
    documents: list[Document] = []
    errors: list[str] = []
    hot: list[tuple[Document, HotFile]] = []
    for file in files:
        data = _read(file.path, errors)
        if data is None:
            continue
        document = _checked_document(file.name, data, checker, errors)
        if document is None:
            continue
        documents.append(document)
        hot.append((document, file))
        if not take:
            continue
        # In the form now: out of the folder, so no desk offers it again.
        try:
            watcher.mark_taken(file)
        except OSError:
            # Attached all the same; the scan stays in the folder (a read-only share).
            errors.append(not_moved(file.name))
    return _Loaded(documents, _thumbnails(documents), errors, hot)


def _checked_document(name: str, data: bytes, checker: Checker,
                      errors: list[str]) -> Document | None:
    refusal = checker(name, data)
    if refusal:
        errors.append(f"{name}: {refusal}")
        return None
    try:
        return Document.from_file(name, data)
    except PageError as error:
        errors.append(f"{name}: {error}")
        return None


def _read(path: Path, errors: list[str]) -> bytes | None:
    try:
        if path.stat().st_size > MAX_READ_BYTES:
            errors.append(_("{name}: dosya çok büyük, eklenemez.").format(name=path.name))
            return None
        return path.read_bytes()
    except OSError:
        errors.append(_("{name}: dosya okunamadı (taşınmış, silinmiş ya da erişim "
                        "izni yok).").format(name=path.name))
        return None
