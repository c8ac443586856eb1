"""SIGKILL a desk at random moments while its database is created or upgraded, then start it.

    python -m tools.crash_injection [--kills 50] [--rows 3000] [--seed 1]
                                    [--phase first-start|upgrade|both]

Each trial starts a child process that opens a desk's data folder exactly as the desk does
at start-up (``child_start``), and kills it with SIGKILL after a random delay within the
time that start takes (measured first, in the same run). Then the desk is started again,
in this process, without a kill, and judged:

* **first start** (an empty data folder): the desk starts, at the newest schema, and a save
  works;
* **upgrade** (a copy of a desk at revision 0006 holding ``--rows`` applications, each with
  its outbox item and audit event): the desk starts, at the newest schema, with every one
  of those rows, and ``backups/`` holds one copy of the old database however many starts
  were killed (a failed start does not pile up backups).

It prints, per phase, how many kills landed while the start was still running, and how many
desks failed to start afterwards or lost a row. ``tests/models/test_crash_injection.py``
runs a few seeded kills of each phase in CI; the long series is this command.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FIRST_START = "first-start"
UPGRADE = "upgrade"
PHASES = (FIRST_START, UPGRADE)
UPGRADE_FROM = "0006"
READY = "ready"
DONE = "done"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figures:
    """What one phase's series found."""

    phase: str
    kills: int = 0
    desks: int = 0
    during: int = 0  # kills that landed before the start had finished
    not_starting: int = 0  # desks that failed to start again afterwards
    rows_lost: int = 0  # desks that started without every row
    most_backups: int = 0  # the most copies of the old database one desk ended up with
    start_seconds: float = 0.0  # how long an uninterrupted start took (the kill window)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.not_starting or self.rows_lost) and self.most_backups <= 1

    def line(self) -> str:
        return (f"{self.phase}: {self.kills} kills on {self.desks} desks ({self.during} during "
                f"the start, window {self.start_seconds * 1000:.0f} ms): {self.not_starting} "
                f"desks did not "
                f"start again, {self.rows_lost} lost rows, at most {self.most_backups} "
                f"backup(s) per desk")


# ----- the desk's start, as the child runs it ---------------------------------------------


def child_start(data_dir: Path) -> None:
    """What the desk does with its database when it starts (``bimer_desktop.app.Desk``)."""
    from bimer_desktop.app import BACKUPS_DIR_NAME, DATABASE_FILE_NAME, data_keys_for
    from models.database import open_database

    open_database(data_dir / DATABASE_FILE_NAME,
                  data_key=data_keys_for(data_dir).load_or_create(),
                  backup_dir=data_dir / BACKUPS_DIR_NAME, keep_backups=5).close()


def _child(data_dir: Path) -> int:
    # Everything imported before "ready": the kill window is the start itself.
    import bimer_desktop.app  # noqa: F401
    import models.database  # noqa: F401

    print(READY, flush=True)
    child_start(data_dir)
    print(DONE, flush=True)
    return 0


# ----- desks to start ------------------------------------------------------------------------


def make_old_desk(data_dir: Path, rows: int, revision: str = UPGRADE_FROM) -> Path:
    """A data folder whose database is at ``revision`` and holds ``rows`` applications, each
    with its outbox item and audit event, and the station counter at ``rows``."""
    from sqlalchemy import create_engine

    from bimer_desktop.app import DATABASE_FILE_NAME
    from models.database import migrate

    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / DATABASE_FILE_NAME
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, revision)
    engine.dispose()
    with contextlib.closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("PRAGMA journal_mode=WAL")
        raw.executemany(
            "INSERT INTO applications (id, uuid, station_number, station_code, channel, "
            "application_type, urgency, subject_code, sub_subject_code, tckn, first_name, "
            "last_name, mother_maiden_first, mother_maiden_last, mobile_phone, email, "
            "address, text, created_at, created_by) VALUES (?, ?, ?, '06-01', 'in_person', "
            "'complaint', 'normal', '02', '02.02', '10000000146', 'Ayşe', 'Yılmaz', 'Ş', "
            "'K', '+905321234567', '', '', ?, '2026-11-01 09:00:00', 'memur1')",
            [(n, f"00000000-0000-4000-8000-{n:012d}", f"06-01-2026-{n:06d}",
              "Sokağımızdaki çöpler üç gündür toplanmıyor. " * 8) for n in range(1, rows + 1)],
        )
        raw.executemany(
            "INSERT INTO outbox (application_id, kind, idempotency_key, payload, state, "
            "attempts, created_at, updated_at) VALUES (?, 'application', ?, '{}', 'pending', "
            "0, '2026-11-01 09:00:00', '2026-11-01 09:00:00')",
            [(n, f"00000000-0000-4000-8000-{n:012d}") for n in range(1, rows + 1)],
        )
        raw.executemany(
            "INSERT INTO audit_events (at, user, station_code, action, application_id, "
            "detail) VALUES ('2026-11-01 09:00:00', 'memur1', '06-01', 'application.saved', "
            "?, '')", [(n,) for n in range(1, rows + 1)],
        )
        raw.execute("INSERT INTO counters (name, value) VALUES (?, ?)",
                    ("station-number:06-01:2026", rows))
    return data_dir


