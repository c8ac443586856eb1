"""What an autosave of a draft costs over the bare minimum of one durable SQLite write.

Autosave runs every few seconds (on the window's writer lane, one write at a time, so a slow
one delays the next save behind it): it must stay far below a frame's worth of time.
Baseline, measured in the same run on the same disk: a raw sqlite3 upsert of
one row holding the same JSON, in its own transaction, with WAL + synchronous=FULL (what any
durable save must pay). Measured: ``DraftService.save`` updating one draft in place —
JSON encoding of the form, the ownership check and the update, through SQLAlchemy.

    python bench/draft_autosave.py [--n 500]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import bench_desk, durable_sqlite, print_latency_ratio

from models.application_form import ApplicationForm
from models.samples import in_person_sample
from services.drafts import form_to_json

TEXT = "Sokağımızdaki çöpler üç gündür toplanmıyor, çocuklar hasta oluyor. " * 30  # ≈2000 chars


def form(version: int) -> ApplicationForm:
    # Each autosave carries a slightly different text, as typing produces.
    return in_person_sample(channel="letter", text=f"{TEXT}{version}")



def baseline(path: Path, n: int) -> list[float]:
    connection = durable_sqlite(path)
    connection.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, body TEXT, updated TEXT)")
    bodies = [form_to_json(form(i)) for i in range(n)]
    samples = []
    for i in range(n):
        start = time.perf_counter()
        connection.execute(
            "INSERT INTO d (id, body, updated) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated = excluded.updated",
            (bodies[i], str(i)),
        )
        samples.append(time.perf_counter() - start)
    connection.close()
    return samples


def autosaves(data_dir: Path, n: int) -> list[float]:
    desk = bench_desk(data_dir)
    # Other clerks' drafts in the table, as on a shared desk.
    for i in range(200):
        desk.drafts.save(f"other{i % 5}", form(i))
    draft_id = desk.drafts.save("bench", form(0))
    forms = [form(i) for i in range(n)]
    samples = []
    for i in range(n):
        start = time.perf_counter()
        desk.drafts.save("bench", forms[i], draft_id)
        samples.append(time.perf_counter() - start)
    desk.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp) / "baseline.db", n)
        measured = autosaves(Path(tmp) / "desk", n)
    print_latency_ratio("baseline raw sqlite3 1-row durable upsert", base,
                        "DraftService.save (update in place)", measured)


if __name__ == "__main__":
    main()
