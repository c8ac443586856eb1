"""The short seeded series of bench/chaos.py (CI): sync under a killed desk, a killed or
restarted central service — every application and file exactly once at the centre,
byte-identical, and done on the desk. ``python bench/chaos.py --trials 1000`` is the long one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_short_seeded_chaos_series_loses_and_duplicates_nothing() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "chaos.py"), "--trials", "3",
                           "--seed", "17"], capture_output=True, text=True, timeout=600,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 trials (seed 17)" in done.stdout
    assert ": 0 with something lost, duplicated or not done" in done.stdout
