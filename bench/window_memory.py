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

from bare_window import BARE_WINDOW

# Only the standard library here: a child's peak resident set (ru_maxrss) starts at the
# high-water mark of the process it was forked from, so the measuring parent must stay
# small. It filled the desk itself before, and with 200,000 rows both children "peaked" at
# the parent's size: the ratio read 1.00x. The desk is filled in a process of its own.
FILL = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from _common import bench_desk, fill_applications
from startup import prepared_data_dir
data_dir = prepared_data_dir(Path(sys.argv[2]))
desk = bench_desk(data_dir)
try:
    fill_applications(desk, int(sys.argv[3]))
finally:
    desk.close()
print(data_dir)
"""
BENCH = Path(__file__).resolve().parent


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
        filled = subprocess.run([sys.executable, "-c", FILL, str(BENCH), tmp, str(rows)],
                                capture_output=True, text=True, check=True, env=env)
        data_dir = filled.stdout.strip().splitlines()[-1]
        bare = peak_kib([sys.executable, "-c", BARE_WINDOW], env)
        window = peak_kib([sys.executable, "-m", "bimer_desktop", "--data-dir", data_dir],
                          env)
    print(f"baseline bare PySide6 window: peak {bare / 1024:.0f} MiB")
    print(f"bimer-desktop, {rows:,} applications: peak {window / 1024:.0f} MiB")
    print(f"ratio: {window / bare:.2f}x")


if __name__ == "__main__":
    main()
