"""The forward dialog on a 1024×640 screen in English: the list of chosen units shows its
headers whole and does not scroll sideways (found in the keyboard walkthrough: "Action /
Information" was cut and the list scrolled)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Urgency
from models.i18n import use_language
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
    dialog.close()
