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
from models.roles import Role
from models.samples import in_person_sample
from services.auth import LoginStatus
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, enrollment_code, register

RAW_STATION = "34-01"
RAW_CLERK = "bench-raw"
FORM = in_person_sample(text="Sokağımızdaki çöpler üç gündür toplanmıyor. " * 10)


def raw_posts(server: CentralServer, n: int) -> float:
    """The baseline: an enrolled desk's credentials and a logged-in clerk, as the desk has."""
    url = server.url
    valid = validate_application(FORM).application
    assert valid is not None
    payload = valid.to_payload()
    session = requests.Session()
    session.headers.update(register(server, RAW_STATION, RAW_CLERK))
    start = time.perf_counter()
    for sequence in range(1, n + 1):
        key = str(uuid.uuid4())
        body = {"uuid": key, "station_number": f"{RAW_STATION}-2026-{sequence:06d}",
                "station_code": RAW_STATION, "created_at": "2026-11-28T10:00:00+03:00",
                "created_by": RAW_CLERK, "application": payload}
        response = session.post(f"{url}/api/v1/applications", json=body,
                                headers={"Idempotency-Key": key}, timeout=30)
        assert response.status_code == 201, response.text
    elapsed = time.perf_counter() - start
    session.close()
    return n / elapsed


def drain(server: CentralServer, data_dir: Path, n: int) -> float:
    url = server.url
    with bench_desk(data_dir, url) as desk:
        enrolled = desk.enroll(url, enrollment_code(server, "06-01"))
        assert not isinstance(enrolled, str), enrolled
        tckn = server.accounts.ensure_user("bench", "bench", TEST_UNIT, frozenset({Role.CLERK}),
                                           TEST_PASSWORD)
        assert desk.auth.login(tckn, TEST_PASSWORD).status is LoginStatus.OK
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
        raw = raw_posts(server, n)
        drained = drain(server, Path(tmp) / "desk", n)
    print(f"raw POSTs, one requests.Session: {raw:8.1f} applications/s (n={n})")
    print(f"outbox drain (SyncService):      {drained:8.1f} applications/s (n={n})")
    print(f"ratio drain/raw: {drained / raw:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
