"""Desk operations: work on worker threads, answers on the GUI thread, for owners that are
still there; mutations in order and announced; reads latest-only."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.operations import Change, Operations

WAIT_MS = 5000


@pytest.fixture
def ops() -> Iterator[Operations]:
    operations = Operations()
    yield operations
    operations.shutdown(WAIT_MS)
    operations.deleteLater()


@pytest.fixture
def owner() -> Iterator[QObject]:
    thing = QObject()
    yield thing
    thing.deleteLater()


def gui_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, ops: Operations,
                                          owner: QObject) -> None:
    worker_threads: list[int] = []
    delivered_on: list[bool] = []

    def work() -> int:
        worker_threads.append(threading.get_ident())
        return 42

    operation = ops.run(owner, "answer", work,
                        lambda _value: delivered_on.append(QThread.currentThread()
                                                           is gui_thread()))
    with qtbot.waitSignal(operation.succeeded, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args == [42]
    assert worker_threads and worker_threads[0] != threading.get_ident()
    assert delivered_on == [True]


def test_an_exception_is_delivered_not_raised(qtbot: QtBot, ops: Operations,
                                              owner: QObject) -> None:
    def broken() -> None:
        raise ValueError("bozuk")

    failures: list[BaseException] = []
    operation = ops.run(owner, "broken", broken, on_failed=failures.append)
    with qtbot.waitSignal(operation.finished, timeout=WAIT_MS):
        pass
    assert len(failures) == 1 and isinstance(failures[0], ValueError)
    assert str(failures[0]) == "bozuk"


def test_progress_arrives_in_order_before_the_result(qtbot: QtBot, ops: Operations,
                                                     owner: QObject) -> None:
    heard: list[tuple[str, object, bool]] = []

    def work(report: Callable[[int, int], None]) -> str:
        for done in range(1, 4):
            report(done, 3)
        return "bitti"

    def progressed(done: int, total: int) -> None:
        heard.append(("progress", (done, total), QThread.currentThread() is gui_thread()))

    operation = ops.run_with_progress(
        owner, "counting", work, progressed,
        on_done=lambda value: heard.append(
            ("result", value, QThread.currentThread() is gui_thread())))
    with qtbot.waitSignal(operation.finished, timeout=WAIT_MS):
        pass
    assert heard == [("progress", (1, 3), True), ("progress", (2, 3), True),
                     ("progress", (3, 3), True), ("result", "bitti", True)]


def test_a_destroyed_owner_gets_nothing_but_the_desk_change_is_announced(
        qtbot: QtBot, ops: Operations) -> None:
    gone = QObject()
    release = threading.Event()
    heard: list[object] = []
    changes: list[Change] = []
    ops.desk_changed.connect(changes.append)
    ops.mutate(gone, "save", lambda: release.wait(WAIT_MS) and "saved", Change.APPLICATIONS,
               heard.append, heard.append)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not _alive(gone), timeout=WAIT_MS)
    with qtbot.waitSignal(ops.settled, timeout=WAIT_MS):
        release.set()
    assert heard == []
    assert changes == [Change.APPLICATIONS]


def _alive(thing: QObject) -> bool:
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(thing))


def test_after_shutdown_nothing_is_delivered_and_nothing_new_runs(
        qtbot: QtBot, owner: QObject) -> None:
    ops = Operations()
    release = threading.Event()
    heard: list[object] = []
    ran: list[str] = []
    ops.mutate(owner, "save", lambda: release.wait(WAIT_MS) and "saved", Change.OUTBOX,
               heard.append)
    closing = threading.Thread(target=lambda: (release.wait(0.2), release.set()))
    closing.start()
    ops.shutdown(WAIT_MS)  # waits for the save that runs
    closing.join()
    ops.run(owner, "late", lambda: ran.append("late"), heard.append)
    qtbot.wait(100)
    assert heard == [] and ran == []
    assert ops.wait(WAIT_MS)


def test_mutations_run_one_at_a_time_in_the_order_asked(qtbot: QtBot, ops: Operations,
                                                        owner: QObject) -> None:
    order: list[int] = []
    running: list[int] = []
    overlapped: list[bool] = []

    def step(number: int) -> Callable[[], int]:
        def work() -> int:
            running.append(number)
            overlapped.append(len(running) > 1)
            QThread.msleep(5)
            order.append(number)
            running.remove(number)
            return number
        return work

    for number in range(8):
        ops.mutate(owner, f"step {number}", step(number), Change.DRAFTS)
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
    assert order == list(range(8))
    assert not any(overlapped)


def test_changes_are_announced_after_the_owners_answer(qtbot: QtBot, ops: Operations,
                                                       owner: QObject) -> None:
    heard: list[str] = []
    ops.desk_changed.connect(lambda changes: heard.append(f"changed {changes.name}"))
    operation = ops.mutate(owner, "print", lambda: "printed", Change.PRINTS,
                           lambda value: heard.append(value))
    with qtbot.waitSignal(operation.finished, timeout=WAIT_MS):
        pass
    assert heard == ["printed", "changed PRINTS"]


def test_a_failed_mutation_announces_no_change(qtbot: QtBot, ops: Operations,
                                               owner: QObject) -> None:
    changes: list[Change] = []
    ops.desk_changed.connect(changes.append)

    def broken() -> None:
        raise OSError("disk full")

    operation = ops.mutate(owner, "save", broken, Change.APPLICATIONS, on_failed=lambda _e: None)
    with qtbot.waitSignal(operation.finished, timeout=WAIT_MS):
        pass
    assert changes == []


def test_reads_are_latest_only(qtbot: QtBot, ops: Operations, owner: QObject) -> None:
    release = threading.Event()
    started: list[int] = []
    shown: list[int] = []

    def reading(version: int) -> Callable[[], int]:
        def work() -> int:
            started.append(version)
            if version == 1:
                release.wait(WAIT_MS)
            return version
        return work

    for version in (1, 2, 3, 4):
        ops.read(owner, "rows", reading(version), shown.append)
    qtbot.waitUntil(lambda: started == [1], timeout=WAIT_MS)
    release.set()
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
    # The first read was running when newer ones came: its rows are never shown; of the
    # requests that waited only the newest ran.
    assert started == [1, 4]
    assert shown == [4]


def test_reads_of_different_keys_or_owners_do_not_replace_each_other(
        qtbot: QtBot, ops: Operations, owner: QObject) -> None:
    other = QObject()
    shown: list[str] = []
    ops.read(owner, "rows", lambda: "rows", shown.append)
    ops.read(owner, "counts", lambda: "counts", shown.append)
    ops.read(other, "rows", lambda: "other rows", shown.append)
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
    assert sorted(shown) == ["counts", "other rows", "rows"]
    other.deleteLater()
