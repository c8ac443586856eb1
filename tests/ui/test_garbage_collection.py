"""Garbage cycles holding widgets are freed on the GUI thread, by its timer — never by a
worker thread's allocations or in the middle of an event (ui/garbage_collection.py)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from ui.garbage_collection import GuiThreadCollector, collect_due, collect_on_gui_thread


@pytest.fixture
def collections_seen() -> Iterator[list[int]]:
    """The generation of every collection that starts while the test runs."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def drop_a_widget_cycle(freed_on: list[int]) -> None:
    """A window that only a reference cycle keeps (a screen holding itself through an
    attribute, as screens that keep their helpers do)."""
    window = QWidget()
    window.close_button = QPushButton("Kapat", window)  # type: ignore[attr-defined]
    window.itself = window  # type: ignore[attr-defined]
    weakref.finalize(window, lambda: freed_on.append(threading.get_ident()))


def test_a_dropped_window_is_freed_by_the_gui_thread_not_by_a_busy_worker(qtbot: QtBot) -> None:
    owner = QObject()
    GuiThreadCollector(owner, interval_ms=20)
    try:
        assert not gc.isenabled()
        freed_on: list[int] = []
        drop_a_widget_cycle(freed_on)

        kept: list[list[int]] = []
        worker = threading.Thread(target=lambda: kept.extend([] for _ in range(5_000)))
        worker.start()
        worker.join()
        assert freed_on == [], "a worker thread's allocations collected a widget"

        qtbot.waitUntil(lambda: bool(freed_on), timeout=5_000)
        assert freed_on == [threading.get_ident()]
    finally:
        owner.deleteLater()
        qtbot.waitUntil(gc.isenabled, timeout=5_000)  # the collector gone: automatic again
        gc.disable()  # as the test session keeps it (tests/conftest.py)


def test_nothing_is_collected_until_a_threshold_is_crossed(collections_seen: list[int]) -> None:
    gc.collect()
    collections_seen.clear()
    assert collect_due() == 0
    assert collections_seen == []

    allocated = [[] for _ in range(gc.get_threshold()[0] + 1)]
    collect_due()
    assert collections_seen and collections_seen[0] >= 0
    del allocated


def test_an_application_has_one_collector() -> None:
    app = QObject()
    try:
        first = collect_on_gui_thread(app)
        assert collect_on_gui_thread(app) is first
        assert app.findChildren(GuiThreadCollector) == [first]
    finally:
        Shiboken.delete(app)
        assert gc.isenabled()  # the collector gone: automatic again
        gc.disable()  # as the test session keeps it (tests/conftest.py)
