"""A real central service on loopback over a database of the test's own: a SQLite file in its
tmp_path and, when ``BIMER_TEST_PG_URL`` is set, a fresh PostgreSQL database as well (every
test that uses these fixtures runs once per backend; tests/bimer_central/databases.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.bimer_central.databases import (
    SQLITE,
    CentralDatabase,
    PostgresDatabases,
    backends,
    postgres_admin_url,
)
from tests.central_auth import act_as_desk

StoredRows = Callable[[], list[tuple[str, str]]]
MakeCentralDatabase = Callable[[str], CentralDatabase]


@pytest.fixture(autouse=True)
def _acting_desk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests sent by hand act as the enrolled desk 06-01 and its clerk memur1 (the
    envelopes' station and clerk, tests/bimer_central/payloads.py); a test marked
    ``anonymous`` sends exactly the headers it names."""
    if request.node.get_closest_marker("anonymous") is None:
        act_as_desk(monkeypatch)


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(postgres_admin_url())
    try:
        yield databases
    finally:
        databases.close()


@pytest.fixture(params=backends())
def central_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture
def make_central_db(
    central_backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[MakeCentralDatabase]:
    """Makes empty databases of the test's backend, each named for what the test calls it."""
    postgres: PostgresDatabases | None = None

    def make(name: str) -> CentralDatabase:
        nonlocal postgres
        if central_backend == SQLITE:
            path = tmp_path / f"{name}.db"
            return CentralDatabase(SQLITE, f"sqlite:///{path}", path.with_name(f"{name}-blobs"))
        if postgres is None:
            postgres = request.getfixturevalue("postgres_databases")
        return CentralDatabase(central_backend, postgres.create(), tmp_path / f"{name}-blobs")

    yield make
    if postgres is not None:
        postgres.drop_all()


@pytest.fixture
def central_db(make_central_db: MakeCentralDatabase) -> CentralDatabase:
    return make_central_db("central")


@pytest.fixture
def central_url(central_db: CentralDatabase) -> Iterator[str]:
    """The base URL of a real central service (FastAPI + uvicorn) over ``central_db``.

    Overrides tests/conftest.py's SQLite-only fixture for the central service's own tests.
    """
    with central_db.server() as server:
        yield server.url


@pytest.fixture
def stored_rows(central_db: CentralDatabase) -> StoredRows:
    """Reads (uuid, central_number) of every stored row from the database, past the service."""

    def read() -> list[tuple[str, str]]:
        return [(str(uuid), str(number)) for uuid, number in central_db.rows(
            "SELECT uuid, central_number FROM received_applications ORDER BY id")]

    return read
