"""The real window under Xvfb, keyboard only (tools/window_check.py): fits the screen, the
focus ring is seen, Ctrl+E wins in a one-line field, an application typed and saved with
Ctrl+S is in the database, and a letter typed as the guide teaches, saved and forwarded with
Ctrl+Shift+S, is in it too, its receipt's preview opened with Ctrl+P. Skipped, with the
reason, where Xvfb or xdotool is missing (``.ci/run`` installs them on Debian)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.window_check import ROOT, SKIPPED, missing_tools


@pytest.mark.skipif(bool(missing_tools()),
                    reason=f"needs {', '.join(missing_tools())} (apt-get install xvfb xdotool)")
@pytest.mark.parametrize(("size", "language"), [("1024x640", "tr"), ("1366x768", "en")])
def test_the_real_window_takes_an_application_by_keyboard(size: str, language: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tools.window_check", "--size", size, "--lang", language],
        cwd=ROOT, capture_output=True, text=True, timeout=240)
    if done.returncode == SKIPPED:
        pytest.skip(done.stdout.strip())
    assert done.returncode == 0, done.stdout + done.stderr
