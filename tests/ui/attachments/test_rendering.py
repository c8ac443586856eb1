"""Pages as the clerk sees them: on white paper, turned the way the PDF turns them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.services.page_samples import text_pdf
from tests.ui.attachments.conftest import WAIT_MS, add, make_panel
from ui.attachments import turned
from ui.operations import Operations


def test_pdf_preview_is_on_white_paper(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    add(qtbot, panel, ("boş.pdf", text_pdf([""])))
    qtbot.waitUntil(lambda: bool(panel.page_view._preview_cache), timeout=WAIT_MS)
    [image] = panel.page_view._preview_cache.values()
    assert image.pixelColor(5, 5).name() == "#ffffff"  # not transparent black


def test_the_screen_turns_pages_the_way_the_pdf_does() -> None:
    # The same quarter turn as page_ops' /Rotate: clockwise, top-left corner to top-right.
    image = QImage(100, 140, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    for x in range(30):
        for y in range(30):
            image.setPixelColor(x, y, Qt.GlobalColor.black)
    shown = turned(image, 90)
    assert (shown.width(), shown.height()) == (140, 100)
    assert shown.pixelColor(shown.width() - 5, 5).lightness() < 100
    assert shown.pixelColor(5, 5).lightness() > 200
