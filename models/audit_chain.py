"""The audit trail's hash chain: what one event's link is, and where a chain breaks.

Each event's ``hash`` is SHA-256 over a canonical JSON of the event (its id, time, user,
station, action, case, detail) and the ``prev_hash`` it links to — the ``hash`` of the event
before it, :data:`GENESIS` for the first. Changing, removing or reordering a row changes a
hash that a later row (or the recomputation itself) no longer matches; only the chain's
last events can vanish unnoticed here, which is what anchoring them at the central service
is for. Used by the desk's trail (``services/audit.py``), its migration, and ``bimer-desktop
audit verify``; plain values in and out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainedEvent:
    id: int
    at: datetime
    user: str
    station_code: str
    action: str
    application_id: int | None
    detail: str
    prev_hash: str
    hash: str


def canonical_time(at: datetime) -> str:
    """UTC, microseconds, no zone suffix: what the column gives back, whatever went in."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def event_hash(*, id: int, at: datetime, user: str, station_code: str, action: str,
               application_id: int | None, detail: str, prev_hash: str) -> str:
    body = {"id": id, "at": canonical_time(at), "user": user, "station_code": station_code,
            "action": action, "application_id": application_id, "detail": detail,
            "prev": prev_hash}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_of(event: ChainedEvent) -> str:
    return event_hash(id=event.id, at=event.at, user=event.user,
                      station_code=event.station_code, action=event.action,
                      application_id=event.application_id, detail=event.detail,
                      prev_hash=event.prev_hash)


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    reason: str  # "changed": its own hash does not match; "unlinked": prev_hash is not the
    # previous event's hash (an event before it was removed, changed or inserted)


@dataclass(frozen=True)
class ChainCheck:
    events: int
    broken: BrokenLink | None
    last_hash: str

    @property
    def ok(self) -> bool:
        return self.broken is None


def check_chain(events: Iterable[ChainedEvent], start: str = GENESIS) -> ChainCheck:
    """Walk ``events`` in id order from ``start``; the first broken link, if any."""
    previous = start
    count = 0
    for event in events:
        count += 1
        if event.prev_hash != previous:
            return ChainCheck(count, BrokenLink(event.id, "unlinked"), previous)
        if hash_of(event) != event.hash:
            return ChainCheck(count, BrokenLink(event.id, "changed"), previous)
        previous = event.hash
    return ChainCheck(count, None, previous)
