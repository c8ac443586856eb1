"""A saved case's attachments, looked at: the workbench's pages (``PageView``), read-only.

Opened from the case detail (Enter or a double-click on an attachment, Ctrl+G). The bytes
come from the blob store, verified against their hash, on a worker; the pages are drawn as
the workbench draws them (thumbnails in the strip, the current page large), starting at
the first page of the attachment the clerk chose. Nothing can be changed here: a saved
case's attachments are part of what was sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from bimer_desktop.app import Desk
from models.i18n import _, ngettext
from services import page_ops
from services.attachments import AttachmentUnavailable
from services.queries import AttachmentView
from ui.attachments.loading import Loaded, checked_document, no_checks
from ui.attachments.page_view import PageView
from ui.attachments.rendering import thumbnails
from ui.operations import Operations
from ui.screen_fit import fit_dialog


@dataclass(frozen=True)
class _Read:
    loaded: Loaded
    first_pages: list[int]  # where each attachment read starts in the strip (-1: not read)


def read_attachments(desk: Desk, attachments: Sequence[AttachmentView]) -> _Read:
    """The attachments' pages, for a worker; one that cannot be read is named, not fatal."""
    documents = []
    errors: list[str] = []
    starts: list[int] = []
    pages = 0
    for attachment in attachments:
        try:
            data = desk.attachments.read(attachment.sha256)
        except AttachmentUnavailable as error:
            errors.append(f"{attachment.name}: {error}")
            starts.append(-1)
            continue
        document = checked_document(attachment.name, data, no_checks, errors)
        if document is None:
            starts.append(-1)
            continue
        starts.append(pages)
        pages += len(document.pages)
        documents.append(document)
    return _Read(Loaded(documents, thumbnails(documents), errors, []), starts)


class AttachmentViewer(QDialog):
    """``AttachmentViewer(desk, title, attachments, chosen)``: the pages of ``attachments``,
    the ``chosen`` one's first page on screen; ``pages_shown`` fires when they are."""

    pages_shown = Signal()

    def __init__(self, desk: Desk, title: str, attachments: Sequence[AttachmentView],
                 chosen: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.setWindowTitle(_("Ekler — {case}").format(case=title))
        fit_dialog(self, 1000, 680)
        # The viewer's own workers: they go with it (a page rendered after it closed is
        # delivered to nobody).
        self.ops = Operations(self)
        self.page_view = PageView(self.ops, self)
        # Looking, not arranging: the page large, the strip a narrow column beside it.
        pages = self.page_view.layout()
        if isinstance(pages, QBoxLayout):
            pages.setStretch(0, 1)
            pages.setStretch(1, 3)
        self.status = QLabel(_("Ekler okunuyor…"), self)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Kapat (Esc)"))
        # Never a default button: the Enter that opened the viewer goes on to the case
        # detail, whose dialog would press the default button of any child — this one.
        close.setAutoDefault(False)
        close.setDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page_view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setFocusProxy(self.page_view.strip)
        items = list(attachments)
        self.ops.run(self, "read attachments", lambda: read_attachments(desk, items),
                     lambda read: self._show(read, chosen), self._failed)

    def page_count(self) -> int:
        return self.page_view.strip.count()

    def current_page(self) -> int:
        return self.page_view.strip.currentRow()

    def _show(self, read: _Read, chosen: int) -> None:
        loaded = read.loaded
        self.page_view.add_thumbnails(loaded.thumbnails)
        self.page_view.set_documents(loaded.documents)
        start = read.first_pages[chosen] if 0 <= chosen < len(read.first_pages) else 0
        self.page_view.select(max(start, 0))
        pages = len(page_ops.all_pages(loaded.documents))
        shown = ngettext("{pages} sayfa · ←/→ ile sayfalar arasında gezinin",
                         "{pages} sayfa · ←/→ ile sayfalar arasında gezinin",
                         pages).format(pages=pages)
        self.status.setText("\n".join([shown, *loaded.errors]) if pages
                            else "\n".join(loaded.errors) or _("Gösterilecek sayfa yok."))
        self.page_view.strip.setFocus(Qt.FocusReason.OtherFocusReason)
        self.pages_shown.emit()

    def _failed(self, _error: BaseException) -> None:
        self.status.setText(_("Ekler okunamadı. Tekrar deneyin; sorun sürerse sistem "
                              "yöneticisine bildirin."))
        self.pages_shown.emit()
