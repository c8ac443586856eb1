"""Ek ekle / tara: the page workbench for one form's new attachments, in its own window.

The form's Ekler box is small (the form must fit 1366×768); page work — thumbnails,
preview, rotate, reorder, combine, scanner, hot folder — needs room, so it happens here and
the result is attached to the form's draft when the clerk confirms.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QToolButton, QVBoxLayout, QWidget

from bimer_desktop.app import Desk
from models.i18n import _
from services.attachments import AttachmentRefused
from ui.attachments.panel import AttachmentsPanel
from ui.operations import Operations
from ui.screen_fit import fit_dialog
from ui.shortcuts import Command, bind


def refusal_of(desk: Desk, name: str, data: bytes) -> str | None:
    """The backend's content and size checks, as the panel's checker: why not, or None."""
    try:
        desk.attachments.check(name, data)
    except AttachmentRefused as refusal:
        return str(refusal)
    return None


class AttachmentsDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ek ekle / tara"))
        fit_dialog(self, 1100, 680)
        # The dialog's own workers: they go with it, and a page render finishing after the
        # dialog closed is delivered to nobody.
        self.ops = Operations(self)
        self.panel = AttachmentsPanel(
            self.ops,
            self,
            checker=lambda name, data: refusal_of(desk, name, data),
            hot_folder=desk.hot_folder(),
            scanner=desk.scanner,
            scan_defaults=desk.scan_defaults,
            preferred_scanner=desk.config.settings.scanner_device,
            byte_limit=desk.config.settings.attachment_limits.max_file_bytes,
            # A scan leaves the hot folder only once it is attached (hand_over_hot_files);
            # Vazgeç puts it back in the tray.
            take_hot_files_at_once=False,
        )
        buttons = QDialogButtonBox(self)
        self.accept_button = buttons.addButton(_("Forma ekle (Ctrl+Enter)"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Vazgeç (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bind(self, Command.ATTACH_TO_FORM, self.accept,
             context=Qt.ShortcutContext.WindowShortcut)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)

    def files(self) -> list[tuple[str, bytes]]:
        return self.panel.files()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a focused tool (Dosya ekle…, Tara…, Yapıştır, Döndür …) presses that
        tool: a tool button leaves Enter to the dialog, whose default "Forma ekle" then
        closed the window with nothing added under a clerk who had tabbed to Dosya ekle…."""
        focused = self.focusWidget()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)
                and isinstance(focused, QToolButton) and focused.isEnabled()):
            focused.click()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        self.panel.release_hot_files()
        super().reject()
