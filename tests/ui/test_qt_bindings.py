"""The Qt bindings keep Python's reference counts: a call of a Qt method that returns
nothing must not take a reference to None away. PySide6 6.12.0 does, on Python 3.11, and
the desk then aborts at random once None's count runs out (pyproject.toml pins below it)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QCheckBox, QLabel
from pytestqt.qtbot import QtBot

CALLS = 1000


def test_a_qt_method_returning_nothing_keeps_nones_count(qtbot: QtBot) -> None:
    label = QLabel()
    check = QCheckBox()
    qtbot.addWidget(label)
    qtbot.addWidget(check)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(CALLS):
        label.setText("a")
        label.setVisible(False)
        check.setChecked(True)
        label.setProperty("error", False)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # Other threads may hold a few references for a moment; a leak is thousands.
    assert all(abs(a - b) < CALLS // 10 for a, b in zip(after, before, strict=True)), (
        before, after)
