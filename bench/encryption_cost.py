"""What encryption at rest costs: the same desk code on the same data, plain and encrypted.

One desk (its database encrypted by SQLCipher, as every desk now is) is filled with
``--rows`` applications; its database is then exported decrypted into a plain file beside
it, so both hold the very same rows and indexes. The same services are built on each
(``IntakeService``, ``CaseSearch``; ``BlobStore`` with and without its cipher) and take
turns, so a busy machine slows both alike:

- save: ``IntakeService.save`` of an in-person application (one durable transaction);
- list: the first page of the station's list and its count (what Başvurularım shows);
- filter: the T.C. Kimlik No filter's page and count;
- blob: storing a new 1 MB scan durably, then reading it back verified.

Prints p50/p95 of each and the ratio encrypted / plain (the cost of encryption).

    python bench/encryption_cost.py [--rows 100000] [--n 200]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import bench_desk, desk_sql, fill_applications, print_latency_ratio

from models.database import open_database
from models.identity_access import Viewer
from models.samples import VALID_TCKN, in_person_sample
from services.blob_store import BlobStore
from services.case_search import CaseFilter, CaseSearch, Query
from services.forwards import ForwardService
from services.intake import IntakeService

FORM = in_person_sample(text="Sokağımızdaki çöpler üç gündür toplanmıyor. " * 40)
SCAN_BYTES = 1024 * 1024


def export_plain(desk_db: Path, key: bytes, plain: Path) -> None:
    """The encrypted database's rows and schema in a plain SQLite file (SQLCipher's export)."""
    from models.database import connect_sqlite

    connection = connect_sqlite(desk_db, key, isolation_level=None)
    try:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        connection.execute("SELECT sqlcipher_export('plain')")
        stamp = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA plain.user_version = {int(stamp)}")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()


def alternate(n: int, first: Callable[[], object], second: Callable[[], object]
              ) -> tuple[list[float], list[float]]:
    for _ in range(5):  # warm: statements compiled, pages cached
        first()
        second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(n):
        start = time.perf_counter()
        first()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        second()
        b.append(time.perf_counter() - start)
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        desk = bench_desk(Path(tmp) / "desk")
        try:
            fill_applications(desk, args.rows)
            key = desk.data_keys.load_or_create()
            plain_path = Path(tmp) / "plain.db"
            with desk_sql(desk) as raw:  # the WAL into the file before the export
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            export_plain(desk.config.data_dir / "desk.db", key, plain_path)
            plain_db = open_database(plain_path)
            station = desk.config.station_code
            plain_intake = IntakeService(
                plain_db, station, desk.reference, desk.clock,
                attachment_limits=desk.config.settings.attachment_limits,
                on_number_issued=desk.ledger.issued,  # the same durable ledger write
                forwards=ForwardService(plain_db, station, desk.reference, desk.clock))
            plain_cases = CaseSearch(plain_db, desk.reference, desk.clock,
                                     lambda: desk.reference.holidays)
            viewer = Viewer("bench")
            print(f"{args.rows:,} applications in each database; n={args.n}")

            def save(intake: IntakeService) -> Callable[[], object]:
                return lambda: intake.save(FORM, "bench")

            def listing(cases: CaseSearch, wanted: CaseFilter) -> Callable[[], object]:
                query = Query(wanted)
                return lambda: (cases.page(query, viewer), cases.count(wanted))

            plain_times, encrypted_times = alternate(args.n, save(plain_intake),
                                                     save(desk.intake))
            print_latency_ratio("save, plain", plain_times, "save, encrypted", encrypted_times)
            for label, wanted in (("list", CaseFilter()), ("filter", CaseFilter(tckn=VALID_TCKN))):
                plain_times, encrypted_times = alternate(
                    args.n, listing(plain_cases, wanted), listing(desk.cases, wanted))
                print_latency_ratio(f"{label}, plain", plain_times, f"{label}, encrypted",
                                    encrypted_times)
            plain_blobs = BlobStore(Path(tmp) / "plain-blobs")

            def blob(store: BlobStore) -> Callable[[], object]:
                def run() -> object:
                    stored = store.put(os.urandom(SCAN_BYTES))
                    return store.read_verified(stored.sha256)
                return run

            plain_times, encrypted_times = alternate(max(10, args.n // 10), blob(plain_blobs),
                                                     blob(desk.blobs))
            print_latency_ratio("1 MB blob put+read, plain", plain_times,
                                "1 MB blob put+read, sealed", encrypted_times)
            plain_db.close()
        finally:
            desk.close()


if __name__ == "__main__":
    main()
