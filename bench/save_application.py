"""How much a durable save costs over the bare minimum of SQLite writes, at 100,000 rows.

Baseline, measured in the same run on the same disk: one raw sqlite3 transaction that
inserts three small rows with WAL + synchronous=FULL (what any durable save must pay), into
a table already holding ``--rows`` rows. Measured: ``IntakeService.save`` — validation, the
station counter, the application, its reserved number, outbox item and audit event — into a
desk database already holding ``--rows`` applications with their outbox items and audit
events. The two take turns, so a busy machine slows both alike. Prints p50/p95 and the ratio
(target: p50 ≤ 3x).

    python bench/save_application.py [--n 300] [--rows 100000]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from _common import bench_desk, durable_sqlite, fill_applications, print_latency_ratio

from models.samples import in_person_sample

FORM = in_person_sample(text="Sokağımızdaki çöpler üç gündür toplanmıyor. " * 40)


def baseline_table(path: Path, rows: int) -> sqlite3.Connection:
    connection = durable_sqlite(path)
    connection.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO a (body) VALUES (?)", ((FORM.text,) for _ in range(rows)))
    connection.execute("COMMIT")
    return connection


def baseline_save(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN")
    for _row in range(3):
        connection.execute("INSERT INTO a (body) VALUES (?)", (FORM.text,))
    connection.execute("COMMIT")


def measure(n: int, rows: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        connection = baseline_table(Path(tmp) / "baseline.db", rows)
        desk = bench_desk(Path(tmp) / "desk")
        try:
            fill_applications(desk, rows)
            for _ in range(10):  # warm: statements compiled, pages cached
                baseline_save(connection)
                assert desk.intake.save(FORM, "bench").ok
            base: list[float] = []
            measured: list[float] = []
            for _ in range(n):
                start = time.perf_counter()
                baseline_save(connection)
                base.append(time.perf_counter() - start)
                start = time.perf_counter()
                outcome = desk.intake.save(FORM, "bench")
                measured.append(time.perf_counter() - start)
                assert outcome.ok
        finally:
            desk.close()
            connection.close()
    return base, measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    base, measured = measure(args.n, args.rows)
    print_latency_ratio(f"baseline raw sqlite3 3-row durable tx ({args.rows:,} rows)", base,
                        f"IntakeService.save ({args.rows:,} applications)", measured)


if __name__ == "__main__":
    main()
