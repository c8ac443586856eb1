"""Nothing moves under the mouse: an error line that appears while a mouse button is down
(the click that leaves a field) waits for the button's release, so the click ends on the
field it began on; the deadline under Başvuru türü keeps its room whatever the type."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import choose
from ui.intake import IntakeForm


@pytest.fixture
def form(shown_form: IntakeForm) -> IntakeForm:
    return shown_form


def test_an_error_waits_for_the_click_to_end(qtbot: QtBot, form: IntakeForm) -> None:
    check = form.editor("email_preference")
    assert isinstance(check, QCheckBox)
    phone = form.editor("mobile_phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "123")  # not a mobile number: an error on leaving
    before = check.mapTo(form, QPoint(0, 0))
    centre = check.rect().center()
    qtbot.mousePress(check, Qt.MouseButton.LeftButton, pos=centre)  # leaves the phone
    qtbot.wait(50)
    assert form.error_text("mobile_phone")  # the field knows at once (its frame is red)
    assert check.mapTo(form, QPoint(0, 0)) == before  # nothing moved under the mouse
    qtbot.mouseRelease(check, Qt.MouseButton.LeftButton, pos=centre)
    assert check.isChecked()  # the click ended where it began
    qtbot.waitUntil(lambda: check.mapTo(form, QPoint(0, 0)) != before, timeout=2000)


def test_the_columns_keep_their_width_whatever_the_type(qtbot: QtBot,
                                                        form: IntakeForm) -> None:
    """Bilgi Edinme's longer deadline wraps in its two lines: the left column keeps its
    width (it narrowed, and every field moved sideways)."""
    name = form.editor("first_name")
    before = (name.mapTo(form, QPoint(0, 0)), name.width())
    for kind in ("information_request", "complaint", "request"):
        choose(form.editor("application_type"), kind)
        qtbot.wait(20)
        assert (name.mapTo(form, QPoint(0, 0)), name.width()) == before, kind
