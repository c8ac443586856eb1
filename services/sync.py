"""Draining the outbox to the central service: exactly once, whatever fails.

An item is marked in flight (and committed) before its request, and done only after the
answer is stored. A crash in between leaves it in flight; ``recover_in_flight`` at start-up
sends it again, which is safe because every send carries the same idempotency key.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from models.database import Database
from models.entities import Application, OutboxItem
from models.enums import OutboxState
from services.audit import record_event
from services.central_client import CentralClient, Outcome, SubmitResult
from services.clock import Clock
from services.queries import ApplicationQueries

log = logging.getLogger("bimer.sync")

BACKOFF_BASE_SECONDS = 5.0
BACKOFF_CAP_SECONDS = 15 * 60.0
# One durable commit marks this many items in flight; a crash resends them (idempotent).
CLAIM_BATCH = 25


@dataclass(frozen=True)
class _Claimed:
    id: int
    key: str
    envelope: dict[str, object]
    previous_state: OutboxState


@dataclass(frozen=True)
class SyncReport:
    sent: int
    retrying: int
    quarantined: int
    pending: int
    reachable: bool
    message: str
    finished_at: datetime


class SyncService:
    def __init__(
        self,
        db: Database,
        client: CentralClient,
        clock: Clock,
        station_code: str,
        queries: ApplicationQueries,
        rng: random.Random | None = None,
    ) -> None:
        self._db = db
        self._client = client
        self._clock = clock
        self._station_code = station_code
        self._queries = queries
        self._rng = rng or random.Random()

    @property
    def central_url(self) -> str:
        return self._client.base_url

    def recover_in_flight(self) -> int:
        """Put back every item a crash left in flight; returns how many."""
        with self._db.sessions.begin() as session:
            items = session.scalars(
                select(OutboxItem).where(OutboxItem.state == OutboxState.IN_FLIGHT.value)
            ).all()
            for item in items:
                item.state = OutboxState.PENDING.value
                item.updated_at = self._clock()
        if items:
            log.warning("%d outbox item(s) were in flight at start-up; they will be resent",
                        len(items))
        return len(items)

    def drain_once(self, *, force: bool = False) -> SyncReport:
        """Send every due item once. ``force`` ignores backoff (the clerk's "send now").

        Items are claimed a batch at a time (one durable commit marks the batch in flight),
        then sent and answered one by one. Stops early when the service is unreachable, so a
        dead link costs one timeout, not one per item; the unsent rest of the batch goes back
        to the state it had.
        """
        sent = retrying = quarantined = 0
        reachable = True
        message = "Eşitleme tamamlandı."
        after_id = 0
        tried_any = False
        while reachable and (batch := self._claim_batch(force, after_id)):
            tried_any = True
            after_id = batch[-1].id
            for index, claimed in enumerate(batch):
                result = self._client.submit_application(claimed.key, claimed.envelope)
                self._store_result(claimed.id, result)
                if result.outcome is Outcome.DONE:
                    sent += 1
                elif result.outcome is Outcome.QUARANTINED:
                    quarantined += 1
                else:
                    retrying += 1
                    if result.status is None:
                        reachable = False
                        message = result.message
                        self._release(batch[index + 1:])
                        break
        if reachable and not tried_any:
            reachable = self._client.health()
            if not reachable:
                message = "Merkeze bağlanılamadı."
        return SyncReport(sent, retrying, quarantined, self._queries.pending_count(), reachable,
                          message, self._clock())

    def _claim_batch(self, force: bool, after_id: int) -> list[_Claimed]:
        now = self._clock()
        with self._db.sessions.begin() as session:
            retry_due = OutboxItem.state == OutboxState.RETRY.value
            if not force:
                retry_due = retry_due & (OutboxItem.next_attempt_at <= now)
            due = or_(OutboxItem.state == OutboxState.PENDING.value, retry_due)
            items = session.scalars(
                select(OutboxItem).where(due, OutboxItem.id > after_id)
                .order_by(OutboxItem.id).limit(CLAIM_BATCH)
            ).all()
            claimed = [_Claimed(item.id, item.idempotency_key, json.loads(item.payload),
                                OutboxState(item.state)) for item in items]
            for item in items:
                item.state = OutboxState.IN_FLIGHT.value
                item.updated_at = now
            return claimed

    def _release(self, unsent: list[_Claimed]) -> None:
        """Give back claimed items that were never sent, as they were before the claim."""
        if not unsent:
            return
        with self._db.sessions.begin() as session:
            for claimed in unsent:
                session.get_one(OutboxItem, claimed.id).state = claimed.previous_state.value

    def _store_result(self, item_id: int, result: SubmitResult) -> None:
        now = self._clock()
        with self._db.sessions.begin() as session:
            item = session.get_one(OutboxItem, item_id)
            item.attempts += 1
            item.last_status = result.status
            item.last_message = result.message
            item.updated_at = now
            if result.outcome is Outcome.DONE:
                item.state = OutboxState.DONE.value
                item.next_attempt_at = None
                application = session.get_one(Application, item.application_id)
                application.central_number = result.central_number
                application.synced_at = now
                record_event(session, at=now, user="sync", station_code=self._station_code,
                             action="application.synced", application_id=application.id,
                             detail=result.central_number or "")
            elif result.outcome is Outcome.QUARANTINED:
                item.state = OutboxState.QUARANTINED.value
                item.next_attempt_at = None
                log.warning("outbox item %d quarantined (HTTP %s)", item.id, result.status)
            else:
                item.state = OutboxState.RETRY.value
                item.next_attempt_at = now + timedelta(
                    seconds=self._backoff(item.attempts, result.retry_after)
                )

    def _backoff(self, attempts: int, retry_after: float | None) -> float:
        delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2.0 ** max(0, attempts - 1))
        delay *= self._rng.uniform(0.8, 1.2)  # jitter: desks that failed together retry apart
        return max(delay, retry_after or 0.0)
