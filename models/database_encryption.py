"""A desk from before encryption, encrypted in place at its first start under this release.

The plain file is never changed. Its WAL is checkpointed into it; SQLCipher's
``sqlcipher_export`` writes an encrypted copy beside it (``desk.db.encrypting``); the copy is
checked — integrity, every table's row count, the schema stamp — and kept, encrypted, in
``backups/`` as the backup taken before the change; only then is it renamed over the plain
file. A start killed at any step finds either the plain file (and does it all again; a
half-written copy is overwritten) or the encrypted one (done). Plain backups an older
release left in ``backups/`` are encrypted the same way, each in place.

What the plain file held can still be on the disk's free blocks after the rename (as with
any deleted file); docs/security.md says so and what to do about it.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from models.data_cipher import database_key_pragma
from models.database import (
    SQLiteError,
    connect_sqlite,
    is_plain_database,
)
from models.durable_files import fsync_directory

log = logging.getLogger("bimer.database")

ENCRYPTING_SUFFIX = ".encrypting"
_COMPANIONS = ("-wal", "-shm", "-journal")


class EncryptionError(RuntimeError):
    """The encrypted copy did not match the plain file; the plain file is untouched."""


def encrypt_in_place(path: Path, data_key: bytes, *, backup_dir: Path | None) -> None:
    copy = path.with_name(path.name + ENCRYPTING_SUFFIX)
    _export_encrypted(path, copy, data_key)
    if backup_dir is not None:
        _keep_as_backup(path, copy, backup_dir, data_key)
    # Empty after the checkpoint; SQLite would otherwise take them for the new file's.
    for suffix in _COMPANIONS:
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(copy, path)
    fsync_directory(path.parent)
    log.info("the desk database was encrypted in place")
    if backup_dir is not None:
        encrypt_plain_backups(backup_dir, data_key)


def encrypt_plain_backups(backup_dir: Path, data_key: bytes) -> int:
    """Encrypt every plain database file in ``backup_dir`` in place; returns how many."""
    done = 0
    for backup in sorted(backup_dir.glob("*.db")) if backup_dir.is_dir() else []:
        if not is_plain_database(backup):
            continue
        copy = backup.with_name(backup.name + ENCRYPTING_SUFFIX)
        _export_encrypted(backup, copy, data_key)
        os.replace(copy, backup)
        done += 1
    if done:
        fsync_directory(backup_dir)
        log.info("%d plain backups encrypted in place", done)
    return done


def _export_encrypted(plain: Path, copy: Path, data_key: bytes) -> None:
    for leftover in (copy, *(copy.with_name(copy.name + s) for s in _COMPANIONS)):
        leftover.unlink(missing_ok=True)  # a copy a killed start was writing
    source = connect_sqlite(plain, None, isolation_level=None)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _row_counts(source)
        stamp = int(source.execute("PRAGMA user_version").fetchone()[0])
        key_literal = database_key_pragma(data_key).split("=", 1)[1].strip()
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_literal}", (str(copy),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        # sqlcipher_export copies schema and rows, not the header's schema stamp.
        source.execute(f"PRAGMA encrypted.user_version = {stamp}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    check = connect_sqlite(copy, data_key, isolation_level=None)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        copied = _row_counts(check)
        copied_stamp = int(check.execute("PRAGMA user_version").fetchone()[0])
    except SQLiteError as error:
        raise EncryptionError(f"the encrypted copy does not open: {error}") from error
    finally:
        check.close()
    if verdict != "ok" or copied != counts or copied_stamp != stamp:
        copy.unlink(missing_ok=True)
        raise EncryptionError("the encrypted copy differs from the plain database")
    with copy.open("rb+") as handle:
        os.fsync(handle.fileno())


def _row_counts(connection: sqlcipher.Connection) -> dict[str, int]:
    execute = connection.execute
    tables = [str(name) for (name,) in execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: int(execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in tables}


def _keep_as_backup(path: Path, copy: Path, backup_dir: Path, data_key: bytes) -> None:
    from models.backups import copy_verified_backup

    connection = connect_sqlite(copy, data_key, read_only=True)
    try:
        row = connection.execute(
            "SELECT version_num FROM alembic_version").fetchone() if _has_version(connection) \
            else None
    finally:
        connection.close()
    revision = str(row[0]) if row else "none"
    # Named after the plain file's last change, not the clock: a start killed after the
    # copy and retried writes the same backup again instead of keeping a second one.
    stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    copy_verified_backup(copy, backup_dir, f"desk-{stamp}-rev{revision}.db", data_key)
    log.info("encrypted backup of the plain desk kept in %s", backup_dir.name)


def _has_version(connection: sqlcipher.Connection) -> bool:
    return connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
                   ).fetchone() is not None
