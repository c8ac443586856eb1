"""The start-up path: the start window is painted before the desk is opened, then the main
window replaces it; the headless commands still know every document kind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bimer_desktop.cli import PRINT_DOCUMENTS
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
             "                                'bimer_desktop.app') if m in sys.modules)\n"
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
