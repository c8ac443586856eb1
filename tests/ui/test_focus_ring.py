"""The focus reads at a glance: every kind of field, focused, is ringed in the focus blue
(resources/style.qss) — compared in a screenshot of the widget focused and not — and the
ring moves nothing (the field's size is the same either way)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Channel
from tests.ui.conftest import WAIT_MS, WindowFactory, settle
from ui.main_window import MainWindow
from ui.navigation import INTAKE_PAGES
from ui.style import FOCUS_BLUE

KINDS: dict[str, tuple[Channel, str]] = {
    "line edit": (Channel.IN_PERSON, "first_name"),
    "letter box": (Channel.IN_PERSON, "mother_maiden_first"),
    "date": (Channel.LETTER, "paper_date"),
    "choice list": (Channel.IN_PERSON, "application_type"),
    "subject list": (Channel.IN_PERSON, "subject_code"),
    "check box": (Channel.IN_PERSON, "email_preference"),
    "text box": (Channel.IN_PERSON, "text"),
}


def blue_pixels(image: QImage) -> int:
    """Pixels within a small distance of the focus blue."""
    wanted = QColor(FOCUS_BLUE)
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if (abs(colour.red() - wanted.red()) + abs(colour.green() - wanted.green())
                    + abs(colour.blue() - wanted.blue())) < 40:
                count += 1
    return count


@pytest.fixture
def window(make_window: WindowFactory, offline_desk: Desk) -> Iterator[MainWindow]:
    yield make_window(offline_desk)


def _focus(qtbot: QtBot, widget: QWidget | None) -> None:
    if widget is None:
        QApplication.focusWidget().clearFocus()  # type: ignore[union-attr]
    else:
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)
    QApplication.processEvents()


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_focused_field_is_ringed_and_nothing_moves(qtbot: QtBot, window: MainWindow,
                                                     kind: str) -> None:
    channel, key = KINDS[kind]
    window.show_page(INTAKE_PAGES[channel])
    settle(qtbot, window)
    form = window.forms[channel]
    widget = form.editor(key)
    others = form.editor("last_name") if key != "last_name" else form.editor("first_name")
    _focus(qtbot, others)
    size_before = widget.size()
    plain = widget.grab().toImage()
    _focus(qtbot, widget)
    focused = widget.grab().toImage()
    if os.environ.get("BIMER_FOCUS_SHOTS"):  # to look at them
        folder = os.environ["BIMER_FOCUS_SHOTS"]
        plain.save(f"{folder}/{key}-plain.png")
        focused.save(f"{folder}/{key}-focused.png")
    assert widget.size() == size_before
    # A ring around the whole widget: at least its perimeter, twice (two pixels wide).
    perimeter = 2 * (widget.width() + widget.height())
    assert blue_pixels(focused) >= perimeter, kind
    assert blue_pixels(plain) < perimeter // 4, kind
