"""The local SQLite store: durable settings, and the schema brought up to date by Alembic."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.backups import backup_database, current_revision, head_revision

log = logging.getLogger("bimer.database")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        # SQLite's advice for long-lived databases: let it refresh the statistics its query
        # planner chooses indexes by (cheap when nothing changed much; the first time on a
        # desk with years of work, a fraction of a second). The lists depend on good choices.
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA optimize")
        except SQLAlchemyError:
            log.warning("PRAGMA optimize failed at close")
        self.engine.dispose()


def open_database(path: Path, *, backup_dir: Path | None = None,
                  keep_backups: int = 5) -> Database:
    """Open (creating if needed) the desk's database file and migrate it to the newest schema.

    With ``backup_dir``, a database that is about to be upgraded is first copied there
    (``models/backups.py``); nothing is copied when no migration is pending.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # hide_parameters: a database error must never carry a name or an ID number into a log.
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": 30}, hide_parameters=True
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    if backup_dir is not None:
        old = current_revision(engine)
        if old is not None and old != schema_head():
            backup = backup_database(path, backup_dir, old, keep=keep_backups)
            log.info("database backed up before the upgrade from revision %s: %s",
                     old, backup.name)
    migrate(engine)
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the sync thread read while the form writes; FULL makes a saved application
    # survive a power cut, not only a crash (DESIGN.md: about 0.4 ms per save).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def schema_head() -> str | None:
    """The newest revision of the desk's schema (what ``migrate`` brings a database to)."""
    return head_revision(ScriptDirectory.from_config(_config()))


class MigrationError(RuntimeError):
    """An upgrade left rows pointing at rows that are not there; nothing was committed."""


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (a revision id; tests build old desks with it).

    SQLite cannot alter most of a table in place: a batch migration copies it, drops the
    old one and renames the copy. With foreign keys enforced, dropping ``applications``
    fails as soon as an outbox item or audit event points at it — that is, on every desk
    that has taken an application. So enforcement is off while the migrations run (SQLite
    ignores that pragma inside a transaction: it is set before), every reference is
    checked before the commit, and enforcement is back on before the connection returns.
    """
    config = _config()
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    tables = sorted({str(row[0]) for row in broken})
                    raise MigrationError(f"foreign keys broken in {', '.join(tables)}")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