def copy_desk(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


# ----- judging a desk after the kill -------------------------------------------------------


def restart_and_count(data_dir: Path) -> dict[str, int]:
    """Start the desk as it starts (no kill) and count what it holds; raises if it cannot."""
    from bimer_desktop.app import BACKUPS_DIR_NAME, DATABASE_FILE_NAME, data_keys_for
    from models.backups import list_backups
    from models.database import connect_sqlite, is_plain_database, schema_head

    child_start(data_dir)  # in this process, to the end
    path = data_dir / DATABASE_FILE_NAME
    if is_plain_database(path):
        raise RuntimeError("the database was left unencrypted")
    with connect_sqlite(path, data_keys_for(data_dir).load_or_create()) as raw:
        counts = {table: int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                  for table in ("applications", "outbox", "audit_events")}
        revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    if revision != schema_head():
        raise RuntimeError(f"at revision {revision}, not {schema_head()}")
    counts["backups"] = len(list_backups(data_dir / BACKUPS_DIR_NAME))
    return counts


def save_works(data_dir: Path) -> None:
    """A desk that started also takes an application (its tables are whole)."""
    from bimer_desktop.app import Desk, DeskConfig
    from bimer_desktop.settings import load_settings
    from models.samples import in_person_sample

    settings = load_settings(data_dir).with_overrides(central_url="http://127.0.0.1:9")
    with Desk(DeskConfig(data_dir=data_dir, settings=settings, user="memur1")) as desk:
        outcome = desk.intake.save(in_person_sample(), "memur1")
        if not outcome.ok:
            raise RuntimeError(f"save refused: {outcome.errors}")


# ----- the series ------------------------------------------------------------------------------


def _spawn(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tools.crash_injection", "child", str(data_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if line != READY:
        process.kill()
        _out, err = process.communicate()
        raise RuntimeError(f"child did not start: {line!r} {err[-2000:]}")


def time_start(make: Callable[[Path], Path], scratch: Path, runs: int = 3) -> float:
    """How long an uninterrupted start of a fresh desk takes, in a child like the trials'
    (the quickest of ``runs``: the first pays for a cold disk cache)."""
    times = []
    for run in range(runs):
        data_dir = make(scratch / f"calibration-{run}")
        process = _spawn(data_dir)
        _wait_ready(process)
        started = time.perf_counter()
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        times.append(time.perf_counter() - started)
        _out, err = process.communicate()
        if line != DONE or process.returncode != 0:
            raise RuntimeError(f"calibration start failed: {err[-2000:]}")
        shutil.rmtree(data_dir)
    return min(times)


def kill_once(data_dir: Path, delay: float) -> bool:
    """Start the desk in a child and SIGKILL it after ``delay`` seconds; True when the kill
    came before the start had finished."""
    process = _spawn(data_dir)
    _wait_ready(process)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    out, _err = process.communicate()
    return DONE not in out


def run_phase(phase: str, kills: int, rows: int, rng: random.Random, scratch: Path,
              *, echo: Callable[[str], None] | None = None, calibrations: int = 3) -> Figures:
    """``kills`` trials of one phase; each desk may be killed up to three times in a row
    before its uninterrupted start (a start that fails and is retried is how backups
    piled up)."""
    template: Path | None = None
    if phase == UPGRADE:
        template = make_old_desk(scratch / "template", rows)

    def make(target: Path) -> Path:
        if template is None:
            target.mkdir(parents=True)
            return target
        return copy_desk(template, target)

    figures = Figures(phase, start_seconds=time_start(make, scratch, calibrations))
    expected = {"applications": rows, "outbox": rows, "audit_events": rows} if template else {
        "applications": 0, "outbox": 0, "audit_events": 0}
    trial = 0
    while figures.kills < kills:
        trial += 1
        figures.desks += 1
        data_dir = make(scratch / f"{phase}-{trial}")
        for _kill in range(min(rng.randint(1, 3), kills - figures.kills)):
            figures.kills += 1
            if kill_once(data_dir, rng.uniform(0.0, figures.start_seconds)):
                figures.during += 1
        try:
            counts = restart_and_count(data_dir)
        except Exception as error:  # a desk that does not start again: the finding
            figures.not_starting += 1
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            figures.failures.append(f"{data_dir.name}: {type(error).__name__}: {first_line}")
        else:
            backups = counts.pop("backups")
            figures.most_backups = max(figures.most_backups, backups)
            if counts != expected:
                figures.rows_lost += 1
                figures.failures.append(f"{data_dir.name}: {counts} != {expected}")
            elif template is None:
                save_works(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
        if echo is not None:
            echo(f"  {phase} desk {trial}: {figures.kills}/{kills} kills")
    return figures


def run(phases: Sequence[str], kills: int, rows: int, seed: int,
        echo: Callable[[str], None] | None = None) -> list[Figures]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="bimer-crash-") as tmp:
        return [run_phase(phase, kills, rows, rng, Path(tmp) / phase, echo=echo)
                for phase in phases]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["child"]:
        return _child(Path(arguments[1]))
    parser = argparse.ArgumentParser(prog="python -m tools.crash_injection",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=50, help="kills per phase")
    parser.add_argument("--rows", type=int, default=3000,
                        help="applications in the desk that is upgraded")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", choices=[*PHASES, "both"], default="both")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(arguments)
    phases = PHASES if args.phase == "both" else (args.phase,)
    started = time.perf_counter()
    results = run(phases, args.kills, args.rows, args.seed,
                  echo=print if args.verbose else None)
    for figures in results:
        print(figures.line())
        for failure in figures.failures[:10]:
            print(f"  {failure}")
    print(f"seed {args.seed}, {args.rows} rows, {time.perf_counter() - started:.0f} s")
    return 0 if all(figures.ok for figures in results) else 1


if __name__ == "__main__":
    sys.exit(main())
