"""The desk's log: one rotating file in the data folder, and no personal data in it even
when code logs carelessly."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bimer_desktop.logging_setup import configure_logging, log_file_path, remove_handlers

TCKN, NAME = "38916427054", "Zülfikar Karaosmanoğlu"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    yield configure_logging(tmp_path)
    remove_handlers()


def test_the_log_lives_in_the_data_folder(tmp_path: Path, log_file: Path) -> None:
    assert log_file == log_file_path(tmp_path) == tmp_path / "logs" / "desk.log"
    logging.getLogger("bimer.sync").info("outbox drained: %d sent", 3)
    assert "INFO bimer.sync: outbox drained: 3 sent" in log_file.read_text("utf-8")


def test_a_logged_exception_keeps_its_frames_but_not_its_message(log_file: Path) -> None:
    def careless() -> None:
        raise ValueError(f"geçersiz başvuru: {TCKN} {NAME}")

    try:
        careless()
    except ValueError:
        logging.getLogger("bimer.intake").exception("saving failed")
    log = log_file.read_text("utf-8")
    assert "saving failed" in log and "in careless" in log
    assert "ValueError: (message withheld" in log
    assert TCKN not in log and NAME not in log


def test_an_id_number_in_a_message_is_masked(log_file: Path) -> None:
    logging.getLogger("bimer.ui").warning("looked up %s", TCKN)
    log = log_file.read_text("utf-8")
    assert TCKN not in log and "looked up ***********" in log


def test_configuring_again_moves_the_file_instead_of_doubling_lines(
        tmp_path: Path, log_file: Path) -> None:
    moved = configure_logging(tmp_path / "başka")
    logging.getLogger("bimer.app").warning("once")
    assert moved.read_text("utf-8").count("once") == 1
    assert "once" not in log_file.read_text("utf-8")
