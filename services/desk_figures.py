"""Today's figures for the home screen: what this desk took in, what still waits to reach
the central service, what the service refused, and what was printed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from models.database import Database
from models.entities import Application, OutboxItem, PrintLogEntry
from models.enums import OutboxState
from models.turkey_time import in_turkey
from services.clock import Clock

_WAITING = (OutboxState.PENDING.value, OutboxState.IN_FLIGHT.value, OutboxState.RETRY.value)


@dataclass(frozen=True)
class DeskFigures:
    day: datetime  # the start of the desk's local day the "today" figures count from
    taken_today: int  # applications saved today (a correction is not a new application)
    printed_today: int  # receipts and reports printed or saved as PDF today
    waiting: int  # applications and attachments not yet at the central service
    quarantined: int  # refused by the service, waiting for the clerk
    deadline_near: int = 0  # cases whose legal deadline ends within 3 days (today included)


class DeskFiguresService:
    def __init__(self, db: Database, clock: Clock,
                 deadline_near: Callable[[], int] = lambda: 0) -> None:
        """``deadline_near()`` counts the cases whose deadline is near (the case lists'
        own count, ``services/case_search.py``)."""
        self._db = db
        self._clock = clock
        self._deadline_near = deadline_near

    def today(self) -> DeskFigures:
        now = in_turkey(self._clock())  # Turkey's day, whatever the PC's zone
        start = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
        end = start + timedelta(days=1)
        with self._db.sessions() as session:
            taken = session.scalar(select(func.count()).select_from(Application).where(
                Application.version == 1, Application.created_at >= start,
                Application.created_at < end))
            printed = session.scalar(select(func.count()).select_from(PrintLogEntry).where(
                PrintLogEntry.printed_at >= start, PrintLogEntry.printed_at < end))
            by_state: dict[str, int] = {state: count for state, count in session.execute(
                select(OutboxItem.state, func.count()).where(
                    OutboxItem.state.in_([*_WAITING, OutboxState.QUARANTINED.value]))
                .group_by(OutboxItem.state))}
        return DeskFigures(
            day=start,
            taken_today=int(taken or 0),
            printed_today=int(printed or 0),
            waiting=sum(int(by_state.get(state, 0)) for state in _WAITING),
            quarantined=int(by_state.get(OutboxState.QUARANTINED.value, 0)),
            deadline_near=self._deadline_near(),
        )
