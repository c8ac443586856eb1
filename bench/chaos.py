"""Randomized crash-and-fault trials of sync: nothing lost, nothing duplicated.

Each trial (seeded, so a failing one is re-run exactly with ``--seed S --first N``):

1. a fresh desk data folder and a fresh central service (``bimer-central`` in its own
   process, SQLite, its blob folder);
2. a random batch taken in through the services the window's buttons call: 1-6
   applications (``IntakeService.save``, Kaydet) across every channel, half with 1-3
   attachments (random PNG scans, some shared between applications), some saved with a
   forward (Kaydet ve Sevk Et); some of them damaged in the outbox as a buggy older desk
   might have written them, so that the centre refuses them (422) in a first, clean sync
   and the clerk corrects them (``CorrectionService.correct``, Düzelt); then 0-3 more
   applications and forwards of cases already sent (``ForwardService.add``, Sevk Et);
3. ``bimer-desktop sync`` in its own process, through the loopback fault proxy
   (tests/fault_proxy.py), carrying the corrections, the new applications, their files and
   the forwards, and one fault: at a random moment SIGKILL of that desk process, SIGKILL of
   the central service, or a restart of it (SIGTERM, then started again on the same
   database); or, at a random request, the proxy resets the connection (before or after the
   centre saw the request), truncates the answer, answers 503, or holds the answer back
   (0.5-25 s: within the desk's 20 s read timeout, or past it); or the disk of the desk's
   data folder or of the central's database fills up (each folder on its own small tmpfs,
   filled to the last byte while sync runs, emptied again for the recovery — root only;
   elsewhere that fault is skipped and counted as such); or none;
4. what died is started again and ``bimer-desktop sync`` runs until nothing is pending;
5. checks: the central service holds every current version exactly once (by UUID, the
   count equal) and no refused one, each attachment exactly once with bytes whose SHA-256
   is the desk's, each forward exactly once with one movement per target; the desk shows
   every outbox item done (a corrected version's: superseded) and every current version
   with its central number.

    python bench/chaos.py [--trials 20] [--seed 17] [--first 0] [--fault NAME]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import requests
from _common import bench_desk
from PIL import Image
from sqlalchemy import select

from bimer_central.server import CentralServer
from bimer_desktop.app import Desk
from models.entities import Application, OutboxItem
from models.enums import OutboxKind
from models.forwards import Forward, ForwardKind, ForwardSubject, ForwardTarget
from models.roles import Role
from models.samples import fax_sample, in_person_sample, letter_sample
from models.turkey_time import turkey_now
from services.auth import LoginStatus
from tests.fault_proxy import PASS, Fault, FaultProxy, reset, stall, status, truncate

FAULTS = ("kill_desk", "kill_central", "restart_central", "reset_unseen", "reset_seen",
          "truncate", "status_503", "delay", "full_disk_desk", "full_disk_central", "none")
DISK_FAULTS = {"full_disk_desk": "desk", "full_disk_central": "central"}
TMPFS_SIZE = "32m"
PROXY_FAULTS = {
    "reset_unseen": reset(forward=False),
    "reset_seen": reset(forward=True),
    "truncate": truncate(),
    "status_503": status(503),
}
BIN = Path(sys.executable).parent
# The desk's station and its clerk at every trial's centre (docs/security.md: a desk is
# enrolled with a one-time code; a headless sync logs its clerk in from the environment).
STATION = "06-01"
UNIT = "10000023"  # Ankara Valiliği in the bundled sample institutions
CLERK = "chaos"
PASSWORD = "uzun-bir-kaos-sifresi-2026"
# A forward to a unit of the governorship (Ankara İl Millî Eğitim Müdürlüğü), for action,
# and one for information (Ankara İl Sağlık Müdürlüğü): one movement each at the centre.
FORWARD_TARGETS = (ForwardTarget("20600001", ForwardKind.ACTION, "Gereği için."),
                   ForwardTarget("20600002", ForwardKind.INFORMATION, "Bilgi için."))
FORWARD_SUBJECT = ForwardSubject("02", "02.02")
# An ID number whose checksum fails: the centre refuses an envelope carrying it (422).
BAD_TCKN = "12345678901"


@dataclass(frozen=True)
class Provisioned:
    code: str  # the station's one-time enrollment code
    tckn: str  # the clerk's ID number (made up by the centre for a test user)


def provision(database: Path) -> Provisioned:
    """The station and its clerk, written into the centre's database by the centre's own
    code (run in this process for a moment), before the centre under test starts on it."""
    server = CentralServer(f"sqlite:///{database}")
    server.start()
    try:
        code = server.accounts.add_station(STATION, UNIT).code
        tckn = server.accounts.ensure_user(CLERK, CLERK, UNIT, frozenset({Role.CLERK}),
                                           PASSWORD)
    finally:
        server.stop()
    return Provisioned(code, tckn)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Central:
    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(BIN / "bimer-central"), "--db", f"sqlite:///{self.folder / 'central.db'}",
             "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("the central service did not start")

    def stop(self, sig: signal.Signals) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(30)
        self.process = None


def scan(rng: random.Random) -> bytes:
    """A small PNG of random grey noise: every one unique, a valid image for the checks."""
    image = Image.frombytes("L", (64, 48), rng.randbytes(64 * 48))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def a_forward(rng: random.Random) -> Forward:
    targets = FORWARD_TARGETS[:rng.randint(1, len(FORWARD_TARGETS))]
    return Forward(targets, (FORWARD_SUBJECT,))


def damage(desk: Desk, station_number: str) -> None:
    """The outbox payload as a buggy older desk might have frozen it: the centre refuses it
    (the desk's own form never lets such an ID number through)."""
    with desk.db.sessions.begin() as session:
        item = session.scalars(
            select(OutboxItem).join(Application, Application.id == OutboxItem.application_id)
            .where(Application.station_number == station_number,
                   OutboxItem.kind == OutboxKind.APPLICATION.value)).one()
        envelope = json.loads(item.payload)
        envelope["application"]["tckn"] = BAD_TCKN
        item.payload = json.dumps(envelope, ensure_ascii=False)


def save_some(desk: Desk, rng: random.Random, count: int, shared: bytes, carried: Counter[str],
              damaged: list[str] | None = None) -> list[str]:
    """``count`` applications; in ``damaged``, the numbers of in-person ones spoiled."""
    today = turkey_now().date()
    makers = (lambda: in_person_sample(), lambda: letter_sample(today),
              lambda: fax_sample(today))
    numbers = []
    for _ in range(count):
        stored = []
        if rng.random() < 0.5:
            for index in range(rng.randint(1, 3)):
                data = shared if rng.random() < 0.3 else scan(rng)
                stored.append(desk.attachments.store(
                    desk.attachments.check(f"tarama-{index}.png", data)))
        carried["files"] += len(stored)
        maker = rng.randrange(len(makers))
        forward = a_forward(rng) if rng.random() < 0.3 else None
        outcome = desk.intake.save(makers[maker](), CLERK, attachments=stored,
                                   forward=forward)
        assert outcome.ok and outcome.station_number, outcome.errors
        carried["applications"] += 1
        carried["forwards"] += forward is not None
        numbers.append(outcome.station_number)
        if damaged is not None and maker == 0 and rng.random() < 0.3:
            damage(desk, outcome.station_number)
            damaged.append(outcome.station_number)
    return numbers


def take_in(data_dir: Path, url: str, rng: random.Random, centre: Provisioned,
            carried: Counter[str]) -> None:
    """The batch of step 2: what the faulted sync will carry (counted in ``carried``)."""
    shared = scan(rng)
    with bench_desk(data_dir, url) as desk:
        enrolled = desk.enroll(url, centre.code)
        assert not isinstance(enrolled, str), enrolled
        damaged: list[str] = []
        first = save_some(desk, rng, rng.randint(1, 6), shared, carried, damaged)
        if damaged or rng.random() < 0.5:
            # A clean sync first: the damaged ones are refused and corrected, the others
            # are sent and may be forwarded afterwards.
            assert desk.auth.login(centre.tckn, PASSWORD).status is LoginStatus.OK
            report = desk.sync.drain_once(force=True)
            assert report.quarantined == len(damaged), (report, damaged)
            for number in damaged:
                found = desk.queries.find(number)
                assert found is not None
                source = desk.corrections.source(found.id)
                fixed = replace(source.form, tckn=in_person_sample().tckn)
                corrected = desk.corrections.correct(found.id, fixed, CLERK)
                assert corrected.ok, corrected
                carried["corrections"] += 1
            for number in first:
                found = desk.queries.find(number)
                if found is not None and found.central_number and rng.random() < 0.3:
                    added = desk.forwards.add(found.id, a_forward(rng), CLERK)
                    assert added.ok, added
                    carried["forwards"] += 1
        save_some(desk, rng, rng.randint(0, 3), shared, carried)


def desk_sync(data_dir: Path, url: str, centre: Provisioned) -> subprocess.Popen[bytes]:
    clerk = {**os.environ, "BIMER_TCKN": centre.tckn, "BIMER_PASSWORD": PASSWORD}
    return subprocess.Popen(
        [str(BIN / "bimer-desktop"), "--data-dir", str(data_dir), "--central", url, "sync"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=clerk)


def check(data_dir: Path, central: Central) -> list[str]:
    """What is wrong (empty: every current version, file and forward exactly once at the
    centre, byte-identical, no refused version there, and the desk shows it all done)."""
    problems: list[str] = []
    from bimer_desktop.app import data_keys_for
    from models.database import connect_sqlite

    desk = connect_sqlite(data_dir / "desk.db", data_keys_for(data_dir).load_or_create())
    centre = sqlite3.connect(central.folder / "central.db")
    try:
        versions = desk.execute(
            "SELECT a.uuid, o.state FROM applications a JOIN outbox o "
            "ON o.application_id = a.id AND o.kind = 'application'").fetchall()
        current = [uuid for uuid, state in versions if state != "superseded"]
        refused = [uuid for uuid, state in versions if state == "superseded"]
        received = Counter(row[0] for row in centre.execute(
            "SELECT uuid FROM received_applications"))
        for uuid in current:
            if received[uuid] != 1:
                problems.append(f"application {uuid[:8]} held {received[uuid]} times")
        for uuid in refused:
            if received[uuid]:
                problems.append(f"refused version {uuid[:8]} held {received[uuid]} times")
        if sum(received.values()) != len(current):
            problems.append(f"{sum(received.values())} received for {len(current)} current")
        shas = {row[0] for row in desk.execute("SELECT sha256 FROM attachments")}
        blobs = Counter(row[0] for row in centre.execute("SELECT sha256 FROM received_blobs"))
        blob_dir = central.folder / "central-blobs"
        for sha in shas:
            if blobs[sha] != 1:
                problems.append(f"file {sha[:8]} held {blobs[sha]} times")
                continue
            stored = blob_dir / sha[:2] / sha[2:]
            if not stored.exists() or hashlib.sha256(stored.read_bytes()).hexdigest() != sha:
                problems.append(f"file {sha[:8]} not byte-identical at the centre")
        forwards = {uuid: len(json.loads(body)["targets"])
                    for uuid, body in desk.execute("SELECT uuid, forward FROM forwards")}
        held = Counter(row[0] for row in centre.execute("SELECT uuid FROM received_forwards"))
        moves = dict(centre.execute(
            "SELECT f.uuid, COUNT(m.id) FROM received_forwards f "
            "LEFT JOIN movements m ON m.forward_id = f.id GROUP BY f.uuid").fetchall())
        for uuid, targets in forwards.items():
            if held[uuid] != 1:
                problems.append(f"forward {uuid[:8]} held {held[uuid]} times")
            elif moves.get(uuid) != targets:
                problems.append(f"forward {uuid[:8]}: {moves.get(uuid)} movements for "
                                f"{targets} targets")
        if sum(held.values()) != len(forwards):
            problems.append(f"{sum(held.values())} forwards received for {len(forwards)}")
        not_done = desk.execute(
            "SELECT COUNT(*) FROM outbox WHERE state NOT IN ('done', 'superseded')").fetchone()
        if not_done[0]:
            problems.append(f"{not_done[0]} outbox items not done on the desk")
        unnumbered = desk.execute(
            "SELECT COUNT(*) FROM applications a JOIN outbox o ON o.application_id = a.id "
            "AND o.kind = 'application' WHERE o.state != 'superseded' "
            "AND a.central_number IS NULL").fetchone()
        if unnumbered[0]:
            problems.append(f"{unnumbered[0]} current versions without a central number")
    finally:
        desk.close()
        centre.close()
    return problems


def can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0


def mount_tmpfs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(folder)],
                   check=True)


