"""Where the clerk's files come from, on the GUI thread: the file dialog, the clipboard, a
drop on the panel and the scanner (Tara…).

What each brings is handed to the panel's ``add_paths``, ``add_files`` or ``add_scan``,
which check and load it on a worker (``loading``). The hot folder has a module of its own
(``hot_folder``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QObject, Qt
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from models.i18n import _
from services.scanning import Scanner, ScanSettings
from ui.attachments.scan_dialog import ScanDialog
from ui.operations import Operations


class Receiver(Protocol):
    """The set that takes what the sources bring (the panel)."""

    def add_files(self, items: Sequence[tuple[str, bytes]], *,
                  background: bool = True) -> None: ...
    def add_paths(self, paths: Sequence[Path]) -> None: ...
    def add_scan(self, pages: Sequence[bytes], *, background: bool = True) -> None: ...


def file_filter() -> str:
    """The file dialog's filter; the patterns stay, the words are translated."""
    return _("Belgeler (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Tüm dosyalar (*)")


def offers_files(mime: QMimeData) -> bool:
    """Whether a drag brings something to attach: files on this computer, or an image."""
    return any(url.isLocalFile() for url in mime.urls()) or mime.hasImage()


class FileSources(QObject):
    """The file dialog, the clipboard, drops and the scan dialog of ``panel``, which is
    also their ``receiver``."""

    def __init__(self, panel: QWidget, receiver: Receiver, ops: Operations, *,
                 scanner: Scanner | None, scan_defaults: ScanSettings | None,
                 preferred_scanner: str) -> None:
        super().__init__(panel)
        self._panel = panel
        self._receiver = receiver
        self._ops = ops
        self._scanner = scanner
        self._scan_defaults = scan_defaults
        self._preferred_scanner = preferred_scanner
        self._paste_count = 0
        self.scan_dialog: ScanDialog | None = None

    def restart_numbering(self) -> None:
        """"Yapıştırılan görüntü 1.png" again for the next citizen."""
        self._paste_count = 0

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self._panel, _("Dosya ekle"), "",
                                                      file_filter())
        if names:
            self._receiver.add_paths([Path(name) for name in names])

    def take_clipboard(self) -> bool:
        """Add what the clipboard holds; False if it holds nothing to attach."""
        mime = QApplication.clipboard().mimeData()
        return mime is not None and self.take_mime(mime)

    def take_mime(self, mime: QMimeData) -> bool:
        """Add the files, or else the image, that ``mime`` brings; False if neither."""
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if paths:
            self._receiver.add_paths(paths)
            return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            if image.isNull():
                return False
            self._paste_count += 1
            name = _("Yapıştırılan görüntü {number}.png").format(number=self._paste_count)
            self._receiver.add_files([(name, _png(image))])
            return True
        return False

    def open_scan_dialog(self) -> ScanDialog:
        """Tara…: the dialog opens at once and finds scanners on a worker thread."""
        if self.scan_dialog is not None and self.scan_dialog.isVisible():
            self.scan_dialog.raise_()
            return self.scan_dialog
        dialog = ScanDialog(self._scanner, self._ops, self._panel, defaults=self._scan_defaults,
                            preferred_device=self._preferred_scanner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.scanned.connect(lambda pages: self._receiver.add_scan(pages))
        dialog.destroyed.connect(self._scan_dialog_gone)
        self.scan_dialog = dialog
        dialog.open()
        return dialog

    def _scan_dialog_gone(self) -> None:
        self.scan_dialog = None


def _png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"png")).write(image)
    return bytes(buffer.data().data())
