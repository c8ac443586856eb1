"""Sending the desk's audit trail to the central service, which anchors it (issue 13, item 3).

The audit table is its own outbox: append-only and ordered, so what is still to send is
every event after the last one the service said it holds (``audit.anchored_through`` in
``counters``). After each sync that reached the service (``Desk.upkeep``) the events after
that point go, oldest first, in batches; the service's answer moves the point. A lost answer
costs a resend, which the service recognises as a replay: nothing is anchored twice. When
the service refuses because the chain does not link to what it holds (the trail was edited
here), the point stays, the refusal is kept (``audit.anchor_broken_at``) and logged, and
``bimer-desktop audit verify`` says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.database import Database
from models.entities import AuditEvent, Counter
from services.central_client import CentralClient, Outcome

log = logging.getLogger("bimer.audit")

ANCHORED_THROUGH = "audit.anchored_through"
BROKEN_AT = "audit.anchor_broken_at"
BATCH = 200


@dataclass(frozen=True)
class AnchorState:
    anchored_through: int  # the last event the service holds (0: none yet)
    broken_at: int  # the event the service refused as not linking (0: none)


class AuditAnchoring:
    def __init__(self, db: Database) -> None:
        self._db = db

    def state(self) -> AnchorState:
        with self._db.sessions() as session:
            return AnchorState(_value(session, ANCHORED_THROUGH), _value(session, BROKEN_AT))

    def send(self, client: CentralClient) -> AnchorState:
        """Send every event the service does not hold yet; the state after. Network I/O:
        a worker thread only (the sync's)."""
        while True:
            with self._db.sessions() as session:
                after = _value(session, ANCHORED_THROUGH)
                rows = session.scalars(select(AuditEvent).where(AuditEvent.id > after)
                                       .order_by(AuditEvent.id).limit(BATCH)).all()
                events = [_wire(row) for row in rows]
            if not events:
                return self.state()
            answer = client.anchor_audit_events(events)
            if answer.outcome is Outcome.DONE and answer.anchored_through is not None:
                if answer.anchored_through <= after:
                    log.warning("audit anchoring: the service holds no further event")
                    return self.state()
                self._store(answer.anchored_through, 0)
                continue
            if answer.outcome is Outcome.QUARANTINED:
                log.error("audit anchoring refused: the chain breaks at event %s",
                          answer.broken_at)
                self._store(after, answer.broken_at or 0)
            else:
                log.info("audit anchoring postponed (HTTP %s)", answer.status)
            return self.state()

    def _store(self, through: int, broken_at: int) -> None:
        with self._db.sessions.begin() as session:
            for name, value in ((ANCHORED_THROUGH, through), (BROKEN_AT, broken_at)):
                row = session.get(Counter, name)
                if row is None:
                    session.add(Counter(name=name, value=value))
                else:
                    row.value = value


def _value(session: Session, name: str) -> int:
    row = session.get(Counter, name)
    return row.value if row is not None else 0


def _wire(row: AuditEvent) -> dict[str, Any]:
    return {"id": row.id, "at": row.at.isoformat(timespec="microseconds"), "user": row.user,
            "station_code": row.station_code, "action": row.action,
            "application_id": row.application_id, "detail": row.detail or "",
            "prev_hash": row.prev_hash, "hash": row.hash}
