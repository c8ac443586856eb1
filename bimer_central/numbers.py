"""Central numbers: one sequence for numbers issued on acceptance and numbers reserved
ahead in blocks, so that no number is ever issued twice.

``BMR-<year>-<7 digits>``: the digits are the sequence value, unique on their own; the year
is the year in Turkey when the number was issued (for a reserved number: when its block was
reserved, because the desk prints it before the service sees the application).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, case, select, update
from sqlalchemy.orm import Session

from bimer_central.db import CENTRAL_SEQUENCE, NumberBlock, NumberSequence
from models.turkey_time import TURKEY

CENTRAL_NUMBER_PREFIX = "BMR"
DEFAULT_BLOCK_TTL = timedelta(days=7)
MAX_BLOCK_SIZE = 500
# How far ahead of the sequence a re-homed desk's held number may move it (advance_past).
MAX_ADVANCE = 1_000_000
# At most 12 digits: the sequence never gets near, and a database integer holds it.
_CENTRAL_NUMBER = re.compile(rf"^{CENTRAL_NUMBER_PREFIX}-(\d{{4}})-(\d{{7,12}})$")


class ReservationRefusal(StrEnum):
    """Why a reserved number an application carried was not given to it."""

    UNKNOWN = "unknown"
    OTHER_STATION = "other_station"
    EXPIRED = "expired"
    USED = "used"

    @property
    def message(self) -> str:
        reason = {
            ReservationRefusal.UNKNOWN: "bu merkezde ayrılmış bir numara değil",
            ReservationRefusal.OTHER_STATION: "başka bir istasyona ayrılmış",
            ReservationRefusal.EXPIRED: "başvuru kaydedilmeden önce süresi dolmuş",
            ReservationRefusal.USED: "başka bir başvuruya verilmiş",
        }[self]
        return f"Ayrılmış merkez numarası kullanılamadı ({reason}); yeni merkez numarası verildi."


@dataclass(frozen=True)
class CentralNumber:
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{CENTRAL_NUMBER_PREFIX}-{self.year:04d}-{self.sequence:07d}"

    @classmethod
    def parse(cls, text: str) -> CentralNumber | None:
        match = _CENTRAL_NUMBER.match(text)
        if match is None:
            return None
        number = cls(int(match.group(1)), int(match.group(2)))
        return number if str(number) == text else None


def turkish_year(moment: datetime) -> int:
    return moment.astimezone(TURKEY).year  # the central number's year is Turkey's


def allocate(session: Session, count: int = 1) -> int:
    """Take ``count`` consecutive values in the caller's transaction; return the first.

    One ``UPDATE ... RETURNING``: the row lock it takes is held until the transaction
    ends, so no other transaction can be handed the same values, and a rollback gives
    them back. Make it the transaction's first write (SQLite upgrades a read transaction
    to a write one only if nothing was written since it began).
    """
    last = session.execute(
        update(NumberSequence)
        .where(NumberSequence.name == CENTRAL_SEQUENCE)
        .values(value=NumberSequence.value + count)
        .returning(NumberSequence.value)
    ).scalar_one()
    return int(last) - count + 1


def advance_past(session: Session, sequence: int) -> None:
    """Move the sequence to at least ``sequence``, so that it never issues that value: a
    held number the service gives again (``X-BIMER-Held-Central-Number``, a re-homed desk)
    is taken out of the sequence in the same transaction. The transaction's first write,
    as ``allocate``'s. A number far beyond the sequence (more than ``MAX_ADVANCE`` ahead)
    moves nothing: no desk can burn the sequence every desk shares."""
    session.execute(
        update(NumberSequence)
        .where(NumberSequence.name == CENTRAL_SEQUENCE)
        .values(value=case((and_(NumberSequence.value < sequence,
                                 NumberSequence.value >= sequence - MAX_ADVANCE), sequence),
                           else_=NumberSequence.value)))


def check_reserved(
    session: Session, number: str, station_code: str, created_at: datetime
) -> ReservationRefusal | None:
    """None if ``number`` was reserved for ``station_code`` and the application was made
    before its block expired; otherwise why not. Whether it is still unused is decided
    by the UNIQUE ``central_number`` when the application is stored, not here.

    Blocks are written once and never changed, so reading one needs no lock.
    """
    parsed = CentralNumber.parse(number)
    if parsed is None:
        return ReservationRefusal.UNKNOWN
    block = session.scalars(
        select(NumberBlock)
        .where(NumberBlock.first <= parsed.sequence)
        .order_by(NumberBlock.first.desc())
        .limit(1)
    ).first()
    if (
        block is None
        or parsed.sequence >= block.first + block.count
        or parsed.year != block.year
    ):
        return ReservationRefusal.UNKNOWN
    if block.station_code != station_code:
        return ReservationRefusal.OTHER_STATION
    if created_at >= block.expires_at:
        return ReservationRefusal.EXPIRED
    return None


def block_numbers(block: NumberBlock) -> list[str]:
    return [str(CentralNumber(block.year, sequence))
            for sequence in range(block.first, block.first + block.count)]
