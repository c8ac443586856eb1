"""A copy of the desk's database before its schema is upgraded.

A new version of the desk migrates the database at start-up (Alembic). Before it does — and
only when a migration is actually pending — the file is copied to
``<data>/backups/desk-<time>-rev<old revision>.db``, written under a temporary name, synced,
checked (SQLite's ``quick_check`` through the desk's key) and renamed, so a backup that
exists is whole and opens. The newest ``keep`` backups are kept.

The copy is of the file's bytes, encrypted as they are (docs/security.md): the WAL is first
checkpointed into the file, and a read transaction held during the copy keeps any other
connection's checkpoint from writing into it (SQLite never backfills past the oldest
reader). SQLite's backup API would re-encrypt every page with fresh nonces, and a retried
start could then no longer be recognised below.

A start that fails (or is killed) before its upgrade is committed leaves the database as it
was, and the next start would copy the very same bytes again: such a copy is recognised
(the same revision and the same bytes as the newest backup) and not kept twice, so retried
starts never push the older, different backups out.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from datetime import datetime
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from models.database import SQLiteError, connect_sqlite
from models.durable_files import fsync_directory

_CHUNK = 1024 * 1024
# The first page holds the header (its change counter moves when a WAL is checkpointed, with
# not one row different) and, encrypted, is one sealed unit: compared from the second page.
_FIRST_PAGE_BYTES = 4096
_SNAPSHOT_TRIES = 20
_PART_STALE_SECONDS = 600
BACKUP_PATTERN = re.compile(r"^desk-(\d{8}-\d{6})(?:-(\d+))?-rev[\w.-]+\.db$")


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at; None for a database Alembic never touched."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(scripts: ScriptDirectory) -> str | None:
    return scripts.get_current_head()


class BackupError(RuntimeError):
    """A backup could not be made whole; the database was not changed."""


def backup_database(path: Path, backup_dir: Path, revision: str, *, keep: int,
                    now: datetime | None = None, data_key: bytes | None = None) -> Path:
    """Copy ``path`` into ``backup_dir`` as ``desk-<time>-rev<revision>.db``; drop all but
    the ``keep`` newest backups. Returns the new backup's path."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"desk-{stamp}-rev{revision}.db"
    counter = 2
    while target.exists():  # two upgrades within a second (tests, a retried start)
        target = backup_dir / f"desk-{stamp}-{counter}-rev{revision}.db"
        counter += 1
    temporary = target.with_name(target.name + ".part")
    _snapshot(path, temporary, data_key)
    same = _newest_of_revision(backup_dir, revision)
    if same is not None and _same_bytes(temporary, same):
        temporary.unlink()
        return same
    _seal_backup(temporary, target, data_key)
    prune_backups(backup_dir, keep)
    return target


def copy_verified_backup(source: Path, backup_dir: Path, name: str,
                         data_key: bytes | None = None) -> Path:
    """Copy a database file no connection is writing into ``backup_dir`` as ``name``."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / name
    temporary = target.with_name(target.name + ".part")
    shutil.copyfile(source, temporary)
    _seal_backup(temporary, target, data_key)
    return target


def _snapshot(path: Path, temporary: Path, data_key: bytes | None) -> None:
    connection = connect_sqlite(path, data_key, isolation_level=None)
    try:
        for _attempt in range(_SNAPSHOT_TRIES):
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("BEGIN")
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                wal = path.with_name(path.name + "-wal")
                if not wal.exists() or wal.stat().st_size == 0:
                    shutil.copyfile(path, temporary)
                    return
            finally:
                connection.execute("COMMIT")
            time.sleep(0.05)  # another connection committed between: checkpoint again
        raise BackupError("the database kept changing while it was copied")
    finally:
        connection.close()


def _seal_backup(temporary: Path, target: Path, data_key: bytes | None) -> None:
    with temporary.open("rb+") as handle:
        os.fsync(handle.fileno())
    try:
        check = connect_sqlite(temporary, data_key, read_only=True)
        try:
            verdict = check.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            check.close()
    except SQLiteError as error:
        temporary.unlink(missing_ok=True)
        raise BackupError(f"the backup copy does not open: {type(error).__name__}") from error
    if verdict != "ok":
        temporary.unlink(missing_ok=True)
        raise BackupError("the backup copy failed SQLite's check")
    temporary.replace(target)
    fsync_directory(target.parent)


def _newest_of_revision(backup_dir: Path, revision: str) -> Path | None:
    for path in reversed(list_backups(backup_dir)):
        return path if path.name.endswith(f"-rev{revision}.db") else None
    return None


def _same_bytes(first: Path, second: Path) -> bool:
    """Every page after the first the same (see ``_FIRST_PAGE_BYTES``)."""
    if first.stat().st_size != second.stat().st_size:
        return False
    with first.open("rb") as a, second.open("rb") as b:
        a.seek(_FIRST_PAGE_BYTES)
        b.seek(_FIRST_PAGE_BYTES)
        while chunk := a.read(_CHUNK):
            if chunk != b.read(len(chunk)):
                return False
    return True


def list_backups(backup_dir: Path) -> list[Path]:
    """The backups in ``backup_dir``, oldest first (by the time in their names)."""
    if not backup_dir.is_dir():
        return []
    found: list[tuple[tuple[str, int], Path]] = []
    for path in backup_dir.iterdir():
        match = BACKUP_PATTERN.match(path.name)
        if match:
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _key, path in sorted(found)]


def prune_backups(backup_dir: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups, and the half-written copies of starts
    killed while copying; returns the backups deleted."""
    backups = list_backups(backup_dir)
    doomed = backups[: max(0, len(backups) - max(1, keep))]
    for path in doomed:
        path.unlink(missing_ok=True)
    stale = time.time() - _PART_STALE_SECONDS  # a copy another start is writing is younger
    for part in backup_dir.glob("desk-*.db.part*"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < stale:
                part.unlink()
    return doomed
