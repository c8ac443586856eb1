"""UI test helpers: the real stylesheet, real desks, and typing non-ASCII text safely."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Channel
from tests.conftest import make_desk
from ui.intake import IntakeForm
from ui.main_window import MainWindow
from ui.navigation import NavigationItem
from ui.operations import Operations
from ui.style import apply_style

WAIT_MS = 15_000

# The offscreen platform says this once per top-level window; it is not the desk's fault.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def desk_style(qapp: QApplication) -> Iterator[None]:
    """Tests see the stylesheet the clerk sees (and fail on its warnings). Afterwards the
    widgets the test closed are really deleted: turning the loop by hand (pytest-qt,
    ``processEvents``) never runs deferred deletions, and every widget left alive makes
    the next test's stylesheet slower to apply."""
    apply_style(qapp)
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def training_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk with no central address: training mode (its centre starts only on sync)."""
    instance = make_desk(tmp_path / "training", "")
    try:
        yield instance
    finally:
        instance.close()


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, one key event per character.

    ``qtbot.keyClicks`` aborts the process on a non-ASCII letter (a Qt assertion), so
    Turkish letters and emoji go through plain key events carrying the text.
    """
    for ch in text:
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                          Qt.KeyboardModifier.NoModifier, ch)
        QApplication.sendEvent(widget, event)


def choose(combo: QWidget, value: str) -> None:
    """Pick the item whose data is ``value``, as a clerk's click would."""
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, f"{value!r} not offered"
    combo.setCurrentIndex(index)


WindowFactory = Callable[[Desk], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    """Main windows on real desks, without the timer sync or the close question."""
    windows: list[MainWindow] = []

    def make(desk: Desk) -> MainWindow:
        window = MainWindow(desk, auto_sync=False, ask_before_close=False)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
        settle(qtbot, window)  # the first counts and the offer of drafts are read
        windows.append(window)
        return window

    yield make
    for window in windows:  # before the desk fixtures close their databases
        window.shutdown()


FormFactory = Callable[..., IntakeForm]


@pytest.fixture
def make_form(qtbot: QtBot) -> Iterator[FormFactory]:
    """Intake forms on real desks, each with its own operations, as a window gives them:
    ``make_form(desk, channel=Channel.IN_PERSON, **options)``."""
    made: list[Operations] = []

    def make(desk: Desk, channel: Channel = Channel.IN_PERSON, **options: object) -> IntakeForm:
        ops = Operations()
        form = IntakeForm(desk, ops, channel, **options)  # type: ignore[arg-type]
        ops.setParent(form)
        qtbot.addWidget(form)
        made.append(ops)
        return form

    yield make
    for ops in made:  # before the desk fixtures close their databases
        if _alive(ops):
            ops.shutdown()


@pytest.fixture
def shown_form(qtbot: QtBot, offline_desk: Desk, make_form: FormFactory) -> IntakeForm:
    """An in-person form on a desk with no centre, shown at the size the window gives it and
    active (keys go to it)."""
    widget = make_form(offline_desk)
    widget.resize(1146, 720)
    with qtbot.waitActive(widget):
        widget.show()
    return widget


def line_edit(form: IntakeForm, key: str) -> QLineEdit:
    """The one-line editor of field ``key``."""
    editor = form.editor(key)
    assert isinstance(editor, QLineEdit)
    return editor


def _alive(thing: object) -> bool:
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(thing))


def save_form(qtbot: QtBot, form: IntakeForm) -> str:
    """Kaydet, and wait until it is saved: the new station number."""
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
        assert form.save(), form.errors()
    return str(saved.args[0])


def show_page(qtbot: QtBot, window: MainWindow, item: NavigationItem) -> None:
    """Show a page of the window once its data has been read (as the clerk sees it)."""
    window.show_page(item)
    window.live(item).reload()
    settle(qtbot, window)


def attach(qtbot: QtBot, form: IntakeForm, files: list[tuple[str, bytes]]) -> list[str]:
    """Attach ``files`` to the form and wait until it is done: the refusals shown."""
    with qtbot.waitSignal(form.attachments.changed, timeout=WAIT_MS):
        assert form.attach_files(files)
    return form.attachments.refusals()


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window's operations are done: what was asked has been written, and
    the pages it concerned have read the result."""
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=WAIT_MS)


def sync_window(qtbot: QtBot, window: MainWindow) -> object:
    """F5, and wait until the sync is done and the pages on screen show its result: the
    ``SyncResult`` (or the exception)."""
    outcomes: list[object] = []
    window.sync.finished.connect(outcomes.append)
    with qtbot.waitSignal(window.sync.finished, timeout=WAIT_MS):
        assert window.sync.sync_now(force=True)
    window.sync.finished.disconnect(outcomes.append)
    settle(qtbot, window)
    return outcomes[0]
