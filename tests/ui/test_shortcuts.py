"""Every shortcut of the guide works wherever the cursor is.

Each documented key of the window and the form is pressed with the keyboard focus in each
kind of field — a one-line field, a letter box, a date, a choice list, a check box, the
text box, a table — and in a field that keeps every Ctrl key for itself, as a one-line field
does on Linux with Ctrl+E ("end of line"): the offscreen platform here uses the Windows key
bindings, so that field stands in for the X11 one (the real window under Xvfb,
``tools/window_check.py``, presses Ctrl+E in a real one-line field). Each time the test
checks that the key's action ran — the dialog it opens, the refusal it shows, the page it
goes to — not merely that a shortcut fired.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Channel
from models.samples import in_person_sample, letter_sample
from tests.ui.conftest import WAIT_MS, WindowFactory, save_form, settle
from tools.shortcut_table import GUIDE, with_table
from ui.attachments import AttachmentsDialog
from ui.intake import IntakeForm
from ui.intake.attachments_section import NO_HOT_FOLDER
from ui.main_window import MainWindow
from ui.navigation import INTAKE_PAGES, NavigationItem
from ui.shortcuts import Command, Scope, guide_table, winning_keys


class GreedyField(QLineEdit):
    """A field that claims every Ctrl and function key before any shortcut sees it (what a
    one-line field does with Ctrl+E, Ctrl+U on Linux)."""

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and (event.modifiers() & Qt.KeyboardModifier.ControlModifier
                     or Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35)):
            event.accept()
            return True
        return super().event(event)


Target = Callable[[MainWindow, IntakeForm], QWidget]

FIELD_KINDS: dict[str, tuple[Channel, Target]] = {
    "line edit": (Channel.IN_PERSON, lambda _w, form: form.editor("first_name")),
    "letter box": (Channel.IN_PERSON, lambda _w, form: form.editor("mother_maiden_first")),
    "date": (Channel.LETTER, lambda _w, form: form.editor("paper_date")),
    "choice list": (Channel.IN_PERSON, lambda _w, form: form.editor("application_type")),
    "check box": (Channel.IN_PERSON, lambda _w, form: form.editor("email_preference")),
    "text box": (Channel.IN_PERSON, lambda _w, form: form.editor("text")),
    "table": (Channel.IN_PERSON, lambda window, _f: window.history.table),
    "field keeping every Ctrl key": (Channel.IN_PERSON,
                                lambda _w, form: form.findChild(GreedyField, "greedy")),
}


class Keys:
    """Presses a shortcut with the focus in one widget, as the keyboard does."""

    def __init__(self, qtbot: QtBot, window: MainWindow, channel: Channel,
                 target: Target) -> None:
        self.qtbot = qtbot
        self.window = window
        self.channel = channel
        self._target = target

    @property
    def form(self) -> IntakeForm:
        return self.window.forms[self.channel]

    def focus(self) -> QWidget:
        if not self.window.isActiveWindow():  # a dialog just closed
            self.window.activateWindow()
            self.qtbot.waitUntil(self.window.isActiveWindow, timeout=WAIT_MS)
        self.window.show_page(INTAKE_PAGES[self.channel])
        widget = self._target(self.window, self.form)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)
        return widget

    def press(self, command: Command, index: int = 0) -> None:
        widget = self.focus()
        combination = command.sequences[index][0]
        self.qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def _close(widget: QWidget | None) -> None:
    assert widget is not None
    widget.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _visible(window: MainWindow, kind: type[QWidget], name: str = "") -> QWidget | None:
    found = [w for w in window.findChildren(kind) if w.isVisible()
             and (not name or w.objectName() == name)]
    return found[0] if found else None


@pytest.fixture
def window(make_window: WindowFactory, offline_desk: Desk) -> Iterator[MainWindow]:
    window = make_window(offline_desk)
    greedy = GreedyField(window.form.attachments)
    greedy.setObjectName("greedy")
    greedy.show()
    yield window


@pytest.mark.parametrize("kind", list(FIELD_KINDS))
def test_every_shortcut_runs_from_every_kind_of_field(qtbot: QtBot, window: MainWindow,
                                                      kind: str) -> None:
    channel, target = FIELD_KINDS[kind]
    keys = Keys(qtbot, window, channel, target)
    form = keys.form
    today = window.desk.clock().date()

    # Ctrl+P prints the receipt of what was just saved.
    form.set_form_value(in_person_sample() if channel is Channel.IN_PERSON
                        else letter_sample(today))
    save_form(qtbot, form)
    with qtbot.waitSignal(form.print_requested, timeout=WAIT_MS):
        keys.press(Command.PRINT_RECEIPT)
    qtbot.waitUntil(lambda: window.printing.dialog is not None, timeout=WAIT_MS)
    _close(window.printing.dialog)

    # Ctrl+E opens the attachments' workbench.
    keys.press(Command.ATTACHMENTS)
    qtbot.waitUntil(lambda: _visible(window, AttachmentsDialog) is not None, timeout=WAIT_MS)
    _close(_visible(window, AttachmentsDialog))

    # Ctrl+H takes the scan folder's files; without a scan folder it says so.
    form.attachments.hot_waiting.hide()
    keys.press(Command.HOT_FOLDER)
    assert form.attachments.hot_waiting.isVisible()
    assert form.attachments.hot_waiting.text() == NO_HOT_FOLDER

    # Ctrl+O asks for an e-mail file.
    keys.press(Command.OPEN_EMAIL)
    qtbot.waitUntil(lambda: _visible(window, QFileDialog, "emailFileDialog") is not None,
                    timeout=WAIT_MS)
    _close(_visible(window, QFileDialog, "emailFileDialog"))

    # F5 syncs now (this desk's centre is unreachable: the sync ends, offline).
    with qtbot.waitSignal(window.sync.finished, timeout=WAIT_MS):
        keys.press(Command.SYNC)
    settle(qtbot, window)

    # Ctrl+S and Ctrl+Shift+S save: an empty form is refused at its fields.
    for command in (Command.SAVE, Command.SAVE_AND_FORWARD):
        with qtbot.waitSignal(form.not_saved, timeout=WAIT_MS):
            keys.press(command)
        assert form.errors()

    # Ctrl+N and Esc on a form with something typed ask before clearing it.
    for command in (Command.NEW_APPLICATION, Command.ESCAPE):
        form.field("last_name").set_value("Yılmaz")
        keys.press(command)
        question = _visible(window, QMessageBox, "discardQuestion")
        assert question is not None, command
        _close(question)
        assert form.has_content()  # asked, nothing cleared

    # Ctrl+1 goes to the first page, Bugün.
    keys.press(Command.PAGES, 0)
    assert window.current_page() is NavigationItem.HOME


def test_each_page_key_opens_its_page(qtbot: QtBot, window: MainWindow) -> None:
    keys = Keys(qtbot, window, Channel.IN_PERSON, FIELD_KINDS["line edit"][1])
    pages = list(window._pages)
    assert len(pages) <= len(Command.PAGES.shortcut.keys)
    for index, item in enumerate(pages):
        keys.press(Command.PAGES, index)
        assert window.current_page() is item


def test_a_field_keeps_the_keys_no_shortcut_needs(qtbot: QtBot, window: MainWindow) -> None:
    """The guard refuses a field only the desk's own keys: Ctrl+A still selects the text."""
    field = window.form.editor("first_name")
    assert isinstance(field, QLineEdit)
    field.setText("Ayşe")
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=WAIT_MS)
    assert QKeySequence("Ctrl+A")[0].toCombined() not in winning_keys()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert field.selectedText() == "Ayşe"


def test_the_guides_table_is_the_list_of_shortcuts() -> None:
    guide = GUIDE.read_text("utf-8")
    assert with_table(guide, guide_table()) == guide, (
        "docs/kullanici-kilavuzu.md: run python -m tools.shortcut_table")


def test_every_key_has_one_meaning_where_it_works() -> None:
    """Two commands on one key in one place would be ambiguous: Qt then runs neither."""
    seen: dict[tuple[Scope, str], Command] = {}
    for command in Command:
        shortcut = command.shortcut
        for keys in shortcut.keys:
            place = (shortcut.scope, QKeySequence(keys).toString())
            assert place not in seen, f"{keys}: {seen[place].name} and {command.name}"
            seen[place] = command
    # The form's keys and the window's share one window: no key in both.
    window_keys = {k for (scope, k) in seen if scope is Scope.WINDOW}
    form_keys = {k for (scope, k) in seen if scope in (Scope.FORM, Scope.FIELD)}
    assert window_keys.isdisjoint(form_keys)
