"""How much a durable save costs over the bare minimum of SQLite writes.

Baseline, measured in the same run on the same disk: one raw sqlite3 transaction that
inserts three small rows with WAL + synchronous=FULL (what any durable save must pay).
Measured: ``IntakeService.save`` — validation, the station counter, the application,
its outbox item and audit event, through SQLAlchemy. Prints p50/p95 and the ratio.

    python bench/save_application.py [--n 300]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import bench_desk, durable_sqlite, print_latency_ratio

from models.samples import in_person_sample

FORM = in_person_sample(text="Sokağımızdaki çöpler üç gündür toplanmıyor. " * 40)



def baseline(path: Path, n: int) -> list[float]:
    connection = durable_sqlite(path)
    connection.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, body TEXT)")
    body = FORM.text
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        connection.execute("BEGIN")
        for _row in range(3):
            connection.execute("INSERT INTO a (body) VALUES (?)", (body,))
        connection.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    connection.close()
    return samples


def desk_saves(data_dir: Path, n: int) -> list[float]:
    desk = bench_desk(data_dir)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        outcome = desk.intake.save(FORM, "bench")
        samples.append(time.perf_counter() - start)
        assert outcome.ok
    desk.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp) / "baseline.db", n)
        measured = desk_saves(Path(tmp) / "desk", n)
    print_latency_ratio("baseline raw sqlite3 3-row durable tx", base,
                        "IntakeService.save (validate + 4 rows)", measured)


if __name__ == "__main__":
    main()
