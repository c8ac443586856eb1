"""The databases the central service's tests run on: a SQLite file always, and PostgreSQL
when ``BIMER_TEST_PG_URL`` names a server (see docs/operator.md, "Testing on PostgreSQL").

Every test gets databases of its own: a new file in its tmp_path, or a new PostgreSQL
database created through the URL's (maintenance) database and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from bimer_central.db import POSTGRES_DRIVER
from bimer_central.server import CentralServer

PG_URL_VARIABLE = "BIMER_TEST_PG_URL"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
TEST_DATABASE_PREFIX = "bimer_test_"


def backends() -> list[str]:
    """The database kinds the central tests run on here."""
    return [SQLITE, POSTGRESQL] if os.environ.get(PG_URL_VARIABLE) else [SQLITE]


def postgres_admin_url() -> str:
    """``BIMER_TEST_PG_URL`` with psycopg 3 as its driver; a user allowed to create databases."""
    url = make_url(os.environ[PG_URL_VARIABLE])
    if url.drivername == POSTGRESQL:
        url = url.set(drivername=POSTGRES_DRIVER)
    return url.render_as_string(hide_password=False)


@dataclass(frozen=True)
class CentralDatabase:
    """One empty database for the service, and a way to look into it past the service."""

    backend: str
    url: str
    # Where the service keeps attachment bytes: beside a SQLite file by its own default,
    # given explicitly for PostgreSQL (as an operator must: see docs/operator.md).
    blob_dir: Path

    def server(self, **options: Any) -> CentralServer:
        """The service over this database (not started)."""
        blob_dir = None if self.backend == SQLITE else self.blob_dir
        return CentralServer(self.url, blob_dir=blob_dir, **options)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection of the test's own, in a transaction committed at the end."""
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.begin() as connection:
                yield connection
        finally:
            engine.dispose()

    def rows(self, sql: str, parameters: Mapping[str, Any] | None = None
             ) -> list[tuple[Any, ...]]:
        with self.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), dict(parameters or {}))]

    def execute(self, sql: str, parameters: Mapping[str, Any] | None = None) -> None:
        with self.connect() as connection:
            connection.execute(text(sql), dict(parameters or {}))


class PostgresDatabases:
    """Creates uniquely named databases on the test server and drops them all at the end.

    Needs no more than a role with CREATEDB (docs/operator.md): the databases it creates
    are its own, and dropping them needs neither superuser nor ``pg_signal_backend``.
    Every engine a test opened is disposed of before its fixtures drop its databases.
    """

    def __init__(self, admin_url: str) -> None:
        # AUTOCOMMIT: CREATE/DROP DATABASE cannot run inside a transaction.
        self._admin: Engine = create_engine(
            admin_url, poolclass=NullPool, isolation_level="AUTOCOMMIT"
        )
        self._created: list[str] = []

    def create(self) -> str:
        """A new empty database; its URL."""
        name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self._created.append(name)
        return self._admin.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        """Drop every database created so far; each one is tried even if another fails."""
        failures: list[str] = []
        with self._admin.connect() as connection:
            while self._created:
                name = self._created.pop()
                try:
                    drop_database(connection, name)
                except DBAPIError as exc:
                    failures.append(f"{name}: {str(exc.orig).strip()}")
        if failures:
            raise RuntimeError("test databases left behind: " + "; ".join(failures))

    def close(self) -> None:
        try:
            self.drop_all()
        finally:
            self._admin.dispose()


# SQLSTATE of DROP DATABASE while a session is still connected to the database.
_OBJECT_IN_USE = "55006"


def drop_database(connection: Connection, name: str, attempts: int = 3) -> None:
    """``DROP DATABASE`` as the role that created it, with no further rights.

    A straggler of a test (a connection it left open, a child process still running) is a
    session of this same role, which a role may end by itself (``pg_terminate_backend``);
    the plain DROP then asks an autovacuum worker on the database to leave, and waits for
    it. Not ``WITH (FORCE)``: it refuses outright ("must be a member of the role whose
    process is being terminated or member of pg_signal_backend") whenever an autovacuum
    worker, which has no role, happens to be on the database.
    """
    for attempt in range(attempts):
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 "WHERE datname = :name AND usename = current_user "
                 "AND pid <> pg_backend_pid()"),
            {"name": name},
        )
        try:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except DBAPIError as exc:
            if _sqlstate(exc) != _OBJECT_IN_USE or attempt == attempts - 1:
                raise


def _sqlstate(exc: DBAPIError) -> str | None:
    code = getattr(exc.orig, "sqlstate", None)
    return code if isinstance(code, str) else None