def fill(folder: Path) -> Path | None:
    """A file that takes every free byte of ``folder``'s file system; None when the intake
    had already filled it (not even an empty file could be made): the disk is full as
    wanted, and there is nothing to remove for the recovery."""
    filler = folder / "filler"
    try:
        # Unbuffered: a write that finds the disk full raises in the loop, and closing has
        # nothing left to flush (a buffered close raised ENOSPC again and ended the run).
        handle = filler.open("wb", buffering=0)
    except OSError:
        return None
    with handle:
        block = b"\0" * 65536
        try:
            while True:
                handle.write(block)
        except OSError:
            pass
    return filler


def trial(seed: int, number: int, root: Path, carried: Counter[str], only: str | None = None
          ) -> tuple[str, list[str]]:
    rng = random.Random(f"{seed}-{number}")
    folder = root / f"trial-{number}"
    folder.mkdir()
    fault = rng.choice(FAULTS)
    if only is not None:
        fault = only
    if fault in DISK_FAULTS and not can_mount():
        return "skipped (" + fault + ": needs root to mount a small tmpfs)", []
    mounted: list[Path] = []
    if fault == "full_disk_central":
        mount_tmpfs(folder / "centre")
        mounted.append(folder / "centre")
    central = Central(folder / "centre", free_port())
    central.folder.mkdir(exist_ok=True)
    centre = provision(central.folder / "central.db")
    central.start()
    data_dir = folder / "desk"
    if fault == "full_disk_desk":
        mount_tmpfs(data_dir)
        mounted.append(data_dir)
    proxy = FaultProxy(central.url)
    proxy.start()
    try:
        take_in(data_dir, proxy.url, rng, centre, carried)
        if fault in PROXY_FAULTS or fault == "delay":
            late: Fault = stall(rng.uniform(0.5, 25.0)) if fault == "delay" else PROXY_FAULTS[fault]
            proxy.script(*[PASS] * rng.randint(0, 8), late)
        filler = None
        if fault in DISK_FAULTS:
            filler = fill(data_dir if fault == "full_disk_desk" else central.folder)
        sync = desk_sync(data_dir, proxy.url, centre)
        time.sleep(rng.uniform(0.0, 1.5))
        if fault == "kill_desk" and sync.poll() is None:
            sync.send_signal(signal.SIGKILL)
        elif fault == "kill_central":
            central.stop(signal.SIGKILL)
        elif fault == "restart_central":
            central.stop(signal.SIGTERM)
        sync.wait(120)
        if filler is not None:
            filler.unlink()
        if central.process is None:
            central.start()
        for _attempt in range(10):
            if desk_sync(data_dir, proxy.url, centre).wait(120) == 0:
                break
        return fault, check(data_dir, central)
    finally:
        proxy.stop()
        central.stop(signal.SIGTERM)
        for mount in mounted:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--first", type=int, default=0, help="number of the first trial")
    parser.add_argument("--fault", choices=FAULTS, default=None,
                        help="this fault in every trial instead of a random one")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The damaged versions' refusals are expected: their warnings would bury the report.
    logging.getLogger("bimer").setLevel(logging.ERROR)
    faults: Counter[str] = Counter()
    carried: Counter[str] = Counter()
    failed = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bimer-chaos-") as tmp:
        for number in range(args.first, args.first + args.trials):
            try:
                fault, problems = trial(args.seed, number, Path(tmp), carried, args.fault)
            except Exception as error:  # one broken trial must not end a night's run
                fault, problems = "?", [f"the trial itself failed: {error!r}"]
            faults[fault] += 1
            if problems:
                failed += 1
                print(f"trial {number} ({fault}): " + "; ".join(problems), flush=True)
    print(f"{args.trials} trials (seed {args.seed}), faults {dict(sorted(faults.items()))}: "
          f"carrying {dict(sorted(carried.items()))}: "
          f"{failed} with something lost, duplicated or not done; "
          f"{time.monotonic() - started:.0f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
