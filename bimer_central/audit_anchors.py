"""Each desk's audit trail anchored at the service (issue 13, item 3).

A desk sends its audit events after the last one the service holds for its station
(``POST /api/v1/audit-events``). The service recomputes each event's hash
(``models/audit_chain.py``) and checks that it links to the last one it holds for that
station; only then is it kept. Events it already holds are a replay (the desk did not hear
the answer) when they are the same, and a broken chain when they are not. So a desk whose
trail was edited, cut short or forged after it was anchored cannot send it again unnoticed:
the service keeps the chain as it first received it, and the refusal is in its own audit
events. The first event the service receives for a station is the anchor point (a desk
chained before anchoring existed sends its whole trail from the start).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bimer_central.audit import audit
from bimer_central.db import AnchoredDeskEvent
from bimer_central.schemas import DeskAuditEvent
from models.audit_chain import event_hash


@dataclass(frozen=True)
class Anchored:
    through: int  # the last event id held for the station (0: none)
    last_hash: str


@dataclass(frozen=True)
class ChainBroken:
    event_id: int
    message: str  # Turkish, for the desk's operator


class AuditAnchors:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._clock = clock

    def anchor(self, station_code: str, events: Sequence[DeskAuditEvent]
               ) -> Anchored | ChainBroken:
        try:
            with self._sessions() as session:
                outcome = self._anchor(session, station_code, events)
                if isinstance(outcome, Anchored):
                    session.commit()
                    return outcome
                session.rollback()
            with self._sessions.begin() as record:
                audit(record, self._clock(), "audit.chain_broken",
                      station_code=station_code, detail=f"event={outcome.event_id}")
            return outcome
        except IntegrityError:
            # Another request of the same desk anchored the same events a moment before:
            # this one's answer is what is held now (the desk sends again from there).
            with self._sessions() as session:
                return _last(session, station_code)

    def _anchor(self, session: Session, station_code: str,
                events: Sequence[DeskAuditEvent]) -> Anchored | ChainBroken:
        last = _last_row(session, station_code)
        now = self._clock()
        for event in sorted(events, key=lambda e: e.id):
            try:
                at = datetime.fromisoformat(event.at)
            except ValueError:
                return ChainBroken(event.id, "Olayın zamanı anlaşılamadı.")
            if at.tzinfo is None:
                return ChainBroken(event.id, "Olayın zamanında saat dilimi yok.")
            if event.station_code != station_code:
                return ChainBroken(event.id, "Olay başka bir istasyonun.")
            digest = event_hash(id=event.id, at=at, user=event.user,
                                station_code=event.station_code, action=event.action,
                                application_id=event.application_id, detail=event.detail,
                                prev_hash=event.prev_hash)
            if digest != event.hash:
                return ChainBroken(event.id, "Olayın özeti içeriğiyle uyuşmuyor.")
            if last is not None and event.id <= last.event_id:
                held = session.scalars(select(AnchoredDeskEvent).where(
                    AnchoredDeskEvent.station_code == station_code,
                    AnchoredDeskEvent.event_id == event.id)).one_or_none()
                if held is None or held.hash != event.hash:
                    return ChainBroken(event.id, "Bu olay merkezde farklı kayıtlı: masanın "
                                                 "denetim kaydı değiştirilmiş.")
                continue  # already held: a replay
            if last is not None and event.prev_hash != last.hash:
                return ChainBroken(event.id, "Olay, merkezde kayıtlı son olaya bağlanmıyor: "
                                             "masanın denetim kaydı değiştirilmiş.")
            row = AnchoredDeskEvent(
                station_code=station_code, event_id=event.id, at=at, user=event.user,
                action=event.action, application_id=event.application_id,
                detail=event.detail, prev_hash=event.prev_hash, hash=event.hash,
                received_at=now)
            session.add(row)
            session.flush()
            last = row
        return Anchored(last.event_id, last.hash) if last is not None else Anchored(0, "")


def _last_row(session: Session, station_code: str) -> AnchoredDeskEvent | None:
    return session.scalars(select(AnchoredDeskEvent)
                           .where(AnchoredDeskEvent.station_code == station_code)
                           .order_by(AnchoredDeskEvent.event_id.desc()).limit(1)).first()


def _last(session: Session, station_code: str) -> Anchored:
    row = _last_row(session, station_code)
    return Anchored(row.event_id, row.hash) if row is not None else Anchored(0, "")
