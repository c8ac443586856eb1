"""The offer of last session's drafts on a 1024-wide screen (found in issue 16's walkthrough:
its sentence was cut off mid-word beside its buttons): the whole sentence is shown, in
either language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from models.enums import Channel
from models.i18n import use_language
from services.drafts import DraftSummary
from ui.drafts_ui import DraftOfferBar


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_whole_offer_is_shown_beside_its_buttons(qtbot: QtBot, language: str) -> None:
    use_language(language)
    try:
        holder = QWidget()
        qtbot.addWidget(holder)
        holder.resize(804, 120)  # the room beside the navigation at 1024×640
        bar = DraftOfferBar(holder)
        moment = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
        bar.offer([DraftSummary(n, "memur1", Channel.LETTER, "form", "A*** Y****", moment)
                   for n in (3, 2, 1)])
        bar.setFixedWidth(804)
        bar.adjustSize()
        holder.show()
        qtbot.wait(20)
        label = bar.text
        in_one_line = label.fontMetrics().horizontalAdvance(label.text())
        assert in_one_line > label.width()  # too long for one line here
        # So it must wrap, with the height its lines need.
        assert label.wordWrap() and label.height() >= label.heightForWidth(label.width())
    finally:
        use_language("tr")
