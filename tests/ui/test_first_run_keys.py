"""İlk kurulum with the keyboard: Enter always goes forward, Esc asks before leaving and
says nothing was saved, the welcome text is whole, and a one-run --language stays out of
settings.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from bimer_desktop.cli import main
from bimer_desktop.logging_setup import remove_handlers
from bimer_desktop.settings import default_settings
from models.i18n import use_language
from ui.first_run import TEXT, FirstRunWizard
from ui.main_window import MainWindow

WAIT_MS = 5000


@pytest.fixture
def wizard(qtbot: QtBot, tmp_path: Path) -> Iterator[FirstRunWizard]:
    made = FirstRunWizard(tmp_path / "masa", default_settings(),
                          config_dir=tmp_path / "config", printers=lambda: [])
    qtbot.addWidget(made)
    with qtbot.waitActive(made):
        made.show()
    yield made
    made.central_page.stop()


def _default(wizard: FirstRunWizard) -> QPushButton | None:
    found = [b for b in wizard.findChildren(QPushButton) if b.isDefault() and b.isVisible()]
    return found[0] if len(found) == 1 else None


def test_enter_goes_forward_even_after_the_connection_test(
        qtbot: QtBot, wizard: FirstRunWizard) -> None:
    page = wizard.central_page
    assert wizard.currentPage() is page  # step 1: the central service and the enrollment
    page.production_choice.setChecked(True)  # a central address: the test button is on
    page.url.set_value("https://127.0.0.1:9")
    page.test_button.click()  # a clicked button used to become the default
    qtbot.waitUntil(lambda: not page.checking, timeout=15_000)
    assert _default(wizard) is wizard.button(QWizard.WizardButton.NextButton)
    page.training_choice.setChecked(True)  # no enrollment needed: step 1 may be left
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.folders_page  # forward, not the test again
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.printers_page
    assert _default(wizard) is wizard.button(QWizard.WizardButton.FinishButton)


def test_esc_asks_and_says_nothing_was_saved(qtbot: QtBot, wizard: FirstRunWizard,
                                             tmp_path: Path) -> None:
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    question = wizard.findChild(QMessageBox, "leaveSetupQuestion")
    assert question is not None and question.isVisible()
    assert "hiçbir ayar kaydedilmedi" in question.text()
    question.escapeButton().click()  # Vazgeç: the setup goes on
    assert wizard.isVisible() and wizard.result() == 0
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    question = next(q for q in wizard.findChildren(QMessageBox, "leaveSetupQuestion")
                    if q.isVisible())
    leave = next(b for b in question.buttons() if b.text() == TEXT["leave"])
    leave.click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert not (tmp_path / "masa" / "settings.json").exists()


def test_the_welcome_text_is_whole_and_wraps(wizard: FirstRunWizard) -> None:
    words = wizard.central_page.findChild(QLabel, "wizardSubtitle")
    assert words is not None and words.wordWrap()
    assert words.text().endswith("istasyon kodu merkezden gelir.")
    assert words.height() >= words.heightForWidth(words.width())


def test_a_one_run_language_is_not_written_by_the_wizard(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "yeni-masa"
    seen: dict[str, object] = {}

    def drive() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, FirstRunWizard) and widget.isVisible() and not seen:
                seen["wizard"] = widget.windowTitle()
                for _page in range(3):
                    widget.next()
                widget.button(QWizard.WizardButton.FinishButton).click()
            elif isinstance(widget, MainWindow) and widget.isVisible():
                seen["window"] = True
                widget.close()
                poll.stop()

    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(drive)
    poll.start()
    try:
        assert main(["--data-dir", str(data_dir), "--language", "en"]) == 0
    finally:
        poll.stop()
        remove_handlers()
        use_language("tr")
    assert seen["wizard"] == "BİMER Masaüstü — first-run setup" and seen["window"]
    stored = json.loads((data_dir / "settings.json").read_text("utf-8"))
    assert stored["language"] == "tr"  # the default, as the file had no choice
