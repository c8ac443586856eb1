"""The attachment set of one application: attach, look at, turn, order and combine pages.

Files come from the file dialog, drag and drop, the clipboard, the hot folder tray and the
scanner; each goes through the injected ``checker`` (the backend's content checks) on a
worker thread before it joins the set (``loading``), and a refused one is named with the
reason under the strip. The set is a list of ``page_ops.Document`` values; every edit
replaces the list, so what the clerk sees (``page_view``) is always exactly what
``files()`` will attach.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from models.i18n import _, ngettext
from models.turkish_text import format_size
from services import page_ops
from services.hot_folder import HotFile, HotFolderWatcher
from services.page_ops import CombinedPdf, Document, PageError
from services.scanning import Scanner, ScanSettings
from ui.attachments import loading
from ui.attachments.hot_folder import HeldHotFiles
from ui.attachments.layout import PanelParts
from ui.attachments.loading import Checker, Loaded, no_checks
from ui.attachments.scan_dialog import ScanDialog
from ui.attachments.sources import FileSources, offers_files
from ui.attachments.style import PANEL_STYLE
from ui.operations import Operations
from ui.style import WARNING_AMBER

DEFAULT_BYTE_LIMIT = 20 * 1024 * 1024  # the backend's default per-file limit


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
        self._checker: Checker = checker or no_checks
        self._hot_folder = hot_folder
        # At once: a hot-folder file moves to taken/ as soon as it is in the set. Otherwise
        # (a workbench whose result the clerk may still cancel) it waits for
        # hand_over_hot_files() and goes back to the tray on release_hot_files().
        self._take_at_once = take_hot_files_at_once
        self._held = HeldHotFiles(hot_folder)
        self._sources = FileSources(self, self, ops, scanner=scanner, scan_defaults=scan_defaults,
                                    preferred_scanner=preferred_scanner)
        self.byte_limit = byte_limit
        self._documents: list[Document] = []
        self._errors: list[str] = []
        self._notice = ""
        self._jobs = 0
        self._combining = False
        self._scan_count = 0
        self._build()
        self._refresh()

    def _build(self) -> None:
        parts = PanelParts(self, self, self._ops, self._hot_folder)
        self._parts = parts
        parts.page_view.current_changed.connect(lambda _row: self._update_actions())
        # The parts by the names the forms and the tests know them by.
        self.page_view, self.tray, self.hint = parts.page_view, parts.tray, parts.hint
        self.strip, self.preview = parts.page_view.strip, parts.page_view.preview
        self.preview_caption = parts.page_view.preview_caption
        self.combine_button, self.shrink = parts.combine_button, parts.shrink
        self.summary, self.busy = parts.summary, parts.busy
        self.errors, self.notice = parts.errors, parts.notice
        self.hot_list = parts.tray.hot_list

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
        self._checker = checker or no_checks

    def clear(self) -> None:
        """A new application: no pages, no messages; hot-folder files not committed go
        back to the tray."""
        self.release_hot_files()
        self._documents = []
        self._errors = []
        self._sources.restart_numbering()
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
        self._run("attach files", lambda: loading.load_files(items, checker), background)

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Read (off the GUI thread), check and add files from disk."""
        paths = list(paths)
        checker = self._checker
        self._run("attach paths", lambda: loading.load_paths(paths, checker), True)

    def add_scan(self, pages: Sequence[bytes], *, background: bool = True) -> None:
        """A scanned stack becomes one attachment, ``Tarama N.pdf``."""
        self._scan_count += 1
        name = _("Tarama {number}").format(number=self._scan_count)
        images = list(pages)
        checker = self._checker
        self._run("attach scan", lambda: loading.load_scan(name, images, checker), background)

    def choose_files(self) -> None:
        self._sources.choose_files()

    def paste(self) -> None:
        if not self._sources.take_clipboard():
            self._set_errors([_("Panoda eklenecek bir görüntü ya da dosya yok.")])

    def open_scan_dialog(self) -> ScanDialog:
        """Tara…: the dialog opens at once and finds scanners on a worker thread."""
        return self._sources.open_scan_dialog()

    @property
    def scan_dialog(self) -> ScanDialog | None:
        """The Tara… dialog while it is open."""
        return self._sources.scan_dialog

    # drag and drop onto any part of the panel
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if offers_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._sources.take_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    # --- the hot folder ----------------------------------------------------------------------

    def refresh_hot_folder(self) -> None:
        self.tray.refresh()

    def take_hot_files(self) -> None:
        """Forma ekle: the selected waiting files, or all of them, oldest first."""
        watcher = self._hot_folder
        chosen = self.tray.take()
        if watcher is None or not chosen:
            return
        checker = self._checker
        at_once = self._take_at_once
        self._run("attach hot folder",
                  lambda: loading.load_hot_files(chosen, watcher, checker, take=at_once), True)

    def hand_over_hot_files(self) -> tuple[list[HotFile], list[HotFile]]:
        """The set is being attached (only with ``take_hot_files_at_once=False``): the
        hot-folder files still in it, to move to ``taken/`` once the attach has gone
        through, and those whose pages were all removed, to offer again. The panel lets go
        of both; the attach does the moving, off the GUI thread."""
        return self._held.hand_over(self._live_sources())

    def release_hot_files(self) -> None:
        """The set was not attached (Vazgeç): its hot-folder files wait in the tray again."""
        self._held.release_all()
        self.refresh_hot_folder()

    def _release_removed_hot_files(self) -> None:
        """A hot-folder file whose pages were all deleted is offered in the tray again."""
        if self._held.release_gone(self._live_sources()):
            self.refresh_hot_folder()

    def _live_sources(self) -> set[page_ops.SourceFile]:
        return {page.source for page in page_ops.all_pages(self._documents)}

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

        def done(loaded: Loaded) -> None:
            self._combining = False
            if not loaded.documents:
                self._set_errors(loaded.errors)
                self._update_actions()
                return
            kept = [d for d in self._documents if not any(d is s for s in snapshot)]
            # The combined PDF carries the hot-folder files its pages came from.
            self._held.carry([d.original for d in snapshot if d.original is not None],
                             into=loaded.documents[0].original)
            self.page_view.add_thumbnails(loaded.thumbnails)
            self._documents = loaded.documents + kept
            self._errors = []
            size = format_size(len(loaded.documents[0].original.data)) \
                if loaded.documents[0].original else ""
            pages = self.page_count()
            self._set_notice(ngettext("{name}: {pages} sayfa, {size}.",
                                      "{name}: {pages} sayfa, {size}.", pages).format(
                name=loaded.documents[0].name, pages=pages, size=size))
            self._changed(select=0)

        def failed(error: BaseException) -> None:
            self._combining = False
            self._set_errors([str(error) if isinstance(error, PageError)
                              else _("Sayfalar birleştirilemedi.")])
            self._update_actions()

        self._run_job("combine pages",
                      lambda: loading.load_combined(pages, name, checker, shrink=shrink,
                                                    limit=limit), done, failed)

    def _editable_index(self) -> int | None:
        index = self.strip.currentRow()
        if self._combining or not 0 <= index < self.page_count():
            return None
        return index

    # --- jobs ------------------------------------------------------------------------------

    def _run(self, name: str, work: Callable[[], Loaded], background: bool) -> None:
        self._errors = []
        self._set_notice("")
        if not background:
            self._arrived(work())
            return
        self._run_job(name, work, self._arrived, self._load_failed)

    def _run_job(self, name: str, work: Callable[[], Loaded],
                 done: Callable[[Loaded], None],
                 failed: Callable[[BaseException], None]) -> None:
        self._jobs += 1
        self._update_busy()
        operation = self._ops.run(self, name, work, done, failed)
        operation.finished.connect(self._job_finished)

    def _job_finished(self) -> None:
        self._jobs -= 1
        self._update_busy()

    def _arrived(self, loaded: Loaded) -> None:
        self.page_view.add_thumbnails(loaded.thumbnails)
        first_new = self.page_count()
        self._documents = self._documents + loaded.documents
        self._set_errors(self._errors + loaded.errors)
        if not self._take_at_once:
            for document, file in loaded.hot:
                if document.original is not None:
                    self._held.hold(document.original, file)
        if loaded.hot:
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
        self._refresh(select)
        self._release_removed_hot_files()
        self.files_changed.emit()

    def _refresh(self, select: int = -1) -> None:
        self.page_view.set_documents(self._documents)
        empty = not self._documents
        self.hint.setVisible(empty)
        self.page_view.setVisible(not empty)
        if not empty:
            self.page_view.select(select)
        count = len(self._documents)
        pages = self.page_count()
        self.summary.setText("" if empty else " · ".join((
            ngettext("{count} sayfa", "{count} sayfa", pages).format(count=pages),
            ngettext("{count} ek", "{count} ek", count).format(count=count))))
        self._update_actions()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.page_view.refit()

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
        row = self.strip.currentRow()
        self._parts.enable(row, self.page_count(), combining=self._combining)
        if not self._errors:
            self.errors.hide()
        if not self._notice:
            self.notice.hide()

