"""The desk database encrypted by SQLCipher: the file, its WAL and its backups unreadable
without the key; a plain desk of an older release encrypted in place, nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from models.backups import backup_database, list_backups
from models.data_cipher import new_data_key
from models.database import connect_sqlite, is_plain_database, open_database, schema_head
from models.database_encryption import ENCRYPTING_SUFFIX
from models.entities import Counter

SECRET = "10000000146 Ayşe Yılmaz"


def _plain_sqlite_reads(path: Path) -> bool:
    try:
        with sqlite3.connect(path) as raw:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


def test_the_file_and_its_wal_hold_no_readable_byte(tmp_path: Path) -> None:
    key = new_data_key()
    path = tmp_path / "desk.db"
    db = open_database(path, data_key=key)
    try:
        with db.sessions.begin() as session:
            session.add(Counter(name=SECRET, value=1))
        wal = path.with_name("desk.db-wal")
        assert wal.stat().st_size > 0  # the row is still in the WAL, not yet checkpointed
        for file in (path, wal):
            assert SECRET.encode() not in file.read_bytes()
            assert "Yılmaz".encode() not in file.read_bytes()
        assert not is_plain_database(path)
    finally:
        db.close()
    assert not _plain_sqlite_reads(path)  # the standard sqlite3: "file is not a database"
    with pytest.raises(Exception, match="not a database"):
        connect_sqlite(path, new_data_key()).execute("SELECT 1 FROM counters").fetchone()
    reopened = open_database(path, data_key=key)
    try:
        with reopened.sessions() as session:
            assert session.get(Counter, SECRET) is not None
    finally:
        reopened.close()


def test_a_plain_desk_is_encrypted_in_place_with_its_wal_and_backups(tmp_path: Path) -> None:
    older = tmp_path / "older"
    older.mkdir()
    plain = open_database(older / "desk.db")  # an older release's desk: no key
    with plain.sessions.begin() as session:
        session.add_all(Counter(name=f"{SECRET} {n}", value=n) for n in range(50))
    old_backup = backup_database(older / "desk.db", tmp_path / "backups", "0001", keep=5)
    assert is_plain_database(old_backup)
    writer = sqlite3.connect(older / "desk.db")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO counters (name, value) VALUES ('last one', 99)")
    writer.commit()
    # The desk as a killed process left it: its last rows only in the WAL.
    path = tmp_path / "desk.db"
    for suffix in ("", "-wal"):
        path.with_name("desk.db" + suffix).write_bytes(
            (older / ("desk.db" + suffix)).read_bytes())
    writer.close()
    plain.close()
    assert path.with_name("desk.db-wal").stat().st_size > 0
    backups = tmp_path / "backups"
    # A start killed while it was writing the encrypted copy left part of one behind.
    path.with_name("desk.db" + ENCRYPTING_SUFFIX).write_bytes(b"half a copy")

    key = new_data_key()
    db = open_database(path, data_key=key, backup_dir=backups)
    try:
        with db.sessions() as session:
            names = set(session.scalars(select(Counter.name)))
        assert len(names) == 51 and "last one" in names
    finally:
        db.close()
    assert not is_plain_database(path)
    assert not path.with_name("desk.db" + ENCRYPTING_SUFFIX).exists()
    every_backup = list_backups(backups)
    assert len(every_backup) == 2 and old_backup in every_backup
    for file in [path, *every_backup]:
        assert not _plain_sqlite_reads(file)
        assert "Yılmaz".encode() not in file.read_bytes()
        with connect_sqlite(file, key) as raw:  # each opens with the key, whole
            assert raw.execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_an_encrypted_backup_opens_with_the_key_and_a_retried_one_is_not_kept_twice(
        tmp_path: Path) -> None:
    key = new_data_key()
    path = tmp_path / "desk.db"
    db = open_database(path, data_key=key)
    with db.sessions.begin() as session:
        session.add(Counter(name=SECRET, value=7))
    db.close()
    head = schema_head() or "head"
    first = backup_database(path, tmp_path / "b", head, keep=5, data_key=key)
    again = backup_database(path, tmp_path / "b", head, keep=5, data_key=key)
    assert again == first and len(list_backups(tmp_path / "b")) == 1
    assert SECRET.encode() not in first.read_bytes() and not _plain_sqlite_reads(first)
    with connect_sqlite(first, key) as raw:
        assert raw.execute("SELECT value FROM counters WHERE name = ?", (SECRET,)
                           ).fetchone() == (7,)
