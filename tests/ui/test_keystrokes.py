"""How many keys besides the data itself does one in-person application take, from an empty
form to the receipt's print preview? The queue at the window pays for every one of them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from tests.conftest import VALID_TCKN
from tests.ui.conftest import type_text
from ui.main_window import MainWindow
from ui.navigation import NavigationItem

MAX_NON_DATA_KEYS = 6
TEXT = "Sokağımızdaki çöpler üç gündür toplanmıyor."


class Keyboard:
    """Sends keys to whatever has focus, as a real keyboard does, and counts the keys
    that are not the application's data: Tab, Enter, Ctrl+↓ and the shortcuts."""

    def __init__(self, qtbot: QtBot) -> None:
        self._qtbot = qtbot
        self.pressed: list[str] = []

    @staticmethod
    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def data(self, text: str) -> None:
        for character in text:
            type_text(self.focused(), character)

    def press(self, name: str, key: Qt.Key,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.pressed.append(name)
        self._qtbot.keyClick(self.focused(), key, modifier)


@pytest.fixture
def window(qtbot: QtBot, offline_desk: Desk) -> Iterator[MainWindow]:
    instance = MainWindow(offline_desk, auto_sync=False, ask_before_close=False)
    qtbot.addWidget(instance)
    with qtbot.waitActive(instance):
        instance.show()
    yield instance
    instance.shutdown()


def test_one_in_person_application_and_its_receipt_take_few_keys(
        qtbot: QtBot, window: MainWindow, offline_desk: Desk,
        capsys: pytest.CaptureFixture[str]) -> None:
    form = window.form
    keys = Keyboard(qtbot)
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON
    assert keys.focused() is form.editor("tckn")  # the window opens ready to type

    keys.data(VALID_TCKN)  # 11 valid digits: on to Ad by itself
    keys.data("Ayşe")
    keys.press("Enter", Qt.Key.Key_Return)
    keys.data("Yılmaz")
    keys.press("Enter", Qt.Key.Key_Return)
    keys.data("şk")  # the two letter boxes move on by themselves
    keys.data("05321234567")
    keys.press("Ctrl+↓", Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # to Başvuru
    keys.data("ş")  # Şikayet: the only type with Ş; on to Konu
    keys.data("02")  # Belediye hizmetleri: a whole code, on to Alt konu
    keys.data("02")  # 02.02; Aciliyet already says Normal: on to the text
    assert keys.focused() is form.editor("text")
    keys.data(TEXT)
    with qtbot.waitSignal(form.saved, timeout=5000):
        keys.press("Ctrl+S", Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Ready for the next citizen: empty, the number on the banner, the cursor in T.C.
    assert not form.has_content() and form.banner.shown
    assert keys.focused() is form.editor("tckn")
    keys.press("Ctrl+P", Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.printing.dialog is not None, timeout=10_000)
    dialog = window.printing.dialog
    assert dialog is not None
    preview = dialog.preview
    dialog.reject()

    [row] = offline_desk.queries.list_applications()
    assert form.last_saved_number == row.station_number
    assert row.applicant_masked == "A*** Y*****"
    assert preview.station_number == row.station_number
    # Closing the preview gives the window its focus back: still T.C. Kimlik No.
    assert window.focusWidget() is form.editor("tckn")

    with capsys.disabled():
        print(f"\n[keystrokes] one in-person application + receipt preview: "
              f"{len(keys.pressed)} non-data keys ({', '.join(keys.pressed)})")
    assert len(keys.pressed) <= MAX_NON_DATA_KEYS
