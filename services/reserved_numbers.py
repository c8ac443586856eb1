"""Central numbers reserved ahead, so that a receipt printed offline carries a real one.

While online the desk keeps a stock of numbers the central service reserved for its station
(``POST /api/v1/number-blocks``), topping it up in the background when it falls below a
threshold. ``take_reserved_number`` gives the next one to an application inside the
transaction that saves it; when none is left (or every one left has expired) the
application has its station number only, as before. The service has the last word: the
central number the desk records is the one it answers, normally the reserved one.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from models.database import Database
from models.entities import NumberBlockRequest, ReservedNumber
from models.i18n import _, ngettext
from services.central_client import CentralClient, Outcome
from services.clock import Clock
from services.reserved_number_limits import DEFAULT_BLOCK_SIZE, DEFAULT_THRESHOLD

log = logging.getLogger("bimer.numbers")


def take_reserved_number(
    session: Session, station_code: str, now: datetime, application_id: int
) -> str | None:
    """Give the next unused, unexpired number reserved for ``station_code`` to the
    application, in the caller's transaction (the save's); None when there is none.

    The desk's writers are serialised by SQLite's write lock, which the save already holds
    when it gets here (its station-number counter was its first write), so the number read
    here cannot be taken by another save before this one commits.
    """
    reserved = session.scalars(
        select(ReservedNumber)
        .where(ReservedNumber.station_code == station_code,
               ReservedNumber.application_id.is_(None),
               ReservedNumber.expires_at > now)
        .order_by(ReservedNumber.id)
        .limit(1)
    ).first()
    if reserved is None:
        return None
    reserved.application_id = application_id
    return reserved.number


class TopUpOutcome(StrEnum):
    ENOUGH = "enough"  # at or above the threshold: nothing asked
    RESERVED = "reserved"  # a new block is stored
    FAILED = "failed"  # the service could not be asked or refused; the stock is unchanged
    DISABLED = "disabled"  # block size 0: this desk does not reserve


@dataclass(frozen=True)
class TopUpReport:
    outcome: TopUpOutcome
    available: int
    message: str


class NumberReservations:
    """The desk's stock of reserved central numbers and how it is topped up."""

    def __init__(
        self,
        db: Database,
        station_code: str,
        clock: Clock,
        *,
        block_size: int = DEFAULT_BLOCK_SIZE,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> None:
        self._db = db
        self._station_code = station_code
        self._clock = clock
        self._block_size = block_size
        self._threshold = threshold
        self._lock = threading.Lock()

    def available(self) -> int:
        """Unused numbers for this station that have not expired."""
        with self._db.sessions() as session:
            return self._available(session, self._clock())

    def top_up(self, client: CentralClient) -> TopUpReport:
        """Reserve a block when the stock is below the threshold. Never raises for network
        trouble; one top-up at a time. Call it from a worker thread."""
        if self._block_size <= 0:
            return TopUpReport(TopUpOutcome.DISABLED, 0, _("Numara ayırma kapalı."))
        with self._lock:
            now = self._clock()
            with self._db.sessions.begin() as session:
                # Expired, unused numbers can never be used; keeping them helps nobody.
                session.execute(delete(ReservedNumber).where(
                    ReservedNumber.application_id.is_(None), ReservedNumber.expires_at <= now))
                available = self._available(session, now)
            if available >= self._threshold:
                return TopUpReport(TopUpOutcome.ENOUGH, available, _("Yeterli numara var."))
            key = self._request_key()
            result = client.reserve_numbers(key, self._station_code, self._block_size)
            if result.outcome is Outcome.RETRY or result.block is None:
                if result.outcome is not Outcome.RETRY:
                    self._forget(key)  # refused: that request will never succeed
                log.info("number block not reserved: %s (HTTP %s)", result.message,
                         result.status)
                return TopUpReport(TopUpOutcome.FAILED, available, result.message)
            block = result.block
            with self._db.sessions.begin() as session:
                # OR IGNORE: a block answered twice (a replay) is stored once.
                session.execute(
                    insert(ReservedNumber).values([
                        {"number": number, "station_code": self._station_code,
                         "block_key": key, "reserved_at": now, "expires_at": block.expires_at}
                        for number in block.numbers
                    ]).on_conflict_do_nothing(index_elements=[ReservedNumber.number])
                )
                session.execute(delete(NumberBlockRequest).where(NumberBlockRequest.key == key))
                available = self._available(session, now)
            log.info("%d central numbers reserved ahead (valid until %s)", len(block.numbers),
                     block.expires_at.isoformat())
            return TopUpReport(TopUpOutcome.RESERVED, available,
                               ngettext("{count} merkez numarası ayrıldı.",
                                        "{count} merkez numarası ayrıldı.",
                                        len(block.numbers)).format(count=len(block.numbers)))

    def _request_key(self) -> str:
        """The key of the request whose answer never arrived, else a new one — stored before
        it is sent. Asked again with it, the service returns that same block instead of
        reserving another; kept in the database, so a desk killed while waiting does not
        leak its block either (a lost block would only expire, but numbers are not to be
        wasted)."""
        with self._db.sessions.begin() as session:
            pending = session.scalars(
                select(NumberBlockRequest.key)
                .where(NumberBlockRequest.station_code == self._station_code,
                       NumberBlockRequest.count == self._block_size)
            ).first()
            if pending is not None:
                return pending
            # Asked with another block size, that request can no longer be replayed.
            session.execute(delete(NumberBlockRequest).where(
                NumberBlockRequest.station_code == self._station_code))
            key = str(uuid.uuid4())
            session.add(NumberBlockRequest(key=key, station_code=self._station_code,
                                           count=self._block_size))
            return key

    def _forget(self, key: str) -> None:
        with self._db.sessions.begin() as session:
            session.execute(delete(NumberBlockRequest).where(NumberBlockRequest.key == key))

    def _available(self, session: Session, now: datetime) -> int:
        return int(session.scalar(
            select(func.count()).select_from(ReservedNumber)
            .where(ReservedNumber.station_code == self._station_code,
                   ReservedNumber.application_id.is_(None),
                   ReservedNumber.expires_at > now)
        ) or 0)
