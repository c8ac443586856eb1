"""The forward dialog by keyboard alone (found in issue 16's walkthrough): Tab goes through
every control once and comes back to the search box — it used to go round the cells of the
chosen units' list for ever, so the subjects, the priority, the do-not-send list and the
buttons were out of reach — and on a chosen unit typing writes its note, as the guide says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Urgency
from models.forwards import ForwardKind
from tests.ui.conftest import type_text
from ui.forwarding import CasePreview, ForwardDialog

WAIT_MS = 5000


@pytest.fixture
def dialog(qtbot: QtBot, offline_desk: Desk) -> Iterator[ForwardDialog]:
    reference = offline_desk.reference
    preview = CasePreview("Yeni başvuru", (), "Metin", "02", "02.02", Urgency.NORMAL,
                          do_not_send_allowed=True)
    shown = ForwardDialog(reference.institution_index, reference.subjects,
                          reference.subject_codes, preview)
    qtbot.addWidget(shown)
    shown.resize(1008, 600)
    with qtbot.waitActive(shown):
        shown.show()
    assert shown.add_unit("30600700") and shown.add_unit("20600001")
    yield shown
    shown.close()


def _tab(qtbot: QtBot) -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    now = QApplication.focusWidget()
    assert now is not None
    return now


def test_tab_reaches_every_control_and_comes_back(qtbot: QtBot,
                                                  dialog: ForwardDialog) -> None:
    search = dialog.picker.search
    search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=WAIT_MS)
    visited: list[QWidget] = []
    while (now := _tab(qtbot)) is not search:
        assert now not in visited, f"Tab went round {type(now).__name__} again"
        visited.append(now)
        assert len(visited) < 40
    wanted = [dialog.picker.tree, dialog.targets, dialog.subject, dialog.sub_subject,
              dialog.subject_list, dialog.priority, dialog.blocked_list, dialog.add_button,
              dialog.forward_button]
    assert [w for w in visited if w in wanted] == wanted
    # The kinds in the list are switched with Space, not tabbed through.
    assert not any(isinstance(w, QComboBox) and w.parent() is dialog.targets.viewport()
                   for w in visited)


def test_on_a_chosen_unit_typing_writes_its_note_and_space_switches_it(
        qtbot: QtBot, dialog: ForwardDialog) -> None:
    dialog.picker.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.picker.tree, timeout=WAIT_MS)
    assert _tab(qtbot) is dialog.targets
    qtbot.keyClick(dialog.targets, Qt.Key.Key_Down)  # the second unit
    qtbot.keyClick(dialog.targets, Qt.Key.Key_Space)
    type_text(dialog.targets, "G")  # the note opens with the key typed
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not dialog.targets
    type_text(editor, "ereği için, acil")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.targets.item(1, 2).text() == "Gereği için, acil",
                    timeout=WAIT_MS)
    targets = dialog.forward().targets
    assert [(t.kind, t.note) for t in targets] == [
        (ForwardKind.ACTION, ""), (ForwardKind.INFORMATION, "Gereği için, acil")]
