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
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.enums import Channel, Urgency
from models.forwards import ForwardKind
from models.samples import fax_sample, in_person_sample, letter_sample
from tests.ui.conftest import WAIT_MS, WindowFactory, save_form, settle
from tools.shortcut_table import GUIDE, with_table
from ui.attachments import AttachmentsDialog
from ui.forwarding import CasePreview, ForwardDialog
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
    "fax's line edit": (Channel.FAX, lambda _w, form: form.editor("fax_number")),
    "e-mail's line edit": (Channel.EMAIL, lambda _w, form: form.editor("email_subject")),
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


def _sample(channel: Channel, today: date) -> ApplicationForm:
    if channel is Channel.IN_PERSON:
        return in_person_sample()
    if channel is Channel.FAX:
        return fax_sample(today)
    if channel is Channel.EMAIL:
        return replace(letter_sample(today), channel="email",
                       email="hasan.demir@example.com", email_subject="Otobüs seferleri")
    return letter_sample(today)


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
    form.set_form_value(_sample(channel, today))
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


# ----- the forward dialog's own keys (Scope.FORWARD) ------------------------------------------

CANKAYA = "30600700"  # Çankaya Belediyesi
METROPOLITAN = "30600000"  # Ankara Büyükşehir Belediyesi

DialogTarget = Callable[[ForwardDialog], QWidget]

FORWARD_FIELD_KINDS: dict[str, DialogTarget] = {
    "search box": lambda dialog: dialog.picker.search,
    "tree": lambda dialog: dialog.picker.tree,
    "chosen units": lambda dialog: dialog.targets,
    "subject list": lambda dialog: dialog.subject,
    "priority list": lambda dialog: dialog.priority,
    "do-not-send list": lambda dialog: dialog.blocked_list,
    "button": lambda dialog: dialog.add_button,
}


@pytest.fixture
def forward_dialog(qtbot: QtBot, window: MainWindow) -> Iterator[ForwardDialog]:
    """The dialog of a complaint (it offers the do-not-send list), as Kaydet ve Sevk Et
    opens it over the window — whose shortcut guard is installed."""
    reference = window.desk.reference
    preview = CasePreview("Yeni başvuru", (), "Metin", "02", "02.02", Urgency.NORMAL,
                          do_not_send_allowed=True)
    dialog = ForwardDialog(reference.institution_index, reference.subjects,
                           reference.subject_codes, preview, window)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    yield dialog
    dialog.close()


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)


def _press(qtbot: QtBot, widget: QWidget, command: Command, index: int = 0) -> None:
    _focus(qtbot, widget)
    combination = command.sequences[index][0]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def _choose_in_tree(dialog: ForwardDialog, code: str) -> None:
    """The unit the clerk found: current in the tree, the search box emptied again."""
    dialog.picker.search.setText(code)
    assert dialog.picker.current_code() == code
    item = dialog.picker.tree.currentItem()
    dialog.picker.search.blockSignals(True)  # keep the results: the tree stays as found
    dialog.picker.search.clear()
    dialog.picker.search.blockSignals(False)
    dialog.picker.tree.setCurrentItem(item)


def _kind(dialog: ForwardDialog, row: int) -> str:
    combo = dialog.targets.cellWidget(row, 1)
    assert isinstance(combo, QComboBox)
    return str(combo.currentData())


# Space opens a choice list's popup; the offscreen platform cannot raise it or let it grab
# the keyboard, and says so (not the desk's fault).
@pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")
@pytest.mark.parametrize("kind", list(FORWARD_FIELD_KINDS))
def test_every_forward_key_runs_from_every_kind_of_field(
        qtbot: QtBot, forward_dialog: ForwardDialog, kind: str) -> None:
    dialog = forward_dialog
    target = FORWARD_FIELD_KINDS[kind](dialog)

    # Ctrl+F: back to the search box.
    _press(qtbot, target, Command.FORWARD_SEARCH)
    assert QApplication.focusWidget() is dialog.picker.search

    # Ctrl+E: the unit chosen in the tree goes on the list.
    _choose_in_tree(dialog, CANKAYA)
    _press(qtbot, target, Command.FORWARD_ADD)
    assert dialog.target_codes() == [CANKAYA]
    dialog.targets.setCurrentCell(0, 0)

    # Space and Delete act on the chosen units only where that list has the cursor.
    _press(qtbot, target, Command.FORWARD_TOGGLE_KIND)
    toggled = _kind(dialog, 0) == ForwardKind.INFORMATION.value
    if isinstance(target, QComboBox):  # Space kept its own meaning: the list opened
        assert target.view().isVisible()
        target.hidePopup()
    _press(qtbot, target, Command.FORWARD_REMOVE)
    removed = dialog.target_codes() == []
    in_list = target is dialog.targets
    assert (toggled, removed) == (in_list, in_list), (toggled, removed)
    if not removed:
        dialog.targets.setCurrentCell(0, 0)
        _press(qtbot, dialog.targets, Command.FORWARD_REMOVE)
        assert dialog.target_codes() == []

    # Ctrl+G: the unit chosen in the tree on the do-not-send list.
    _choose_in_tree(dialog, METROPOLITAN)
    _press(qtbot, target, Command.FORWARD_DO_NOT_SEND)
    assert dialog.blocked_codes() == [METROPOLITAN]

    # Ctrl+Enter (and Ctrl+Return): adds the unit found and forwards — here refused, with
    # the reason said, since Çankaya lies under the metropolitan municipality.
    for index in range(len(Command.FORWARD_SEND.sequences)):
        dialog.picker.search.setText(CANKAYA)
        dialog.error.clear()
        _press(qtbot, target, Command.FORWARD_SEND, index)
        assert "Ankara Büyükşehir Belediyesi" in dialog.error.text()
        assert dialog.choice is None and dialog.isVisible()
    dialog.blocked_list.setCurrentRow(0)
    dialog.unmark()
    dialog.picker.search.setText(CANKAYA)
    with qtbot.waitSignal(dialog.decided, timeout=WAIT_MS):
        _press(qtbot, target, Command.FORWARD_SEND)
    assert dialog.choice is not None
    assert [t.unit for t in dialog.choice.forward.targets] == [CANKAYA]


def test_every_forward_key_is_bound_in_the_dialog(forward_dialog: ForwardDialog) -> None:
    """Nothing of the dialog's own keys lives outside the list (the guide shows them)."""
    bound = {shortcut.objectName() for shortcut in forward_dialog.findChildren(QShortcut)}
    wanted = {f"shortcut_{command.name.lower()}" for command in Command
              if command.shortcut.scope is Scope.FORWARD and command.shortcut.bound}
    assert wanted <= bound
    assert all(name.startswith("shortcut_") for name in bound)
