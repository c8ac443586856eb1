"""A slow store never freezes the window: with every database statement held back (a busy
disk, a virus scanner, a network share), the event loop keeps turning — a timer keeps
ticking — while a save, an attach, a take from the hot folder and a list are under way."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from bimer_desktop.app import Desk
from services.fake_scanner import fake_page
from services.paging import PAGE_SIZE
from tests.conftest import in_person_form, make_desk
from tests.services.attachment_samples import turkish_pdf
from tests.ui.conftest import WAIT_MS, FormFactory, WindowFactory
from ui.navigation import NavigationItem

STATEMENT_DELAY_S = 0.06  # per SQL statement: a save (≈ 7 Core statements) becomes ≈ 0.4 s
TICK_MS = 10


class SlowStore:
    """Holds every SQL statement of a desk back by ``delay`` seconds while ``on``."""

    def __init__(self, desk: Desk, delay: float = STATEMENT_DELAY_S) -> None:
        self.delay = delay
        self.on = False
        event.listen(desk.db.engine, "before_cursor_execute", self._hold)

    def _hold(self, *_args: Any) -> None:
        if self.on:
            time.sleep(self.delay)


class Ticker:
    """A timer on the GUI thread; its ticks are what the window could paint."""

    def __init__(self, qtbot: QtBot) -> None:
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks += 1


@contextmanager
def measured(qtbot: QtBot, store: SlowStore) -> Iterator[dict[str, float]]:
    """While the body's work runs on the slow store: how long it took, how often the GUI
    thread's timer ticked meanwhile."""
    ticker = Ticker(qtbot)
    result: dict[str, float] = {}
    store.on = True
    ticker.timer.start()
    started = time.monotonic()
    try:
        yield result
    finally:
        result["seconds"] = time.monotonic() - started
        ticker.timer.stop()
        store.on = False
        result["ticks"] = ticker.ticks


def kept_turning(result: dict[str, float]) -> None:
    # The work took a noticeable time, and the loop turned at least a third as often as
    # its timer asks: a blocked GUI thread ticks once, when it is free again.
    assert result["seconds"] > 0.2, result
    assert result["ticks"] >= result["seconds"] * 1000 / TICK_MS / 3, result


@pytest.fixture
def slow_desk(tmp_path: Path) -> Iterator[tuple[Desk, SlowStore]]:
    hot = tmp_path / "scans"
    hot.mkdir()
    desk = make_desk(tmp_path / "desk", "http://127.0.0.1:9")
    desk.remember_setting("hot_folder", str(hot))
    try:
        yield desk, SlowStore(desk)
    finally:
        desk.close()


def test_saving_keeps_the_window_painting(
        qtbot: QtBot, slow_desk: tuple[Desk, SlowStore], make_form: FormFactory) -> None:
    desk, store = slow_desk
    form = make_form(desk)
    form.set_form_value(in_person_form())
    with measured(qtbot, store) as result, qtbot.waitSignal(form.saved, timeout=WAIT_MS):
        assert form.save()
        assert form.busy  # the click returned; the save runs on a worker
    kept_turning(result)
    assert len(desk.queries.list_applications()) == 1


def test_attaching_keeps_the_window_painting(
        qtbot: QtBot, slow_desk: tuple[Desk, SlowStore], make_form: FormFactory) -> None:
    desk, store = slow_desk
    form = make_form(desk)
    form.set_form_value(in_person_form())
    with measured(qtbot, store) as result, \
            qtbot.waitSignal(form.attachments.changed, timeout=WAIT_MS):
        assert form.attach_files([("dilekçe.pdf", turkish_pdf(pages=3))])
    kept_turning(result)
    assert [name.split(" — ")[0] for name in form.attachment_names()] == ["dilekçe.pdf"]


def test_taking_the_hot_folder_keeps_the_window_painting(
        qtbot: QtBot, slow_desk: tuple[Desk, SlowStore], make_form: FormFactory) -> None:
    desk, store = slow_desk
    folder = Path(desk.config.settings.hot_folder)
    for number in (1, 2, 3):
        (folder / f"Tarama {number:04d}.png").write_bytes(fake_page(number, "Sayfa", dpi=50))
    watcher = desk.hot_folder()
    assert watcher is not None
    qtbot.waitUntil(lambda: len(watcher.pending()) == 3, timeout=WAIT_MS)
    form = make_form(desk)
    with measured(qtbot, store) as result, \
            qtbot.waitSignal(form.attachments.changed, timeout=WAIT_MS):
        assert form.take_hot_folder()
    kept_turning(result)
    assert len(form.attachment_names()) == 3
    assert watcher.pending() == []


def test_loading_a_long_list_keeps_the_window_painting(
        qtbot: QtBot, slow_desk: tuple[Desk, SlowStore], make_window: WindowFactory) -> None:
    desk, store = slow_desk
    for index in range(300):
        assert desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1").ok
    window = make_window(desk)
    read = window.live(NavigationItem.APPLICATIONS)
    store.delay = 0.3  # the list is a handful of statements: each one slow
    with measured(qtbot, store) as result, qtbot.waitSignal(read.loaded, timeout=WAIT_MS):
        window.show_page(NavigationItem.APPLICATIONS)
    kept_turning(result)
    # The first page, and the count of them all; the rest come as the table scrolls.
    assert window.applications.row_count() == PAGE_SIZE
    assert window.applications.count_label.text() == "300 başvuru"
