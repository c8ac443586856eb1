"""Forwards (sevk) at the desk: saved with their application or later, queued, shown.

A forward is saved in ONE transaction with what it belongs to (the application itself at
"Kaydet ve Sevk Et", or alone from a case's detail): its row, its own outbox item (kind
``forward``, keyed by its own UUID) and an audit event. The sync sends it only once an
application version of its case has been accepted (services/sync.py), to
``POST /api/v1/applications/{central number}/forwards``; the movements the central service
answers are stored here (``movements``) and shown in the case detail and its report.

The do-not-send list of a complaint or a denunciation (``models/forwards.py``) is kept per
case (station number, so a correction keeps it). An entry is lifted, never deleted, and
only by the clerk who set it or a superior role (``models/roles.py``); setting and lifting
are audit events. A forward carries the list in force when it was made.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.database import Database
from models.entities import Application, DoNotSendEntry, ForwardRecord, Movement, OutboxItem
from models.enums import OutboxKind, OutboxState, Urgency
from models.forwards import (
    Forward,
    ForwardKind,
    do_not_send_errors,
    forward_errors,
    forward_from_json,
)
from models.i18n import N_, _
from models.roles import may_lift_do_not_send, role_rank
from models.turkey_time import TURKEY
from services.audit import record_event
from services.clock import Clock
from services.reference import ReferenceService

log = logging.getLogger("bimer.forwards")

FORWARD_FIELD = "forward"
DO_NOT_SEND_FIELD = "do_not_send"
# Marked only; translated where shown.
HELD_BACK = N_("Başvuru merkezce kabul edilmediği (karantinada olduğu) için sevk bekliyor; "
               "başvuru düzeltilip kabul edilince kendiliğinden gönderilecek.")
WAITING_FOR_APPLICATION = N_("Başvurunun merkeze ulaşması bekleniyor; sevk ondan sonra "
                             "gönderilecek.")


@dataclass(frozen=True)
class ForwardOutcome:
    uuid: str | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.uuid is not None


@dataclass(frozen=True)
class TargetLine:
    unit: str
    name: str
    kind: ForwardKind
    note: str


@dataclass(frozen=True)
class ForwardLine:
    uuid: str
    created_at: datetime
    created_by: str
    priority: Urgency
    targets: tuple[TargetLine, ...]
    state: OutboxState | None
    message: str  # why it waits, or what the central service said


@dataclass(frozen=True)
class DoNotSendLine:
    id: int
    unit: str
    name: str
    set_by: str
    set_at: datetime
    lifted_by: str | None
    lifted_at: datetime | None

    @property
    def active(self) -> bool:
        return self.lifted_at is None


@dataclass(frozen=True)
class MovementLine:
    from_unit: str
    from_name: str
    at: datetime
    to_unit: str
    to_name: str
    kind: ForwardKind
    priority: Urgency
    note: str


class ForwardService:
    def __init__(self, db: Database, station_code: str, reference: ReferenceService,
                 clock: Clock) -> None:
        self._db = db
        self._station_code = station_code
        self._reference = reference
        self._clock = clock

    # -- checking -------------------------------------------------------------------------

    def check(self, forward: Forward | None, *, application_type: str,
              do_not_send: Sequence[str]) -> dict[str, str]:
        """Field-keyed Turkish errors (``forward``, ``do_not_send``) of a forward and a
        do-not-send list for a case of this type; empty when both may be saved."""
        tree = self._reference.institutions
        errors: dict[str, str] = {}
        problem = do_not_send_errors(list(do_not_send), tree, application_type)
        if problem:
            errors[DO_NOT_SEND_FIELD] = problem
        if forward is not None:
            found = forward_errors(forward, tree, self._reference.subject_codes, do_not_send)
            if found:
                errors[FORWARD_FIELD] = " ".join(found.values())
        return errors

    # -- writing (inside the caller's transaction) ----------------------------------------

    def queue(self, session: Session, *, application_id: int, station_number: str,
              user: str, forward: Forward, do_not_send: Sequence[str], now: datetime) -> str:
        """The forward's row, its outbox item and its audit event, in ``session``'s
        transaction; returns its UUID (the idempotency key)."""
        key = str(uuid.uuid4())
        body = forward.to_json()
        session.add(ForwardRecord(uuid=key, application_id=application_id,
                                  station_number=station_number, created_at=now,
                                  created_by=user, forward=json.dumps(body, sort_keys=True)))
        payload = {
            **body, "uuid": key, "station_code": self._station_code,
            "station_number": station_number, "created_at": now.isoformat(),
            "created_by": user, "do_not_send": list(dict.fromkeys(do_not_send)),
            "lifted": [unit for unit in _lifted_units(session, station_number)
                       if unit not in set(do_not_send)],
        }
        session.add(OutboxItem(
            application_id=application_id, kind=OutboxKind.FORWARD.value,
            idempotency_key=key, payload=json.dumps(payload, ensure_ascii=False,
                                                    sort_keys=True),
            state=OutboxState.PENDING.value, attempts=0, created_at=now, updated_at=now))
        record_event(session, at=now, user=user, station_code=self._station_code,
                     action="forward.saved", application_id=application_id,
                     detail=f"{key} targets={len(forward.targets)}")
        return key

    def mark(self, session: Session, *, application_id: int, station_number: str,
             units: Iterable[str], user: str, roles: Iterable[str], now: datetime) -> None:
        """Put ``units`` on the case's do-not-send list (those not on it already)."""
        present = set(_active_units(session, station_number))
        rank = role_rank(roles)
        for unit in dict.fromkeys(units):
            if unit in present:
                continue
            session.add(DoNotSendEntry(station_number=station_number, unit=unit, set_by=user,
                                       set_by_rank=rank, set_at=now))
            record_event(session, at=now, user=user, station_code=self._station_code,
                         action="do_not_send.set", application_id=application_id,
                         detail=unit)

    # -- use cases of a saved case ----------------------------------------------------------

    def add(self, application_id: int, forward: Forward, user: str) -> ForwardOutcome:
        """A forward of a saved case (from its detail), checked against its do-not-send
        list as it is now; one transaction."""
        now = self._clock()
        with self._db.sessions.begin() as session:
            app = session.get(Application, application_id)
            if app is None:
                return ForwardOutcome(None, {FORWARD_FIELD: _("Başvuru bulunamadı.")})
            blocked = _active_units(session, app.station_number)
            found = forward_errors(forward, self._reference.institutions,
                                   self._reference.subject_codes, blocked)
            if found:
                return ForwardOutcome(None, {FORWARD_FIELD: " ".join(found.values())})
            key = self.queue(session, application_id=application_id,
                             station_number=app.station_number, user=user, forward=forward,
                             do_not_send=blocked, now=now)
        log.info("forward %s saved (%d targets)", key, len(forward.targets))
        return ForwardOutcome(key)

    def set_do_not_send(self, application_id: int, units: Sequence[str], user: str,
                        roles: Iterable[str]) -> str:
        """Add units to a saved case's list: "" or the Turkish reason it was refused."""
        now = self._clock()
        with self._db.sessions.begin() as session:
            app = session.get(Application, application_id)
            if app is None:
                return _("Başvuru bulunamadı.")
            problem = do_not_send_errors(list(units), self._reference.institutions,
                                         app.application_type)
            if problem:
                return problem
            self.mark(session, application_id=application_id,
                      station_number=app.station_number, units=units, user=user,
                      roles=roles, now=now)
        return ""

    def lift_do_not_send(self, entry_id: int, user: str, roles: Iterable[str]) -> str:
        """Lift one entry: "" or the Turkish reason it was refused. Only the clerk who set
        it or a superior role may; the lift is an audit event."""
        now = self._clock()
        roles = list(roles)
        with self._db.sessions.begin() as session:
            entry = session.get(DoNotSendEntry, entry_id)
            if entry is None or entry.lifted_at is not None:
                return _("Bu kayıt gönderilmeyecek kurumlar listesinde yok.")
            if not may_lift_do_not_send(user, roles, set_by=entry.set_by,
                                        set_by_rank=entry.set_by_rank):
                return _("Bu kaydı yalnızca onu ekleyen kullanıcı ({user}) ya da daha üst "
                         "yetkili bir rol kaldırabilir.").format(user=entry.set_by)
            entry.lifted_by, entry.lifted_at = user, now
            application_id = session.scalars(select(Application.id).where(
                Application.station_number == entry.station_number)
                .order_by(Application.version.desc())).first()
            record_event(session, at=now, user=user, station_code=self._station_code,
                         action="do_not_send.lifted", application_id=application_id,
                         detail=f"{entry.unit} set_by={entry.set_by}")
        return ""

    # -- reading --------------------------------------------------------------------------------

    def active_do_not_send(self, station_number: str) -> list[str]:
        with self._db.sessions() as session:
            return _active_units(session, station_number)

    def do_not_send_lines(self, station_number: str) -> list[DoNotSendLine]:
        tree = self._reference.institutions
        with self._db.sessions() as session:
            return [DoNotSendLine(e.id, e.unit, _unit_name(tree, e.unit), e.set_by, e.set_at,
                                  e.lifted_by, e.lifted_at)
                    for e in session.scalars(select(DoNotSendEntry).where(
                        DoNotSendEntry.station_number == station_number)
                        .order_by(DoNotSendEntry.id))]

    def forward_lines(self, station_number: str) -> list[ForwardLine]:
        tree = self._reference.institutions
        with self._db.sessions() as session:
            held = _application_quarantined(session, station_number)
            lines = []
            for record, item in session.execute(
                    select(ForwardRecord, OutboxItem)
                    .join(OutboxItem, OutboxItem.idempotency_key == ForwardRecord.uuid)
                    .where(ForwardRecord.station_number == station_number)
                    .order_by(ForwardRecord.id)):
                parsed, _errors = forward_from_json(json.loads(record.forward))
                assert parsed is not None  # written by ``queue`` from a valid Forward
                state = OutboxState(item.state)
                message = item.last_message or ""
                if state in (OutboxState.PENDING, OutboxState.RETRY):
                    message = i18n._(HELD_BACK if held else WAITING_FOR_APPLICATION) \
                        if not _application_done(session, station_number) else message
                lines.append(ForwardLine(
                    record.uuid, record.created_at, record.created_by, parsed.priority,
                    tuple(TargetLine(t.unit, _unit_name(tree, t.unit), t.kind, t.note)
                          for t in parsed.targets),
                    state, message))
            return lines

    def movement_lines(self, station_number: str) -> list[MovementLine]:
        with self._db.sessions() as session:
            return [MovementLine(m.from_unit, m.from_name, m.at, m.to_unit, m.to_name,
                                 ForwardKind(m.kind), Urgency(m.priority), m.note)
                    for m in session.scalars(select(Movement).where(
                        Movement.station_number == station_number)
                        .order_by(Movement.at, Movement.id))]


