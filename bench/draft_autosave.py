"""What an autosave of a draft costs over the bare minimum of one durable SQLite write.

Autosave runs on the GUI thread every few seconds, so it must stay far below a frame's
worth of time. Baseline, measured in the same run on the same disk: a raw sqlite3 upsert of
one row holding the same JSON, in its own transaction, with WAL + synchronous=FULL (what any
durable save must pay). Measured: ``DraftService.save`` updating one draft in place —
JSON encoding of the form, the ownership check and the update, through SQLAlchemy.

    python bench/draft_autosave.py [--n 500]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings
from models.application_form import ApplicationForm
from services.drafts import form_to_json

TEXT = "Sokağımızdaki çöpler üç gündür toplanmıyor, çocuklar hasta oluyor. " * 30  # ≈2000 chars


def form(version: int) -> ApplicationForm:
    # Each autosave carries a slightly different text, as typing produces.
    return ApplicationForm(
        channel="letter", first_name="Ayşe", last_name="Yılmaz",
        address="Atatürk Bulvarı No: 1 Çankaya / Ankara", application_type="complaint",
        subject_code="02", sub_subject_code="02.02", text=f"{TEXT}{version}",
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def baseline(path: Path, n: int) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
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
    settings = load_settings(data_dir).with_overrides(central_url="http://127.0.0.1:9")
    desk = Desk(DeskConfig(data_dir=data_dir, settings=settings, user="bench"))
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
    b50, b95 = percentiles(base)
    m50, m95 = percentiles(measured)
    print(f"baseline raw sqlite3 1-row durable upsert: p50 {b50 * 1e3:.2f} ms  "
          f"p95 {b95 * 1e3:.2f} ms")
    print(f"DraftService.save (update in place):     p50 {m50 * 1e3:.2f} ms  "
          f"p95 {m95 * 1e3:.2f} ms")
    print(f"ratio save/baseline: p50 {m50 / b50:.1f}x  p95 {m95 / b95:.1f}x  (n={n})")


if __name__ == "__main__":
    main()
