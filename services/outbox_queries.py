"""The Gönderim Kuyruğu, read-only: outbox items as plain data, for any thread — a page at
a time for the screens (``page``), by id for a sync's report (``rows_by_id``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select

from models import i18n
from models.database import Database
from models.entities import Application, OutboxItem
from models.enums import OutboxKind, OutboxState
from models.i18n import N_
from services.paging import PAGE_SIZE, Page

QUEUE_LIMIT = 2000  # rows() returns the newest; the counts cover them all
_IDS_PER_QUERY = 500

# Marked only; kind_label translates.
KIND_LABELS = {OutboxKind.APPLICATION: N_("Başvuru"), OutboxKind.BLOB: N_("Ek"),
               OutboxKind.FORWARD: N_("Sevk")}


@dataclass(frozen=True)
class OutboxRow:
    """One outbox item with the application it belongs to; never a name or a text."""

    id: int
    application_id: int
    kind: OutboxKind
    station_number: str
    version: int
    state: OutboxState
    attempts: int
    next_attempt_at: datetime | None
    last_status: int | None
    last_message: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def kind_label(self) -> str:
        return i18n._(KIND_LABELS[self.kind])

    @property
    def correctable(self) -> bool:
        """The service refused this application: the clerk may save a corrected version."""
        return self.kind is OutboxKind.APPLICATION and self.state is OutboxState.QUARANTINED

    @property
    def requeueable(self) -> bool:
        return self.state is OutboxState.QUARANTINED


@dataclass(frozen=True)
class QueueCounts:
    """How many items are in each state."""

    by_state: dict[OutboxState, int]

    def __getitem__(self, state: OutboxState) -> int:
        return self.by_state.get(state, 0)

    @property
    def waiting(self) -> int:
        """Not yet at the central service and still to go (quarantined ones included)."""
        return sum(n for state, n in self.by_state.items() if not state.finished)

    @property
    def quarantined(self) -> int:
        return self[OutboxState.QUARANTINED]


class OutboxQueries:
    def __init__(self, db: Database) -> None:
        self._db = db

    def rows(self, states: Collection[OutboxState] | None = None,
             limit: int | None = QUEUE_LIMIT) -> list[OutboxRow]:
        """The items in ``states`` (all if None), newest first."""
        statement = _rows().order_by(OutboxItem.id.desc()).limit(limit)
        if states is not None:
            statement = statement.where(OutboxItem.state.in_([s.value for s in states]))
        with self._db.sessions() as session:
            return [_row(values) for values in session.execute(statement).all()]

    def page(self, states: Collection[OutboxState] | None = None, after: int | None = None,
             limit: int = PAGE_SIZE) -> Page[OutboxRow]:
        """The items in ``states`` (all if None) a page at a time, newest first, after the
        item ``after``.

        Two steps, as the case lists do: the page's ids, then their rows. The ids come per
        state from the state's index, already in id order (``state = ? AND id < ?``: a few
        index entries each), merged here; asked as one ``state IN (…)``, SQLite's
        statistics (five states over 200,000 items) made it walk every item instead —
        350 ms for the handful still waiting."""
        with self._db.engine.connect() as connection:
            if states is None:
                wanted = self._ids(connection, None, after, limit + 1)
            else:
                wanted = sorted((item for state in states
                                 for item in self._ids(connection, state, after, limit + 1)),
                                reverse=True)[:limit + 1]
        rows = self.rows_by_id(wanted[:limit])
        rows.reverse()  # rows_by_id gives them oldest first
        return Page(rows, len(wanted) <= limit, rows[-1].id if rows else None)

    @staticmethod
    def _ids(connection: Connection, state: OutboxState | None, after: int | None,
             limit: int) -> list[int]:
        statement = select(OutboxItem.id).order_by(OutboxItem.id.desc()).limit(limit)
        if state is not None:
            statement = statement.where(OutboxItem.state == state.value)
        if after is not None:
            statement = statement.where(OutboxItem.id < after)
        return [int(value) for value in connection.execute(statement).scalars()]

    def rows_by_id(self, ids: Iterable[int]) -> list[OutboxRow]:
        """These items, in the order of their ids (e.g. a sync report's quarantined ones)."""
        wanted = sorted(set(ids))
        found: list[OutboxRow] = []
        with self._db.sessions() as session:
            for start in range(0, len(wanted), _IDS_PER_QUERY):
                chunk = wanted[start:start + _IDS_PER_QUERY]
                statement = _rows().where(OutboxItem.id.in_(chunk)).order_by(OutboxItem.id)
                found += [_row(values) for values in session.execute(statement).all()]
        return found

    def counts(self) -> QueueCounts:
        statement = select(OutboxItem.state, func.count()).group_by(OutboxItem.state)
        with self._db.sessions() as session:
            return QueueCounts({OutboxState(state): int(count)
                                for state, count in session.execute(statement).all()})


_COLUMNS = (
    OutboxItem.id, OutboxItem.application_id, OutboxItem.kind, Application.station_number,
    Application.version, OutboxItem.state, OutboxItem.attempts, OutboxItem.next_attempt_at,
    OutboxItem.last_status, OutboxItem.last_message, OutboxItem.created_at,
    OutboxItem.updated_at,
)


def _rows() -> Select[*tuple[Any, ...]]:
    # Columns, not entities: the payload (the whole envelope) is never read here.
    return select(*_COLUMNS).join(Application, Application.id == OutboxItem.application_id)


def _row(values: Row[Any]) -> OutboxRow:
    (item_id, application_id, kind, station_number, version, state, attempts,
     next_attempt_at, last_status, last_message, created_at, updated_at) = tuple(values)
    return OutboxRow(
        id=item_id,
        application_id=application_id,
        kind=OutboxKind(kind),
        station_number=station_number,
        version=version,
        state=OutboxState(state),
        attempts=attempts,
        next_attempt_at=next_attempt_at,
        last_status=last_status,
        last_message=last_message,
        created_at=created_at,
        updated_at=updated_at,
    )
