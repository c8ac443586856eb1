"""The desk's ledger: what the desk must know even when its database is lost or rolled back.

A small JSON file beside the database (``desk.ledger.json``): the database's id, the
station code, and the last station number issued in each year. At every start it is held
against the database (``services/desk_identity.py``): a database that is missing, empty,
another one, or behind the ledger (a deleted or damaged WAL rolls SQLite back to its last
checkpoint, with ``integrity_check`` still "ok") stops the desk instead of reissuing
station numbers the citizens already hold on paper.

Written whole (temporary file and rename). After a save it is written without fsync (a
killed desk keeps it; a power cut may keep the previous one, which is only ever behind the
database, never ahead of it, so it cannot raise a false alarm); at start and at restore it
is written durably.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from models.durable_files import write_atomically

LEDGER_FILE_NAME = "desk.ledger.json"
_FORMAT = 1


class LedgerDamaged(ValueError):
    """The ledger file exists but cannot be read as a ledger."""


@dataclass(frozen=True)
class Ledger:
    database_id: str
    station_code: str
    # year -> the last sequence issued in it (station numbers restart every year)
    last_numbers: dict[int, int] = field(default_factory=dict)

    def with_number(self, year: int, sequence: int) -> Ledger:
        if self.last_numbers.get(year, 0) >= sequence:
            return self
        return Ledger(self.database_id, self.station_code,
                      {**self.last_numbers, year: sequence})

    def to_bytes(self) -> bytes:
        return json.dumps({
            "format": _FORMAT,
            "database_id": self.database_id,
            "station_code": self.station_code,
            "last_numbers": {str(year): n for year, n in sorted(self.last_numbers.items())},
        }, indent=1).encode("utf-8")


def ledger_path(database_path: Path) -> Path:
    return database_path.with_name(LEDGER_FILE_NAME)


def read_ledger(path: Path) -> Ledger | None:
    """The ledger at ``path``; None when there is none. ``LedgerDamaged`` when garbled."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        numbers = {int(year): int(n) for year, n in dict(data["last_numbers"]).items()}
        database_id, station_code = data["database_id"], data["station_code"]
        if not isinstance(database_id, str) or not isinstance(station_code, str):
            raise TypeError("ids are not text")
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise LedgerDamaged(str(path)) from error
    return Ledger(database_id, station_code, numbers)


def write_ledger(path: Path, ledger: Ledger, *, durable: bool = True) -> None:
    if durable:
        write_atomically(path, ledger.to_bytes())
        return
    # After every save: a temporary file named by this process, renamed over the ledger —
    # whole after a kill, and about 0.1 ms (a unique name and fsyncs tripled it).
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(descriptor, ledger.to_bytes())
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
