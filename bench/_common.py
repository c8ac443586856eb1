"""What every benchmark here needs: the repo on the path, a desk, a durable baseline, p50/p95.

Run a benchmark as ``python bench/NAME.py``: its folder is then first on ``sys.path`` and
``import _common`` finds this file.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings

CLOSED_PORT = "http://127.0.0.1:9"  # no centre: the benchmark measures the desk alone


def bench_desk(data_dir: Path, central_url: str = CLOSED_PORT) -> Desk:
    settings = load_settings(data_dir).with_overrides(central_url=central_url)
    return Desk(DeskConfig(data_dir=data_dir, settings=settings, user="bench"))


def desk_sql(desk: Desk) -> Any:
    """A bare connection to the desk's encrypted database (its data key, as the desk has it)."""
    from models.database import connect_sqlite

    return connect_sqlite(desk.config.data_dir / "desk.db",
                          desk.data_keys.load_or_create(), isolation_level=None)


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


def fill_applications(desk: Desk, rows: int) -> None:
    """``rows`` earlier applications (with their outbox items and audit events, all sent) in
    the desk's database, copied in SQL from one saved through the service: the size a busy
    desk reaches in a few years, so that indexes and pages weigh what they will. Numbers of
    the year before, so the station's counter this year is untouched."""
    from models.samples import in_person_sample

    outcome = desk.intake.save(in_person_sample(), "bench")
    assert outcome.ok
    connection = desk_sql(desk)
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(applications)")
                   if row[1] not in ("id", "uuid", "station_number", "central_number",
                                     "reserved_central_number")]
        names = ", ".join(columns)
        connection.execute("BEGIN")
        connection.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            f"INSERT INTO applications (uuid, station_number, central_number, {names}) "
            f"SELECT lower(hex(randomblob(16))), printf('%s-2025-%06d', a.station_code, n.i), "
            f"printf('BMR-2025-%07d', n.i), {', '.join('a.' + c for c in columns)} "
            f"FROM n, (SELECT * FROM applications ORDER BY id LIMIT 1) AS a", (rows,))
        connection.execute(
            "INSERT INTO outbox (application_id, kind, idempotency_key, payload, state, "
            "attempts, created_at, updated_at, acknowledged_at) "
            "SELECT a.id, 'application', a.uuid, o.payload, 'done', 1, a.created_at, "
            "a.created_at, a.created_at FROM applications a, "
            "(SELECT payload FROM outbox ORDER BY id LIMIT 1) o WHERE a.central_number IS NOT NULL")
        connection.execute(
            "INSERT INTO audit_events (at, user, station_code, action, application_id, detail) "
            "SELECT created_at, created_by, station_code, 'application.saved', id, "
            "station_number FROM applications WHERE central_number IS NOT NULL")
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
