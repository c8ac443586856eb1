"""One rule for moving on: a field that moved on by itself has done what Enter would, so an
Enter pressed out of habit right after it does nothing — no field is skipped, no value lands
one field down — and a letter box refuses a non-letter at the key press."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import VALID_TCKN
from tests.ui.conftest import line_edit, type_text
from ui.intake import IntakeForm


@pytest.fixture
def form(shown_form: IntakeForm) -> IntakeForm:
    return shown_form


def test_enter_after_the_tckn_moved_on_keeps_the_cursor_in_ad(
        qtbot: QtBot, form: IntakeForm) -> None:
    tckn = line_edit(form, "tckn")
    tckn.setFocus()
    qtbot.keyClicks(tckn, VALID_TCKN)
    assert QApplication.focusWidget() is form.editor("first_name")  # moved on by itself
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the guide's habit
    assert QApplication.focusWidget() is form.editor("first_name")  # nothing skipped
    type_text(line_edit(form, "first_name"), "Ayşe")
    qtbot.keyClick(line_edit(form, "first_name"), Qt.Key.Key_Return)  # typed: Enter moves on
    assert QApplication.focusWidget() is form.editor("last_name")
    assert form.form_value().first_name == "Ayşe"
    assert form.form_value().last_name == ""


def test_enter_after_the_letter_boxes_does_not_shift_the_phone(
        qtbot: QtBot, form: IntakeForm) -> None:
    first = line_edit(form, "mother_maiden_first")
    first.setFocus()
    type_text(first, "ş")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.editor("mother_maiden_last")
    type_text(line_edit(form, "mother_maiden_last"), "k")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.editor("mobile_phone")


def test_enter_is_enter_again_once_the_cursor_left_by_other_means(
        qtbot: QtBot, form: IntakeForm) -> None:
    tckn = line_edit(form, "tckn")
    tckn.setFocus()
    qtbot.keyClicks(tckn, VALID_TCKN)
    line_edit(form, "address").setFocus()  # a click elsewhere
    line_edit(form, "first_name").setFocus()
    qtbot.keyClick(line_edit(form, "first_name"), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.editor("last_name")


def test_a_letter_box_refuses_a_digit_at_the_key_press(
        qtbot: QtBot, form: IntakeForm) -> None:
    first = line_edit(form, "mother_maiden_first")
    first.setFocus()
    qtbot.keyClicks(first, "2")
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert first.text() == ""
    assert QApplication.focusWidget() is first  # nothing moved on
    first.insert("7")  # pasted: refused too
    assert first.text() == ""
    type_text(first, "ç")
    assert first.text() == "Ç"
