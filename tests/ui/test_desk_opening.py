"""The desk opens behind a start window that keeps painting; a desk from before encryption
at rest is told to be encrypted, with how far it is; errors reach the caller as a direct
start's would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from bimer_desktop.app import DATABASE_FILE_NAME, DeskConfig
from bimer_desktop.settings import load_settings
from models.database import is_plain_database
from models.i18n import use_language
from services.desk_identity import DeskStartError
from services.desk_start import awaits_encryption, encryption_percent, plain_size
from tests.bimer_desktop.test_upgrade import make_first_version_desk
from ui.desk_opening import encrypting_text, open_desk
from ui.start_window import StartWindow

CLOSED = "http://127.0.0.1:9"


def config_for(data_dir: Path) -> DeskConfig:
    settings = load_settings(data_dir).with_overrides(central_url=CLOSED)
    return DeskConfig(data_dir=data_dir, settings=settings, user="memur1")


def shown_texts(qtbot: QtBot, window: StartWindow) -> tuple[QTimer, list[str]]:
    """What the window's line says, read every 5 ms by the event loop: only a loop that
    turns while the desk opens collects anything."""
    texts: list[str] = []
    label = window.findChild(QLabel, "startWindowOpening")
    assert label is not None
    timer = QTimer()
    timer.timeout.connect(lambda: texts.append(label.text()))
    timer.start(5)
    return timer, texts


def test_a_plain_desk_is_encrypted_while_the_start_window_keeps_painting(
        qtbot: QtBot, tmp_path: Path) -> None:
    database = make_first_version_desk(tmp_path / "desk")
    window = StartWindow()
    qtbot.addWidget(window)
    window.show()
    timer, texts = shown_texts(qtbot, window)

    desk = open_desk(config_for(tmp_path / "desk"), window)
    timer.stop()
    try:
        assert not is_plain_database(database)
        assert len(desk.queries.list_applications()) == 2  # the older desk's, whole
    finally:
        desk.close()
    assert texts, "the event loop did not turn while the desk was encrypted"
    assert any("Veriler bu bilgisayarda şifreleniyor" in text for text in texts)
    assert any("bilgisayarı kapatmayın" in text for text in texts)


def test_an_encrypted_desk_opens_behind_a_live_window_that_says_nothing_of_encryption(
        qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    open_desk(config_for(data_dir), None).close()  # a new desk: encrypted from the start
    window = StartWindow()
    qtbot.addWidget(window)
    window.show()
    timer, texts = shown_texts(qtbot, window)
    desk = open_desk(config_for(data_dir), window)
    timer.stop()
    desk.close()
    assert texts, "the event loop did not turn while the desk opened"
    assert all("Açılıyor" in text for text in texts)


def test_a_desk_that_cannot_be_encrypted_stops_as_a_direct_start_would(
        qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    database = data_dir / DATABASE_FILE_NAME
    database.write_bytes(b"SQLite format 3\0" + b"\x5a" * 8000)  # a plain file, damaged
    window = StartWindow()
    qtbot.addWidget(window)
    with pytest.raises(DeskStartError):
        open_desk(config_for(data_dir), window)
    assert is_plain_database(database)  # left as it was


def test_the_progress_is_the_encrypted_copy_against_the_plain_file(tmp_path: Path) -> None:
    database = tmp_path / DATABASE_FILE_NAME
    database.write_bytes(b"SQLite format 3\0" + b"\0" * 984)  # 1,000 bytes, plain
    size = plain_size(database)
    assert size == 1000 and awaits_encryption(database)
    assert encryption_percent(database, size) == 0
    copy = database.with_name(database.name + ".encrypting")
    copy.write_bytes(b"x" * 450)
    assert encryption_percent(database, size) == 45
    copy.write_bytes(b"x" * 1200)
    assert encryption_percent(database, size) == 99  # done copying, still being verified
    assert "%45." in encrypting_text(45)
    use_language("en")
    try:
        assert "45%" in encrypting_text(45)
    finally:
        use_language("tr")
