"""The audit trail: append-only, hash-chained, and never a name, an ID number or text.

Every event — save, correct, print, reveal, export, settings change, login, logout, lock,
switch, purge — is written by :func:`append_event` inside the transaction of what it
records (one commit for both). Its link (``models/audit_chain.py``) is computed after the
row is inserted: the INSERT takes SQLite's write lock first, so the event before it is
final and no other writer — another thread or another ``bimer-desktop`` process — can link
to the same one. :class:`AuditTrail` reads the trail back: ``verify`` and ``events`` for
``bimer-desktop audit``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Connection, String, Table, bindparam, insert, literal_column, select, update
from sqlalchemy.orm import Session

from models.audit_chain import GENESIS, ChainCheck, ChainedEvent, check_chain, event_hash
from models.database import Database
from models.entities import Application, AuditEvent

_AUDIT = cast(Table, AuditEvent.__table__)
# Built once, and the event before found by the INSERT's own RETURNING: two statements per
# event instead of three built at every call (a save's audit cost 0.7 ms of its ≈ 2.5 ms of
# work, bench/save_application.py). SQLAlchemy cannot correlate a subquery inside RETURNING
# (it renders "id < id"), so that one is written out.
_PREVIOUS_HASH = literal_column(
    "(SELECT previous.hash FROM audit_events AS previous"
    " WHERE previous.id < audit_events.id ORDER BY previous.id DESC LIMIT 1)", String)
_INSERT_EVENT = insert(_AUDIT).values(
    at=bindparam("event_at", type_=_AUDIT.c.at.type), user=bindparam("event_user"),
    station_code=bindparam("event_station"), action=bindparam("event_action"),
    application_id=bindparam("event_application", type_=_AUDIT.c.application_id.type),
    detail=bindparam("event_detail"), prev_hash="", hash="",
).returning(_AUDIT.c.id, _PREVIOUS_HASH)
_LINK_EVENT = (update(_AUDIT).where(_AUDIT.c.id == bindparam("event_id"))
               .values(prev_hash=bindparam("event_prev_hash"), hash=bindparam("event_hash")))


def record_event(
    session: Session,
    *,
    at: datetime,
    user: str,
    station_code: str,
    action: str,
    application_id: int | None,
    detail: str = "",
) -> None:
    """An event in the session's transaction (written at once, committed with it)."""
    append_event(session.connection(), at=at, user=user, station_code=station_code,
                 action=action, application_id=application_id, detail=detail)


def append_event(connection: Connection, *, at: datetime, user: str, station_code: str,
                 action: str, application_id: int | None, detail: str = "") -> int:
    """Insert one event and its link; its id."""
    event_id, previous = connection.execute(_INSERT_EVENT, {
        "event_at": at, "event_user": user, "event_station": station_code,
        "event_action": action, "event_application": application_id, "event_detail": detail,
    }).one()
    prev_hash = previous if previous is not None else GENESIS
    digest = event_hash(id=event_id, at=at, user=user, station_code=station_code,
                        action=action, application_id=application_id, detail=detail,
                        prev_hash=prev_hash)
    connection.execute(_LINK_EVENT, {"event_id": event_id, "event_prev_hash": prev_hash,
                                     "event_hash": digest})
    return int(event_id)


@dataclass(frozen=True)
class EventFilter:
    start: datetime | None = None  # at or after
    end: datetime | None = None  # before
    user: str = ""
    case: str = ""  # a station or central number


@dataclass(frozen=True)
class ListedEvent:
    event: ChainedEvent
    case_number: str  # the case's station number, "" for an event of no case


class AuditTrail:
    def __init__(self, db: Database) -> None:
        self._db = db

    def verify(self) -> ChainCheck:
        """Recompute the whole chain, oldest first; the first broken link, if any."""
        with self._db.sessions() as session:
            return check_chain(self._all(session))

    def events(self, wanted: EventFilter) -> list[ListedEvent]:
        statement = (select(AuditEvent, Application.station_number)
                     .outerjoin(Application, Application.id == AuditEvent.application_id)
                     .order_by(AuditEvent.id))
        if wanted.start is not None:
            statement = statement.where(AuditEvent.at >= wanted.start)
        if wanted.end is not None:
            statement = statement.where(AuditEvent.at < wanted.end)
        if wanted.user:
            statement = statement.where(AuditEvent.user == wanted.user)
        if wanted.case:
            number = wanted.case.strip().upper()
            statement = statement.where(
                (Application.station_number == number) | (Application.central_number == number)
                | (Application.reserved_central_number == number))
        with self._db.sessions() as session:
            return [ListedEvent(_chained(row), station_number or "")
                    for row, station_number in session.execute(statement)]

    @staticmethod
    def _all(session: Session) -> Iterator[ChainedEvent]:
        for row in session.scalars(select(AuditEvent).order_by(AuditEvent.id)
                                   .execution_options(yield_per=1000)):
            yield _chained(row)


def _chained(row: AuditEvent) -> ChainedEvent:
    return ChainedEvent(id=row.id, at=row.at, user=row.user, station_code=row.station_code,
                        action=row.action, application_id=row.application_id,
                        detail=row.detail or "", prev_hash=row.prev_hash, hash=row.hash)
