"""The desk fits the screen it is on: the forms do not scroll sideways from 1280×720 up in
either language, a field that takes the focus on a smaller screen is scrolled into view,
dialogs take at most the screen's room, and the window comes back where it stood."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from bimer_desktop.window_places import load_window_places, save_window_places
from models.enums import Channel
from models.i18n import use_language
from tests.ui.conftest import WAIT_MS, WindowFactory, settle
from ui.main_window import MainWindow
from ui.navigation import INTAKE_PAGES
from ui.screen_fit import FRAME, fit_dialog, place_main_window, saved_geometry
from ui.widgets.fitting_scroll_area import ROW_NAME


@pytest.fixture(params=["tr", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    use_language(request.param)
    yield request.param
    use_language("tr")


@pytest.mark.parametrize("size", [QSize(1280, 690), QSize(1366, 738)])
def test_no_form_scrolls_sideways_from_1280_up(qtbot: QtBot, make_window: WindowFactory,
                                                 offline_desk: Desk, language: str,
                                                 size: QSize) -> None:
    window = make_window(offline_desk)
    window.resize(size)
    for channel, item in INTAKE_PAGES.items():
        window.show_page(item)
        settle(qtbot, window)
        area = window.forms[channel].findChild(QScrollArea)
        assert area is not None
        body = area.widget()
        assert body.minimumSizeHint().width() <= area.viewport().width(), (
            language, channel, body.minimumSizeHint().width(), area.viewport().width())
        # Nothing to scroll sideways (the bar's own visibility is updated lazily).
        assert area.horizontalScrollBar().maximum() == 0, (language, channel, body.size())


def test_on_a_1024_screen_the_second_column_goes_under_the_first(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk, language: str) -> None:
    window = make_window(offline_desk)
    window.resize(QSize(1024, 610))
    for channel, item in INTAKE_PAGES.items():
        window.show_page(item)
        settle(qtbot, window)
        form = window.forms[channel]
        area = form.findChild(QScrollArea)
        assert area is not None
        assert form.stacked, (language, channel)
        assert area.horizontalScrollBar().maximum() == 0, (language, channel)
        # Every row of fields keeps at least its own height: none lies over the next one.
        rows = [row for row in form.findChildren(QWidget, ROW_NAME) if row.isVisible()]
        assert rows
        for row in rows:
            assert row.height() >= row.minimumSizeHint().height(), (language, channel)
        spans = sorted((row.mapTo(area.widget(), row.rect().topLeft()).y(), row.height())
                       for row in rows
                       if row.mapTo(area.widget(), row.rect().topLeft()).x() < 200)
        for (top, height), (next_top, _next) in itertools.pairwise(spans):
            assert top + height <= next_top, (language, channel, spans)
    window.resize(QSize(1366, 738))
    for channel in INTAKE_PAGES:
        window.show_page(INTAKE_PAGES[channel])
        settle(qtbot, window)
        assert not window.forms[channel].stacked, (language, channel)


def test_the_focused_field_is_scrolled_into_view_on_a_small_window(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    window = make_window(offline_desk)
    window.setMinimumSize(200, 200)
    window.resize(760, 460)  # smaller than the form both ways
    window.show_page(INTAKE_PAGES[Channel.EMAIL])
    settle(qtbot, window)
    form = window.forms[Channel.EMAIL]
    area = form.findChild(QScrollArea)
    assert area is not None
    for key in ("text", "first_name", "subject_code", "address"):
        field = form.editor(key)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f, timeout=WAIT_MS)
        corner = field.mapTo(area.viewport(), field.rect().topLeft())
        assert area.viewport().rect().contains(corner), key


def test_a_dialog_takes_at_most_the_screens_room(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setMinimumSize(5000, 300)
    fit_dialog(dialog, 6000, 4000)
    room = QGuiApplication.primaryScreen().availableGeometry().size() - FRAME
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    fit_dialog(dialog, 200, 150)
    assert dialog.size() == QSize(200, 150) or dialog.width() >= 200


def test_the_window_comes_back_where_it_stood_on_this_screen(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk, tmp_path: Path) -> None:
    window = make_window(offline_desk)
    window.setMinimumSize(200, 200)  # the offscreen screen is small; room to move
    room = QGuiApplication.primaryScreen().availableGeometry()
    place_main_window(window, None)  # the first start: fitted to the screen
    assert room.contains(window.geometry()) or window.isMaximized()
    window.showNormal()
    window.setGeometry(room.x() + 10, room.y() + 10, 500, 400)
    screen, geometry = saved_geometry(window)
    save_window_places(tmp_path, {screen: geometry})
    again: MainWindow = make_window(offline_desk)
    again.setMinimumSize(200, 200)
    place_main_window(again, load_window_places(tmp_path)[screen])
    assert again.geometry().size() == QSize(500, 400)
    (tmp_path / "window.json").write_text("{not json", "utf-8")
    assert load_window_places(tmp_path) == {}  # a damaged file: fitted again, no crash
