"""Qt's own messages go to the desk's log under ``bimer.qt``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import qInstallMessageHandler, qWarning

from bimer_desktop.logging_setup import configure_logging, remove_handlers
from ui.run import route_qt_messages


def test_a_qt_warning_reaches_the_log_file(tmp_path: Path) -> None:
    path = configure_logging(tmp_path)
    previous = route_qt_messages()
    try:
        qWarning("QPainter::begin: Paint device returned engine == 0")
    finally:
        qInstallMessageHandler(previous)
        remove_handlers()
    assert ("WARNING bimer.qt: QPainter::begin: Paint device returned engine == 0"
            in path.read_text("utf-8"))
