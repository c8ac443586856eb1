"""The forward dialog on a 1024×640 screen in English: the list of chosen units shows its
headers whole and does not scroll sideways, and every button lies within the dialog (found
in the keyboard walkthrough: "Action / Information" was cut, the list scrolled, and the
English subject names pushed "Add subject" and "Cancel (Esc)" past the screen's edge)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Urgency
from models.i18n import use_language
from models.reference import SubjectCatalog
from ui.forwarding import CasePreview, ForwardDialog


@pytest.fixture
def english() -> Iterator[None]:
    use_language("en")
    yield
    use_language("tr")


def test_the_chosen_units_fit_a_small_screen_in_english(
        qtbot: QtBot, offline_desk: Desk, english: None) -> None:
    reference = offline_desk.reference
    preview = CasePreview("New application", (), "Text", "02", "02.02", Urgency.NORMAL,
                          do_not_send_allowed=True)
    dialog = ForwardDialog(reference.institution_index, reference.subjects,
                           reference.subject_codes, preview)
    qtbot.addWidget(dialog)
    dialog.resize(1008, 600)  # what fit_dialog gives it on a 1024×640 screen
    dialog.show()
    assert dialog.add_unit("30600700")  # Çankaya Belediyesi: a long name
    qtbot.wait(50)
    table = dialog.targets
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    kind = table.cellWidget(0, 1)
    assert isinstance(kind, QComboBox)
    assert header.sectionSize(1) >= kind.sizeHint().width()
    assert not table.horizontalScrollBar().isVisible()
    assert header.length() <= table.viewport().width()

    assert dialog.minimumSizeHint().width() <= 1008
    assert dialog.width() == 1008
    whole = dialog.rect()
    for button in dialog.findChildren(QPushButton):
        place = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert whole.contains(place), button.text()
    for chooser in (dialog.subject, dialog.sub_subject):  # the open list: names whole
        assert chooser.view().minimumWidth() >= chooser.view().sizeHintForColumn(0)
    dialog.close()


def test_a_long_subject_name_does_not_widen_the_dialog(
        qtbot: QtBot, offline_desk: Desk, english: None) -> None:
    """The choosers share their row whatever the names' length (the English ones are longer
    than the Turkish; a catalogue may hold longer still)."""
    long_name = "Street cleaning, refuse collection and recycling of household waste " * 2
    subjects = SubjectCatalog.from_json({"version": "1", "subjects": [
        {"code": "02", "name": "Belediye hizmetleri", "names": {"en": long_name},
         "sub_subjects": [{"code": "02.02", "name": "Çöp", "names": {"en": long_name}}]}]})
    reference = offline_desk.reference
    preview = CasePreview("New application", (), "Text", "02", "02.02", Urgency.NORMAL,
                          do_not_send_allowed=True)
    dialog = ForwardDialog(reference.institution_index, subjects, {"02": frozenset({"02.02"})},
                           preview)
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().width() <= 1008
    assert long_name.strip() in dialog.subject.itemText(0)  # the name itself is whole
    dialog.close()
