"""The local SQLite store: durable settings, and the schema brought up to date by Alembic."""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.data_cipher import database_key_pragma

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("bimer.database")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The desk's SQLite is SQLCipher's build (docs/security.md): the same SQLite, pages encrypted.
# Its errors are its own classes, not the standard library's sqlite3 ones.
SQLiteError = sqlcipher.Error
SQLiteDatabaseError = sqlcipher.DatabaseError
SQLiteOperationalError = sqlcipher.OperationalError
_PLAIN_HEADER = b"SQLite format 3\x00"


def connect_sqlite(path: Path, data_key: bytes | None, *, read_only: bool = False,
                   timeout: float = 30, isolation_level: str | None = "") -> sqlcipher.Connection:
    """A DB-API connection to a desk database, unlocked with ``data_key`` (None: a plain
    file). For what the ORM does not do: backups, the schema stamp, tools, tests."""
    target = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlcipher.connect(target, uri=True, timeout=timeout,
                                   isolation_level=isolation_level)
    if data_key is not None:
        connection.execute(database_key_pragma(data_key))
    return connection


def is_plain_database(path: Path) -> bool:
    """The file is an unencrypted SQLite database (a desk from before encryption)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_PLAIN_HEADER)) == _PLAIN_HEADER
    except FileNotFoundError:
        return False


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


def open_database(path: Path, *, data_key: bytes | None = None, backup_dir: Path | None = None,
                  keep_backups: int = 5) -> Database:
    """Open (creating if needed) the desk's database file and migrate it to the newest schema.

    With ``data_key`` (every desk: ``bimer_desktop/app.py``) the file is encrypted by
    SQLCipher, and a plain file from an older release is first encrypted in place
    (``models/database_encryption.py``); None opens a plain file (the schema's own tests).
    With ``backup_dir``, a database that is about to be upgraded is first copied there
    (``models/backups.py``); nothing is copied when no migration is pending.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if data_key is not None and is_plain_database(path):
        from models.database_encryption import encrypt_in_place

        encrypt_in_place(path, data_key, backup_dir=backup_dir)
    # hide_parameters: a database error must never carry a name or an ID number into a log.
    engine = create_engine(
        f"sqlite:///{path}", module=sqlcipher, connect_args={"timeout": 30},
        hide_parameters=True,
    )
    event.listen(engine, "connect", _connection_setup(data_key))
    fingerprint = migrations_fingerprint()
    if _stamped_fingerprint(path, data_key) != fingerprint:
        # Alembic (≈1 s to import and walk the scripts) only when the schema may be behind:
        # a desk opened by this release before carries its migrations' fingerprint.
        from models.backups import backup_database, current_revision

        if backup_dir is not None:
            old = current_revision(engine)
            if old is not None and old != schema_head():
                backup = backup_database(path, backup_dir, old, keep=keep_backups,
                                         data_key=data_key)
                log.info("database backed up before the upgrade from revision %s: %s",
                         old, backup.name)
        migrate(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql(f"PRAGMA user_version={fingerprint}")
            connection.commit()
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def _connection_setup(data_key: bytes | None) -> Any:
    def configure(dbapi_connection: Any, record: Any) -> None:
        if data_key is not None:
            # Before anything else reads a page: SQLCipher needs the key first.
            dbapi_connection.execute(database_key_pragma(data_key))
        _configure_sqlite_connection(dbapi_connection, record)

    return configure


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the sync thread read while the form writes; FULL makes a saved application
    # survive a power cut, not only a crash (DESIGN.md: about 0.4 ms per save).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrations_fingerprint() -> int:
    """A positive 31-bit checksum of this release's migration scripts (names and bytes),
    stamped as the database's ``user_version`` once ``migrate`` has brought it to head."""
    checksum = 0
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        checksum = zlib.crc32(script.name.encode() + b"\0" + script.read_bytes(), checksum)
    return (checksum & 0x7FFFFFFF) or 1


def _stamped_fingerprint(path: Path, data_key: bytes | None) -> int | None:
    """The ``user_version`` stamped in the file (None when it does not exist yet, or when a
    read-only look cannot tell: then the full path runs, whose read-write connection can
    also recover what a killed process left in the WAL)."""
    if not path.exists():
        return None
    try:
        connection = connect_sqlite(path, data_key, read_only=True)
    except SQLiteError:
        return None
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    except SQLiteError:
        log.info("schema stamp not readable read-only; checking the migrations")
        return None
    finally:
        connection.close()


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def schema_head() -> str | None:
    """The newest revision of the desk's schema (what ``migrate`` brings a database to)."""
    from alembic.script import ScriptDirectory

    from models.backups import head_revision

    return head_revision(ScriptDirectory.from_config(_config()))


class MigrationError(RuntimeError):
    """An upgrade could not be completed; nothing of it was committed."""


# Alembic's batch mode builds the new table under this prefix, then drops the old one and
# renames the copy (alembic.operations.batch).
_BATCH_TEMP_PREFIX = "_alembic_tmp_"
_VERSION_TABLE = "alembic_version"


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (a revision id; tests build old desks with it), all of
    it in ONE transaction: a process killed at any moment leaves the database as it was
    before, never half made or half upgraded.

    The pysqlite driver would commit every ``CREATE``/``DROP``/``ALTER`` on its own (it
    begins transactions only before INSERT/UPDATE/DELETE), so ``connection.begin()`` would
    wrap nothing: a killed first start left tables without ``alembic_version``, a killed
    upgrade a ``_alembic_tmp_`` table, and the desk never started again. So the connection
    is put in the driver's autocommit mode and the transaction is begun and ended here
    (SQLAlchemy's pysqlite notes, "Serializable isolation / Savepoints / Transactional
    DDL"); Alembic, finding the transaction open, runs inside it, ``alembic_version``
    included. ``BEGIN IMMEDIATE`` takes the write lock first, so two desks started at once
    on one file migrate one after the other.

    SQLite cannot alter most of a table in place: a batch migration copies it, drops the
    old one and renames the copy. With foreign keys enforced, dropping ``applications``
    fails as soon as an outbox item or audit event points at it — that is, on every desk
    that has taken an application. So enforcement is off while the migrations run (SQLite
    ignores that pragma inside a transaction: it is set before), every reference is
    checked before the commit, and enforcement is back on before the connection returns.
    """
    from alembic import command

    config = _config()
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        # Not at head (or not yet): the next open_database must run the migrations.
        connection.exec_driver_sql("PRAGMA user_version=0")
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                _clear_interrupted_work(connection)
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    tables = sorted({str(row[0]) for row in broken})
                    raise MigrationError(f"foreign keys broken in {', '.join(tables)}")
            except BaseException:
                if _in_transaction(connection):
                    connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _in_transaction(connection: Connection) -> bool:
    dbapi = connection.connection.dbapi_connection
    return dbapi is not None and bool(getattr(dbapi, "in_transaction", True))


def _clear_interrupted_work(connection: Connection) -> None:
    """Inside the migration's transaction: what a start killed under an earlier release
    (whose DDL was not transactional) left behind, removed so that the start can succeed.

    * ``_alembic_tmp_<table>`` beside ``<table>``: the copy of an upgrade that was killed
      before its first row was copied (from then on the old driver held a transaction);
      ``<table>`` still holds every row and the revision was not raised.
    * tables but no revision, and not one row in any of them: a first start killed while
      creating the schema. They are dropped and made again.

    Tables holding rows without a revision are never touched: that is not a database this
    desk made, and the start stops with ``MigrationError``.
    """
    tables = {str(name) for (name,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    for name in sorted(tables):
        if name.startswith(_BATCH_TEMP_PREFIX) and name[len(_BATCH_TEMP_PREFIX):] in tables:
            log.warning("removing %s, left by an upgrade that was interrupted", name)
            connection.exec_driver_sql(f'DROP TABLE "{name}"')
            tables.discard(name)
    revision = None
    if _VERSION_TABLE in tables:
        revision = connection.exec_driver_sql(
            f"SELECT version_num FROM {_VERSION_TABLE}").scalar()
    if revision is not None or not tables:
        return
    holding = [name for name in sorted(tables) if connection.exec_driver_sql(
        f'SELECT EXISTS (SELECT 1 FROM "{name}")').scalar()]
    if holding:
        raise MigrationError(
            f"tables without a schema revision hold rows: {', '.join(holding)}")
    log.warning("removing %d empty tables left by a first start that was interrupted",
                len(tables))
    for name in sorted(tables):
        connection.exec_driver_sql(f'DROP TABLE "{name}"')
