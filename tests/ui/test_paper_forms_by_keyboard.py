"""The letter, fax and e-mail forms by keyboard on a 1024×640 screen (issue 16's walkthrough,
offscreen): Tab from the first field reaches every field the channel asks, once each, top
to bottom as they stand on the screen, and the field with the cursor is always scrolled
into view. (The real window under Xvfb, tools/window_check.py, takes a letter this way.)"""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Channel
from tests.ui.conftest import WindowFactory
from ui.intake import IntakeForm
from ui.navigation import INTAKE_PAGES
from ui.widgets.fitting_scroll_area import FittingScrollArea


def _asked(form: IntakeForm) -> dict[QWidget, str]:
    """The editor of every field this form shows and takes input in now."""
    keys = [key for key in form._rows if form.is_shown(key)]
    return {form.editor(key): key for key in keys if form.editor(key).isEnabled()}


@pytest.mark.parametrize("channel", [Channel.LETTER, Channel.FAX, Channel.EMAIL])
def test_tab_walks_every_field_in_screen_order_and_keeps_it_in_view(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk,
        channel: Channel) -> None:
    window = make_window(offline_desk)
    window.resize(1024, 640)
    window.show_page(INTAKE_PAGES[channel])
    form = window.forms[channel]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.first_editor(), timeout=5000)
    asked = _asked(form)
    scroll = form.findChild(FittingScrollArea)
    assert scroll is not None and scroll.widget() is not None
    body = scroll.widget()
    visited: list[str] = []
    places: list[tuple[int, int]] = []
    for _step in range(len(asked) + 10):
        now = QApplication.focusWidget()
        if now not in asked or asked[now] in visited:
            break
        visited.append(asked[now])
        shown = now.visibleRegion().boundingRect()
        assert shown.height() >= min(now.height(), 40) - 1, f"{asked[now]} is out of view"
        corner = now.mapTo(body, QPoint(0, 0))
        places.append((corner.y(), corner.x()))
        qtbot.keyClick(now, Qt.Key.Key_Tab)
    assert sorted(visited) == sorted(asked.values()), set(asked.values()) ^ set(visited)
    assert visited[0] == "sender_as_written"
    # One column at this width: each field below the last, or beside it on the same line.
    # (Measured in the scrolled body: positions that do not depend on the scroll.)
    for (before, after), key in zip(pairwise(places), visited[1:], strict=True):
        assert after[0] > before[0] or (after[0] == before[0] and after[1] > before[1]), key