def store_movements(session: Session, station_number: str, forward_uuid: str,
                    movements: Sequence[Mapping[str, Any]]) -> int:
    """Keep the movements the central service answered for a forward (each once: a
    replayed answer adds nothing); returns how many were new."""
    known = set(session.scalars(select(Movement.to_unit).where(
        Movement.forward_uuid == forward_uuid)))
    added = 0
    for movement in movements:
        to_unit = str(movement["to_unit"])
        if to_unit in known:
            continue
        at = datetime.fromisoformat(str(movement["at"]))
        session.add(Movement(
            station_number=station_number, forward_uuid=forward_uuid,
            from_unit=str(movement["from_unit"]), from_name=str(movement["from_name"])[:200],
            to_unit=to_unit, to_name=str(movement["to_name"])[:200],
            kind=ForwardKind(str(movement["kind"])).value,
            priority=Urgency(str(movement["priority"])).value, note=str(movement["note"]),
            at=at.astimezone(TURKEY) if at.tzinfo else at))
        known.add(to_unit)
        added += 1
    return added


def _active_units(session: Session, station_number: str) -> list[str]:
    return list(session.scalars(select(DoNotSendEntry.unit).where(
        DoNotSendEntry.station_number == station_number, DoNotSendEntry.lifted_at.is_(None))
        .order_by(DoNotSendEntry.id)))


def _lifted_units(session: Session, station_number: str) -> list[str]:
    return list(dict.fromkeys(session.scalars(select(DoNotSendEntry.unit).where(
        DoNotSendEntry.station_number == station_number,
        DoNotSendEntry.lifted_at.is_not(None)).order_by(DoNotSendEntry.id))))


def _application_items(session: Session, station_number: str) -> list[str]:
    return list(session.scalars(
        select(OutboxItem.state).join(Application, Application.id == OutboxItem.application_id)
        .where(Application.station_number == station_number,
               OutboxItem.kind == OutboxKind.APPLICATION.value)))


def _application_done(session: Session, station_number: str) -> bool:
    return OutboxState.DONE.value in _application_items(session, station_number)


def _application_quarantined(session: Session, station_number: str) -> bool:
    states = _application_items(session, station_number)
    return OutboxState.QUARANTINED.value in states and OutboxState.DONE.value not in states \
        and not any(s in (OutboxState.PENDING.value, OutboxState.RETRY.value,
                          OutboxState.IN_FLIGHT.value) for s in states)


def _unit_name(tree: Any, code: str) -> str:
    unit = tree.find(code)
    return unit.name if unit else code
