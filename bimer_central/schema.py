"""The central service's schema, brought to the newest revision by Alembic at every start.

The revisions live in ``bimer_central/migrations/versions`` (their own history, apart from
the desk's ``models/migrations``). ``migrate`` runs them in ONE transaction that also holds
a lock, so that any number of services starting at once on one database do the work once
and the others find it done, and a process killed half-way leaves the database as it was:

* PostgreSQL: ``pg_advisory_xact_lock`` on a fixed key, released by the commit. DDL is
  transactional there, so the tables, the data steps and ``alembic_version`` commit
  together.
* SQLite: ``BEGIN IMMEDIATE`` (the write lock; the others wait in their busy timeout). The
  pysqlite driver would otherwise commit each ``CREATE``/``ALTER`` on its own (it opens
  transactions only before INSERT/UPDATE/DELETE), so the connection is put in the driver's
  autocommit mode and the transaction is begun and ended here, as SQLAlchemy's pysqlite
  notes describe.

Databases made before Alembic (no ``alembic_version``, every table made by ``create_all``
and columns added at start-up by ``upgrade_schema``) are stamped with the first revision
and upgraded from there: revisions 0002-0005 are the changes those releases made, written
to add only what is missing, because such a database may stand anywhere between them (and
an interrupted backfill is finished). Revisions after 0005 are ordinary ones.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command, op
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, inspect, text

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The revision every database of a release before Alembic has reached (its one table).
PRE_ALEMBIC_REVISION = "0001"
# pg_advisory_xact_lock key of the migrations: any fixed bigint, the same in every process
# (b"BIMERmig" read as a big-endian integer). Other programs on the same database would
# have to pick this very number to be held up by it.
MIGRATION_LOCK_KEY = 0x42494D45526D6967
MIGRATION_BUSY_TIMEOUT_MS = 120_000
_VERSION_TABLE = "alembic_version"
_FIRST_TABLE = "received_applications"


def config() -> Config:
    """Alembic's configuration for the central service's own migrations."""
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return alembic_config


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None when Alembic never touched it."""
    return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision, under the migration lock, in one
    transaction; raises SQLAlchemy's errors, or Alembic's ``CommandError`` for a revision
    this code does not know (a newer release's database)."""
    alembic_config = config()
    with engine.connect() as connection, _locked_transaction(connection):
        alembic_config.attributes["connection"] = connection
        before = current_revision(connection)
        if before is None and _made_before_alembic(connection):
            command.stamp(alembic_config, PRE_ALEMBIC_REVISION)
            before = f"{PRE_ALEMBIC_REVISION} (made before migrations)"
        command.upgrade(alembic_config, "head")
        after = current_revision(connection)
    if before != after:
        logger.info("central database schema upgraded from %s to %s", before or "empty", after)


@contextmanager
def _locked_transaction(connection: Connection) -> Iterator[None]:
    if connection.dialect.name == "sqlite":
        connection.execution_options(isolation_level="AUTOCOMMIT")
        # Services started together queue here one after the other, each waiting for the
        # migrations before it: longer than a request's busy timeout on a loaded machine.
        usual = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout={MIGRATION_BUSY_TIMEOUT_MS}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if connection.connection.dbapi_connection is not None and getattr(
                    connection.connection.dbapi_connection, "in_transaction", True):
                connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("COMMIT")
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(usual or 0)}")
        return
    with connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": MIGRATION_LOCK_KEY})
        yield


def _made_before_alembic(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names())
    return _VERSION_TABLE not in tables and _FIRST_TABLE in tables


# ----- for the revisions that replay what releases before Alembic did at start-up --------


def has_table(name: str) -> bool:
    return bool(inspect(op.get_bind()).has_table(name))


def has_column(table: str, column: str) -> bool:
    return column in {found["name"] for found in inspect(op.get_bind()).get_columns(table)}


def has_index(table: str, name: str) -> bool:
    return name in {found["name"] for found in inspect(op.get_bind()).get_indexes(table)}
