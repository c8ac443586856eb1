"""A real central service on loopback over a real SQLite file in the test's tmp_path."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

StoredRows = Callable[[], list[tuple[str, str]]]


@pytest.fixture
def stored_rows(central_db_path: Path) -> StoredRows:
    """Reads (uuid, central_number) of every stored row from the file, past the service."""

    def read() -> list[tuple[str, str]]:
        with closing(sqlite3.connect(central_db_path)) as connection:
            return connection.execute(
                "SELECT uuid, central_number FROM received_applications ORDER BY id"
            ).fetchall()

    return read
