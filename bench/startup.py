"""Cold start to a usable window, against a bare PySide6 window, each a fresh process.

Baseline, measured in the same run: a fresh ``python`` that imports PySide6, makes a
QApplication and a QMainWindow, shows it and quits at the first turn of the event loop.
Measured: a fresh ``bimer-desktop`` (the real command: argument parsing, settings, logging,
the desk, the main window) with ``BIMER_STARTUP_PROBE=1``, which prints "window shown" at the
same point and quits. Both on the offscreen platform (no display needed) unless
``QT_QPA_PLATFORM`` is set; the two take turns, so a busy machine slows both alike. The desk
has its settings already (no first-run wizard) and a central address (the training centre
would start only after the window anyway). Prints p50/p95 and the ratio (target: p50 ≤ 1.3x).

    python bench/startup.py [--n 15]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CLOSED_PORT, print_latency_ratio

from bimer_desktop.settings import load_settings, save_settings

BARE_WINDOW = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.resize(1024, 700)\n"
    "window.show()\n"
    "QTimer.singleShot(0, lambda: (print('window shown', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` to its "window shown" line."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "window shown":
            elapsed = time.perf_counter() - start
            break
    else:
        process.wait()
        raise SystemExit(f"no window from {command[0]} (exit {process.returncode})")
    process.wait()
    return elapsed


def prepared_data_dir(root: Path) -> Path:
    data_dir = root / "desk"
    data_dir.mkdir()
    settings = load_settings(data_dir).with_overrides(central_url=CLOSED_PORT,
                                                      station_code="06-01")
    save_settings(data_dir, settings)
    return data_dir


def measure(n: int) -> tuple[list[float], list[float]]:
    env = dict(os.environ, BIMER_STARTUP_PROBE="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    desk_command = [sys.executable, "-m", "bimer_desktop"]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = prepared_data_dir(Path(tmp))
        desk_command += ["--data-dir", str(data_dir)]
        bare_command = [sys.executable, "-c", BARE_WINDOW]
        timed(bare_command, env)  # warm: the files in the page cache for both
        timed(desk_command, env)
        base: list[float] = []
        measured: list[float] = []
        for _ in range(n):
            base.append(timed(bare_command, env))
            measured.append(timed(desk_command, env))
    return base, measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=15)
    args = parser.parse_args()
    base, measured = measure(args.n)
    print_latency_ratio("baseline bare PySide6 window (fresh process)", base,
                        "bimer-desktop to its window (fresh process)", measured)


if __name__ == "__main__":
    main()
