"""A raw SQL connection to a test desk's encrypted database, as an operator's tool opens it:
with the desk's data key from where the desk keeps it (``services/data_key.py``)."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from models.database import connect_sqlite, is_plain_database
from services.credentials import backend_for
from services.data_key import DATA_KEY_ENTRY


def desk_key(data_dir: Path) -> bytes:
    stored = backend_for(data_dir).get(DATA_KEY_ENTRY)
    if stored is None:  # a desk another process is still setting up, as SQLite would say
        raise sqlcipher.OperationalError(f"no data key yet for {data_dir}")
    return bytes.fromhex(stored)


def desk_sql(database_path: Path, *, isolation_level: str | None = "",
             read_only: bool = False, timeout: float = 30,
             data_dir: Path | None = None) -> sqlcipher.Connection:
    """``sqlite3.connect(database_path)`` for a database of the desk whose data folder is
    ``data_dir`` (default: the folder the file is in)."""
    # A plain file: a database the test made without a desk (models' own open_database).
    key = None if is_plain_database(database_path) else desk_key(data_dir or database_path.parent)
    return connect_sqlite(database_path, key, timeout=timeout,
                          isolation_level=isolation_level, read_only=read_only)


def files_containing(folder: Path, texts: list[str]) -> list[tuple[str, str]]:
    """(file, text) for every file under ``folder`` whose bytes hold one of ``texts`` in
    UTF-8 (as SQLite, JSON and PDF text streams would keep it), or as JSON's ASCII escapes."""
    needles = {text: {text.encode("utf-8"),
                      text.encode("ascii", "backslashreplace").replace(b"\\x", b"\\u00")}
               for text in texts}
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found.extend((str(path.relative_to(folder)), text) for text, forms in needles.items()
                     if any(form in data for form in forms))
    return found
