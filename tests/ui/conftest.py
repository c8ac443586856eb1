"""UI test helpers: the real stylesheet, real desks, and typing non-ASCII text safely."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from tests.conftest import make_desk
from ui.main_window import MainWindow
from ui.style import apply_style

# The offscreen platform says this once per top-level window; it is not the desk's fault.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def desk_style(qapp: QApplication) -> None:
    """Tests see the stylesheet the clerk sees (and fail on its warnings)."""
    apply_style(qapp)


@pytest.fixture
def training_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk with no central address: training mode (its centre starts only on sync)."""
    instance = make_desk(tmp_path / "training", "")
    try:
        yield instance
    finally:
        instance.close()


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, one key event per character.

    ``qtbot.keyClicks`` aborts the process on a non-ASCII letter (a Qt assertion), so
    Turkish letters and emoji go through plain key events carrying the text.
    """
    for ch in text:
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                          Qt.KeyboardModifier.NoModifier, ch)
        QApplication.sendEvent(widget, event)


def choose(combo: QWidget, value: str) -> None:
    """Pick the item whose data is ``value``, as a clerk's click would."""
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, f"{value!r} not offered"
    combo.setCurrentIndex(index)


WindowFactory = Callable[[Desk], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    """Main windows on real desks, without the timer sync or the close question."""
    windows: list[MainWindow] = []

    def make(desk: Desk) -> MainWindow:
        window = MainWindow(desk, auto_sync=False, ask_before_close=False)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:  # before the desk fixtures close their databases
        window.shutdown()
