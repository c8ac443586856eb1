"""The database is copied before an upgrade, and only then; the newest copies are kept."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine

from models.backups import backup_database, list_backups, prune_backups
from models.database import migrate, open_database


def old_desk(path: Path, revision: str = "0001") -> None:
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, revision)
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO counters (name, value) VALUES ('station-number:06-01:2026', 41)")


def test_an_upgrade_is_preceded_by_a_copy_named_after_the_old_revision(tmp_path: Path) -> None:
    path, backups = tmp_path / "desk.db", tmp_path / "backups"
    old_desk(path, "0003")

    open_database(path, backup_dir=backups).close()

    [copy] = list_backups(backups)
    assert copy.name.startswith("desk-") and copy.name.endswith("-rev0003.db")
    with sqlite3.connect(copy) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]
        assert raw.execute("SELECT value FROM counters").fetchall() == [(41,)]
    assert not list(backups.glob("*.part"))


def test_no_copy_for_a_new_desk_or_one_already_up_to_date(tmp_path: Path) -> None:
    path, backups = tmp_path / "desk.db", tmp_path / "backups"
    open_database(path, backup_dir=backups).close()  # created: nothing to keep
    open_database(path, backup_dir=backups).close()  # at the head: nothing pending
    assert list_backups(backups) == []


def took_one_more(path: Path) -> None:
    """The desk worked between two copies: its counter moved on."""
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE counters SET value = value + 1")


def test_only_the_newest_copies_are_kept(tmp_path: Path) -> None:
    path, backups = tmp_path / "desk.db", tmp_path / "backups"
    old_desk(path)
    made = []
    for day in range(1, 6):
        took_one_more(path)
        made.append(backup_database(path, backups, "0001", keep=3,
                                    now=datetime(2026, 11, day, 9, 0, 0)))
    assert list_backups(backups) == made[-3:]
    assert prune_backups(backups, 1) == made[-3:-1]
    assert list_backups(backups) == made[-1:]


def test_two_copies_within_one_second_both_exist_in_order(tmp_path: Path) -> None:
    path, backups = tmp_path / "desk.db", tmp_path / "backups"
    old_desk(path)
    moment = datetime(2026, 11, 28, 9, 0, 0)
    first = backup_database(path, backups, "0001", keep=5, now=moment)
    took_one_more(path)
    second = backup_database(path, backups, "0001", keep=5, now=moment)
    assert first != second
    assert list_backups(backups) == [first, second]


def test_failed_starts_do_not_pile_up_copies_of_the_same_database(tmp_path: Path) -> None:
    """A start whose upgrade fails leaves the database as it was; the next start's copy
    would be the same bytes and is not kept again, so older backups are not pushed out."""
    path, backups = tmp_path / "desk.db", tmp_path / "backups"
    old_desk(path)
    older = backup_database(path, backups, "0001", keep=3, now=datetime(2026, 11, 1, 9))
    took_one_more(path)
    copies = {backup_database(path, backups, "0001", keep=3, now=datetime(2026, 11, 2, 9, m))
              for m in range(6)}  # six failed starts in a row
    assert len(copies) == 1
    assert list_backups(backups) == [older, *copies]
    took_one_more(path)  # the desk worked again: this copy differs, and is kept
    newest = backup_database(path, backups, "0001", keep=3, now=datetime(2026, 11, 3, 9))
    assert list_backups(backups) == [older, *copies, newest]


def test_a_copy_holds_what_was_committed_but_is_still_in_the_wal_file(
        tmp_path: Path) -> None:
    path, backups = tmp_path / "desk.db", tmp_path / "backups"
    db = open_database(path)  # WAL mode, as the desk runs
    try:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO counters (name, value) VALUES ('committed', 1)")
        copy = backup_database(path, backups, "head", keep=5)
    finally:
        db.close()
    with sqlite3.connect(copy) as raw:
        assert raw.execute("SELECT name FROM counters").fetchall() == [("committed",)]
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
