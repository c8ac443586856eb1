"""Cold start to a usable window, against a bare PySide6 window, each a fresh process.

Baseline, measured in the same run: a fresh ``python`` that imports PySide6, makes a
QApplication and a QMainWindow, shows it and quits at the first turn of the event loop.
Measured: a fresh ``bimer-desktop`` (the real command) with ``BIMER_STARTUP_PROBE=1``: it
prints "window shown" once its first window (the start window, ``ui/start_window.py``) is
painted, and "window ready" at the first loop turn after the main window — desk opened,
every page built, usable — is shown, then quits. Both are reported against the baseline.
Both run byte-compiled (``__pycache__`` written by a warm-up run, as an installed desk has it)
and on the offscreen platform (no display needed) unless
``QT_QPA_PLATFORM`` is set; the two take turns, so a busy machine slows both alike. The desk
has its settings already (no first-run wizard) and no central address: a training desk, whose
clerk needs no login, so the main window is the first screen (the training centre starts only
after the window). A desk on a real centre shows its login (or, not yet enrolled, its
enrollment) first; that is reported as "window ready" too.
Prints p50/p95 and the ratio (target: p50 ≤ 1.3x).

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

from _common import print_latency_ratio
from bare_window import BARE_WINDOW

from bimer_desktop.settings import load_settings, save_settings


def timed(command: list[str], env: dict[str, str], lines: tuple[str, ...]) -> list[float]:
    """Seconds from starting ``command`` to each of its ``lines``, in order."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    elapsed: list[float] = []
    for line in process.stdout:
        if len(elapsed) < len(lines) and line.strip() == lines[len(elapsed)]:
            elapsed.append(time.perf_counter() - start)
    process.wait()
    if len(elapsed) < len(lines):
        raise SystemExit(f"no {lines[len(elapsed)]!r} from {command} "
                         f"(exit {process.returncode})")
    return elapsed


def prepared_data_dir(root: Path) -> Path:
    data_dir = root / "desk"
    data_dir.mkdir()
    settings = load_settings(data_dir).with_overrides(central_url="", station_code="06-01")
    save_settings(data_dir, settings)
    return data_dir


def measure(n: int) -> tuple[list[float], list[float], list[float]]:
    """The bare window's times, the desk's first window's, its usable window's."""
    env = dict(os.environ, BIMER_STARTUP_PROBE="1")
    # Byte-compiled, as an installed desk (pip compiles at install, the bundle ships .pyc):
    # the warm-up run writes what a checkout lacks. With PYTHONDONTWRITEBYTECODE (set in some
    # shells) every run would compile the desk's modules again, ≈ 25 ms the baseline (whose
    # PySide6 is compiled at install) never pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    desk_command = [sys.executable, "-m", "bimer_desktop"]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = prepared_data_dir(Path(tmp))
        desk_command += ["--data-dir", str(data_dir)]
        bare_command = [sys.executable, "-c", BARE_WINDOW]
        bare_lines = ("window shown",)
        desk_lines = ("window shown", "window ready")
        timed(bare_command, env, bare_lines)  # warm: the files in the page cache for both
        timed(desk_command, env, desk_lines)
        base: list[float] = []
        shown: list[float] = []
        ready: list[float] = []
        for _ in range(n):
            base += timed(bare_command, env, bare_lines)
            first, usable = timed(desk_command, env, desk_lines)
            shown.append(first)
            ready.append(usable)
    return base, shown, ready


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=15)
    args = parser.parse_args()
    base, shown, ready = measure(args.n)
    print_latency_ratio("baseline bare PySide6 window (fresh process)", base,
                        "bimer-desktop to its first window", shown)
    print_latency_ratio("baseline bare PySide6 window (fresh process)", base,
                        "bimer-desktop to its usable main window", ready)


if __name__ == "__main__":
    main()
