"""The start-up path: the start window is painted before the desk is opened — and before the
command line's module and the settings' declarations are loaded (``bimer_desktop/launch.py``)
— then the main window replaces it; the headless commands still know every document kind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bimer_desktop.cli import PRINT_DOCUMENTS
from bimer_desktop.launch import plain_window_start
from bimer_desktop.settings import load_settings, save_settings
from services.printouts import DocumentKind


def test_the_start_window_is_shown_before_the_desk_is_opened(tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    save_settings(data_dir, load_settings(data_dir).with_overrides(
        central_url="http://127.0.0.1:9", station_code="06-01"))
    probe = ("import sys, runpy\n"
             "sys.argv = ['bimer-desktop', '--data-dir', sys.argv[1]]\n"
             "import ui.run\n"
             "shown = ui.run.show_start_window\n"
             "def checked():\n"
             "    loaded = sorted(m for m in ('sqlalchemy', 'reportlab', 'alembic', 'requests',\n"
             "                                'bimer_desktop.app', 'bimer_desktop.cli',\n"
             "                                'bimer_desktop.settings', 'babel')\n"
             "                    if m in sys.modules)\n"
             "    print('loaded before the start window:', loaded, flush=True)\n"
             "    return shown()\n"
             "ui.run.show_start_window = checked\n"
             "runpy.run_module('bimer_desktop', run_name='__main__')\n")
    env = dict(os.environ, BIMER_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", probe, str(data_dir)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr
    assert lines == ["loaded before the start window: []", "window shown", "window ready"]


def test_the_print_command_offers_every_document_kind() -> None:
    assert set(PRINT_DOCUMENTS) == {kind.value for kind in DocumentKind}


def test_the_start_window_speaks_the_desks_language(tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    save_settings(data_dir, load_settings(data_dir).with_overrides(
        central_url="http://127.0.0.1:9", station_code="06-01", language="en"))
    probe = ("import os, sys\n"
             "import ui.run\n"
             "shown = ui.run.show_start_window\n"
             "def checked():\n"
             "    from PySide6.QtWidgets import QLabel\n"
             "    window = shown()\n"
             "    label = window.findChild(QLabel, 'startWindowOpening')\n"
             "    print('says:', label.text(), flush=True)\n"
             "    os._exit(0)\n"
             "ui.run.show_start_window = checked\n"
             "from bimer_desktop.launch import main\n"
             "main(['--data-dir', sys.argv[1]])\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", probe, str(data_dir)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ['says: <p align="center">Opening…</p>']


@pytest.mark.parametrize("argv", [[], ["--data-dir", "d"], ["--central", "https://c.example",
                                  "--station", "06-01", "--language", "en", "--verbose"],
                                  ["--user", "ayse", "--data-dir=d"]])
def test_a_plain_start_of_the_window_is_told_apart(argv: list[str]) -> None:
    assert plain_window_start(argv) is not None


@pytest.mark.parametrize("argv", [
    ["sync"], ["--data-dir", "d", "list", "--json"], ["--preview", "list"], ["--self-test"],
    ["--version"], ["-h"], ["--help"], ["--screenshot", "x.png"],
    ["--ver"],  # an abbreviation: the full parser says it is ambiguous
    ["--language", "xx"], ["--data-dir"],  # wrong: the full parser says what is wrong
])
def test_anything_else_goes_to_the_command_line_first(argv: list[str]) -> None:
    assert plain_window_start(argv) is None
