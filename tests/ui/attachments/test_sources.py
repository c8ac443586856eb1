"""Files dropped on the panel and images pasted from the clipboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.services.page_samples import image_bytes, labels, text_pdf
from tests.ui.attachments.conftest import CTRL, WAIT_MS, make_panel, one_pdf, press
from ui.attachments import AttachmentsPanel
from ui.operations import Operations


def drop(panel: AttachmentsPanel, mime: QMimeData) -> QDropEvent:
    position = QPointF(panel.rect().center())
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    event = QDropEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, event)
    return event


def test_dropped_files_are_added(qtbot: QtBot, ops: Operations,
                                 tmp_path: Path) -> None:
    panel = make_panel(qtbot, ops)
    first = tmp_path / "Başvuru dilekçesi — İğneada.png"
    first.write_bytes(image_bytes("kırmızı"))
    second = tmp_path / "ek.pdf"
    second.write_bytes(text_pdf(["Çözüm önerisi"]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        assert drop(panel, mime).isAccepted()
    assert [d.name for d in panel.documents()] == ["Başvuru dilekçesi — İğneada.png", "ek.pdf"]
    assert labels(one_pdf(panel)) == ["kırmızı", "Çözüm önerisi"]


def test_dropping_text_is_refused(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    mime = QMimeData()
    mime.setText("düz metin")
    position = QPointF(panel.rect().center())
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, enter)
    assert not enter.isAccepted()


def test_paste_an_image_from_the_clipboard(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.blue)
    QApplication.clipboard().setImage(image)
    panel.strip.setFocus()
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_V, CTRL)
    [document] = panel.documents()
    assert document.name == "Yapıştırılan görüntü 1.png"
    assert labels(one_pdf(panel)) == ["mavi"]
    QApplication.clipboard().setText("yalnızca metin")
    press(qtbot, Qt.Key.Key_V, CTRL)
    assert "Panoda" in panel.errors.text()
