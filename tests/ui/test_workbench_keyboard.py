"""Ek ekle / tara by keyboard (found in issue 16's walkthrough): Enter on a tool the clerk
tabbed to presses that tool; it used to fall through to the window's default button,
"Forma ekle", which closed the workbench with nothing added."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from ui.attachments import AttachmentsDialog

WAIT_MS = 15_000


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_focused_tool_presses_it(qtbot: QtBot, offline_desk: Desk,
                                            key: Qt.Key) -> None:
    dialog = AttachmentsDialog(offline_desk)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.blue)
    QApplication.clipboard().setImage(image)
    [paste] = [b for b in dialog.findChildren(QToolButton) if b.text() == "Yapıştır"]
    paste.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is paste, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.panel.files_changed, timeout=WAIT_MS):
        qtbot.keyClick(paste, key)
    assert dialog.isVisible() and dialog.result() == 0  # still open, nothing decided
    assert [name for name, _data in dialog.files()] == ["Yapıştırılan görüntü 1.png"]
    dialog.reject()
