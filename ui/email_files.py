"""E-mail files (.eml) dropped on the window or opened with Ctrl+O: each becomes a draft of
the e-mail form, read off the GUI thread; the first one opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from bimer_desktop.app import Desk
from models.i18n import _
from services.email_import import EmailImport, EmailImportError

EMAIL_SUFFIX = ".eml"


def eml_paths(mime: QMimeData) -> list[Path]:
    """The local .eml files in a drag, if any."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(EMAIL_SUFFIX)]


class EmlDrops(QObject):
    """Lets an .eml file be dropped anywhere on a window, even onto a text field that would
    otherwise take the file's name as text; ``dropped(paths)`` is called with the files."""

    def __init__(self, dropped: Callable[[list[Path]], None], parent: QObject) -> None:
        super().__init__(parent)
        self._dropped = dropped

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragEnterEvent | QDragMoveEvent):
            if eml_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = eml_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self._dropped(paths)
                return True
        return False


@dataclass(frozen=True)
class EmailFileResult:
    """What a background import of dropped or opened .eml files brings back."""

    imported: list[EmailImport]
    errors: list[str]


def import_email_files(desk: Desk, paths: list[Path]) -> Callable[[], EmailFileResult]:
    """The work of importing ``paths`` as drafts (for a worker thread): every file is tried;
    one that cannot be read or parsed is a line in ``errors``, in the desk's language."""
    user = desk.config.user
    received = desk.clock().date()

    def work() -> EmailFileResult:
        imported: list[EmailImport] = []
        errors: list[str] = []
        for path in paths:
            try:
                data = path.read_bytes()
                imported.append(desk.email_import.import_message(data, user,
                                                                 received=received))
            except OSError as error:
                errors.append(_("{file}: dosya okunamadı ({reason}).").format(
                    file=path.name, reason=error.strerror))
            except EmailImportError as error:
                errors.append(f"{path.name}: {error}")
        return EmailFileResult(imported, errors)

    return work
