"""The background helper: work on a worker thread, answers on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.background import BackgroundRunner


def test_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    worker_threads: list[int] = []
    delivered_on: list[bool] = []

    def work() -> int:
        worker_threads.append(threading.get_ident())
        return 42

    app = QApplication.instance()
    assert app is not None
    gui_thread = app.thread()
    job = runner.run("answer", work)
    job.succeeded.connect(
        lambda _value: delivered_on.append(QThread.currentThread() is gui_thread))
    with qtbot.waitSignal(job.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == [42]
    assert worker_threads and worker_threads[0] != threading.get_ident()
    assert delivered_on == [True]
    assert runner.wait(1000)


def test_exception_is_delivered_not_raised(qtbot: QtBot, caplog: object) -> None:
    runner = BackgroundRunner()

    def broken() -> None:
        raise ValueError("bozuk")

    failures: list[BaseException] = []
    job = runner.run("broken", broken, on_failure=failures.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert len(failures) == 1 and isinstance(failures[0], ValueError)
    assert str(failures[0]) == "bozuk"


def test_progress_arrives_on_the_gui_thread_in_order_before_the_result(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    app = QApplication.instance()
    assert app is not None
    gui_thread = app.thread()
    heard: list[tuple[str, object, bool]] = []

    def work(report: Callable[[int, int], None]) -> str:
        for done in range(1, 4):
            report(done, 3)
        return "bitti"

    def progressed(done: int, total: int) -> None:
        heard.append(("progress", (done, total), QThread.currentThread() is gui_thread))

    job = runner.run_with_progress(
        "counting", work, progressed,
        on_success=lambda value: heard.append(
            ("result", value, QThread.currentThread() is gui_thread)))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass

    assert heard == [("progress", (1, 3), True), ("progress", (2, 3), True),
                     ("progress", (3, 3), True), ("result", "bitti", True)]
    assert runner.wait(1000)
