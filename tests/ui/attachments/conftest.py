"""The attachment workbench's tests: a panel on its own operations, shown, and the
keys and files they work it with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.attachments import AttachmentsPanel
from ui.operations import Operations

WAIT_MS = 10_000


@pytest.fixture
def ops() -> Iterator[Operations]:
    instance = Operations()
    yield instance
    instance.shutdown(WAIT_MS)


def make_panel(qtbot: QtBot, ops: Operations, **kwargs: object) -> AttachmentsPanel:
    panel = AttachmentsPanel(ops, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(820, 560)
    with qtbot.waitActive(panel):
        panel.show()
    return panel


def add(qtbot: QtBot, panel: AttachmentsPanel, *items: tuple[str, bytes]) -> None:
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        panel.add_files(list(items))


def one_pdf(panel: AttachmentsPanel) -> bytes:
    return panel.combined_pdf(shrink=False).data


def press(qtbot: QtBot, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


CTRL = Qt.KeyboardModifier.ControlModifier


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
