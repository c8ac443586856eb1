"""What every benchmark here needs: the repo on the path, a desk, a durable baseline, p50/p95.

Run a benchmark as ``python bench/NAME.py``: its folder is then first on ``sys.path`` and
``import _common`` finds this file.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings

CLOSED_PORT = "http://127.0.0.1:9"  # no centre: the benchmark measures the desk alone


def bench_desk(data_dir: Path, central_url: str = CLOSED_PORT) -> Desk:
    settings = load_settings(data_dir).with_overrides(central_url=central_url)
    return Desk(DeskConfig(data_dir=data_dir, settings=settings, user="bench"))


def durable_sqlite(path: Path) -> sqlite3.Connection:
    """A bare connection with the desk's durability settings (WAL, synchronous=FULL)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def print_latency_ratio(baseline_name: str, baseline: list[float], measured_name: str,
                        measured: list[float]) -> None:
    b50, b95 = percentiles(baseline)
    m50, m95 = percentiles(measured)
    width = max(len(baseline_name), len(measured_name))
    print(f"{baseline_name:<{width}}: p50 {b50 * 1e3:.2f} ms  p95 {b95 * 1e3:.2f} ms")
    print(f"{measured_name:<{width}}: p50 {m50 * 1e3:.2f} ms  p95 {m95 * 1e3:.2f} ms")
    print(f"ratio: p50 {m50 / b50:.1f}x  p95 {m95 / b95:.1f}x  (n={len(measured)})")
