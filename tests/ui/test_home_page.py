"""Bugün: the day's figures of the desk, and a click away from a new application."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Channel
from tests.conftest import in_person_form
from tests.ui.conftest import WAIT_MS, WindowFactory, save_form, settle, show_page
from ui.navigation import NavigationItem


def test_the_figures_follow_what_the_desk_did(offline_desk: Desk, make_window: WindowFactory,
                                              qtbot: QtBot) -> None:
    window = make_window(offline_desk)
    show_page(qtbot, window, NavigationItem.HOME)
    assert window.home.taken.number.text() == "0"

    # Saved through the window, which tells every page the desk changed: no refresh.
    for _ in range(2):
        window.form.set_form_value(in_person_form())
        save_form(qtbot, window.form)
    qtbot.waitUntil(lambda: window.home.taken.number.text() == "2", timeout=WAIT_MS)
    settle(qtbot, window)  # and the reads that the saves' syncs asked for, too

    assert window.home.waiting.number.text() == "2"  # offline: nothing has gone
    assert window.home.quarantined.number.text() == "0"
    assert window.home.deadline_near.number.text() == "0"  # taken today: far from due
    assert window.home.day.text()  # the date, written out


def test_a_channel_button_opens_a_new_form(offline_desk: Desk, make_window: WindowFactory,
                                           qtbot: QtBot) -> None:
    window = make_window(offline_desk)
    window.show_page(NavigationItem.HOME)
    qtbot.mouseClick(window.home.channel_buttons[Channel.LETTER], Qt.MouseButton.LeftButton)
    assert window.current_page() is NavigationItem.INTAKE_LETTER
    qtbot.mouseClick(window.home.queue_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is NavigationItem.OUTBOX


def test_ctrl_1_is_the_home_page(offline_desk: Desk, make_window: WindowFactory,
                                 qtbot: QtBot) -> None:
    window = make_window(offline_desk)
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON  # the counter's start
    qtbot.keyClick(window.form.editor("tckn"), Qt.Key.Key_1,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is NavigationItem.HOME
