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
    """Creates uniquely named databases on the test server and drops them all at the end."""

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
        with self._admin.connect() as connection:
            while self._created:
                name = self._created.pop()
                # FORCE (PostgreSQL 13+): a server a failed test left running lets go too.
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.drop_all()
        self._admin.dispose()
