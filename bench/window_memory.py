"""Peak memory of the desk's window over a desk database of ``--rows`` applications, against
a bare PySide6 window; each a fresh process, its peak resident set read by ``wait4``.

Measured: ``bimer-desktop`` started by bench/startup.py's probe (quits at the first loop
turn after the main window is shown: pages built, first reads asked for, not necessarily
answered) on a
data folder holding ``--rows`` applications with their outbox items and audit events.
Baseline: the bare window of bench/startup.py. Prints both peaks and the ratio.

    python bench/window_memory.py [--rows 200000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import bench_desk, fill_applications
from startup import BARE_WINDOW, prepared_data_dir


def peak_kib(command: list[str], env: dict[str, str]) -> int:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed (exit {process.returncode})")
    return int(usage.ru_maxrss)  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    rows = parser.parse_args().rows
    env = dict(os.environ, BIMER_STARTUP_PROBE="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = prepared_data_dir(Path(tmp))
        desk = bench_desk(data_dir)
        try:
            fill_applications(desk, rows)
        finally:
            desk.close()
        bare = peak_kib([sys.executable, "-c", BARE_WINDOW], env)
        window = peak_kib([sys.executable, "-m", "bimer_desktop", "--data-dir",
                           str(data_dir)], env)
    print(f"baseline bare PySide6 window: peak {bare / 1024:.0f} MiB")
    print(f"bimer-desktop, {rows:,} applications: peak {window / 1024:.0f} MiB")
    print(f"ratio: {window / bare:.2f}x")


if __name__ == "__main__":
    main()
