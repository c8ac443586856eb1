"""The window of a desk that must not start shows why in a dialog, not a traceback and not an
empty desk (issue 18, items 3 and 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from bimer_desktop.cli import main
from bimer_desktop.settings import load_settings, save_settings
from tests.bimer_desktop.test_lost_database import CLOSED, save


def test_a_deleted_database_is_shown_in_a_dialog(qtbot: QtBot, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = tmp_path / "desk"
    save_settings(desk_dir, load_settings(desk_dir))
    save(desk_dir, 1)
    (desk_dir / "desk.db").unlink()
    shown: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        shown.append(box.text())
        box.grab().save(str(tmp_path / "refused.png"))
        box.accept()

    QTimer.singleShot(50, answer)
    code = main(["--data-dir", str(desk_dir), "--central", CLOSED])

    assert code == 1
    assert shown and "Veritabanı dosyası bulunamadı" in shown[0]
    assert "bimer-desktop restore" in shown[0]
    assert "Traceback" not in capsys.readouterr().err
    assert not (desk_dir / "desk.db").exists()
