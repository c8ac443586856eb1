"""How fast the outbox drains compared with the bare HTTP rate of the same central service.

Baseline, measured in the same run against the same server (central service on loopback,
uvicorn, its own SQLite file): N minimal POSTs of fresh applications from one
``requests.Session``, no desk in between. Measured: ``SyncService.drain_once`` sending N
queued applications (claim → POST → store the answer, each in its own durable transaction).
Prints both rates and the ratio drain/raw (target ≥ 0.5).

    python bench/sync_drain.py [--n 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

import requests
from _common import bench_desk

from bimer_central.server import CentralServer
from models.application_form import validate_application
from models.samples import in_person_sample

FORM = in_person_sample(text="Sokağımızdaki çöpler üç gündür toplanmıyor. " * 10)


def raw_posts(url: str, n: int) -> float:
    valid = validate_application(FORM).application
    assert valid is not None
    payload = valid.to_payload()
    session = requests.Session()
    start = time.perf_counter()
    for sequence in range(1, n + 1):
        key = str(uuid.uuid4())
        body = {"uuid": key, "station_number": f"99-99-2026-{sequence:06d}",
                "station_code": "99-99", "created_at": "2026-11-28T10:00:00+03:00",
                "created_by": "bench", "application": payload}
        response = session.post(f"{url}/api/v1/applications", json=body,
                                headers={"Idempotency-Key": key}, timeout=30)
        assert response.status_code == 201, response.text
    elapsed = time.perf_counter() - start
    session.close()
    return n / elapsed


def drain(url: str, data_dir: Path, n: int) -> float:
    with bench_desk(data_dir, url) as desk:
        for _ in range(n):
            assert desk.intake.save(FORM, "bench").ok
        start = time.perf_counter()
        report = desk.sync.drain_once()
        elapsed = time.perf_counter() - start
        assert (report.sent, report.pending) == (n, 0), report
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp, \
            CentralServer(f"sqlite:///{Path(tmp) / 'central.db'}") as server:
        raw = raw_posts(server.url, n)
        drained = drain(server.url, Path(tmp) / "desk", n)
    print(f"raw POSTs, one requests.Session: {raw:8.1f} applications/s (n={n})")
    print(f"outbox drain (SyncService):      {drained:8.1f} applications/s (n={n})")
    print(f"ratio drain/raw: {drained / raw:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
