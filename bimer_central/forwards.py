"""Forwards at the central service: record the movements, refuse what must not go.

A forward (``POST /api/v1/applications/{central number}/forwards``) is stored once per
idempotency key, in one transaction with one movement per target and the case's
do-not-send list as this forward tells it. It is refused (422, the desk quarantines it and
shows the reason) when a target is unknown or retired, or is — or is below — a unit on the
case's do-not-send list (the one it carries, and the one the service was told before); and
when the citizen hid their identity, a note that names them (their ID number or full name).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bimer_central.db import (
    CentralMovement,
    DoNotSendUnit,
    ReceivedApplication,
    ReceivedForward,
)
from bimer_central.forward_schemas import ForwardEnvelope, ForwardReceipt, MovementOut
from bimer_central.intake import _hides_identity
from models.enums import Urgency
from models.forwards import (
    DO_NOT_SEND_TYPES,
    Forward,
    ForwardKind,
    ForwardSubject,
    ForwardTarget,
    forward_errors,
    note_names_applicant,
)
from models.reference import InstitutionTree
from models.turkey_time import TURKEY


@dataclass(frozen=True)
class ForwardAccepted:
    receipt: ForwardReceipt
    replayed: bool


@dataclass(frozen=True)
class ForwardInvalid:
    errors: dict[str, str]


@dataclass(frozen=True)
class ForwardConflict:
    pass


@dataclass(frozen=True)
class NoSuchApplication:
    pass


ForwardOutcome = ForwardAccepted | ForwardInvalid | ForwardConflict | NoSuchApplication


class Forwards:
    def __init__(self, sessions: sessionmaker[Session], tree: InstitutionTree,
                 subject_codes: Mapping[str, frozenset[str]],
                 clock: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._tree = tree
        self._subject_codes = subject_codes
        self._clock = clock

    def application_station(self, central_number: str) -> str | None:
        """The station that took the application with this central number, or None."""
        with self._sessions() as session:
            return session.scalars(select(ReceivedApplication.station_code).where(
                ReceivedApplication.central_number == central_number)).first()

    def submit(self, key: str, central_number: str, envelope: ForwardEnvelope,
               from_unit: str, sent_by: str) -> ForwardOutcome:
        body = envelope.model_dump(mode="json")
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False)
                                .encode("utf-8")).hexdigest()
        with self._sessions() as session:
            existing = session.scalars(select(ReceivedForward).where(
                ReceivedForward.uuid == key)).first()
            if existing is not None:
                return self._replay(session, existing, digest)
            application = session.scalars(select(ReceivedApplication).where(
                ReceivedApplication.central_number == central_number)).first()
            if application is None:
                return NoSuchApplication()
            errors = self._errors(session, application, envelope)
            if errors:
                return ForwardInvalid(errors)
            now = self._clock()
            row = ReceivedForward(uuid=key, body_sha256=digest, application_id=application.id,
                                  station_number=application.station_number, received_at=now,
                                  sent_by=sent_by, body=body)
            session.add(row)
            session.flush()
            self._tell_do_not_send(session, application.station_number,
                                   self._in_force(session, application.station_number,
                                                  envelope), now)
            for target in envelope.targets:
                session.add(CentralMovement(
                    forward_id=row.id, station_number=application.station_number,
                    from_unit=from_unit, to_unit=target.unit, kind=target.kind,
                    priority=envelope.priority, note=target.note, at=now))
            try:
                session.commit()
            except IntegrityError:  # the same key, sent twice at once: the first one won
                session.rollback()
                won = session.scalars(select(ReceivedForward).where(
                    ReceivedForward.uuid == key)).one()
                return self._replay(session, won, digest)
            return ForwardAccepted(self._receipt(session, row, central_number), False)

    def do_not_send(self, station_number: str) -> list[str]:
        with self._sessions() as session:
            return _told(session, station_number)

    def _errors(self, session: Session, application: ReceivedApplication,
                envelope: ForwardEnvelope) -> dict[str, str]:
        errors: dict[str, str] = {}
        if envelope.station_number != application.station_number:
            errors["station_number"] = ("Sevkteki başvuru sayısı bu merkez numarasının "
                                        "başvurusuyla aynı değil.")
        application_type = str(application.application.get("application_type", ""))
        if envelope.do_not_send and application_type not in DO_NOT_SEND_TYPES:
            errors["do_not_send"] = ("Gönderilmeyecek kurumlar yalnızca şikâyet ve ihbar "
                                     "başvurularında belirtilebilir.")
        forward = Forward(
            tuple(ForwardTarget(t.unit, ForwardKind(t.kind), t.note) for t in envelope.targets),
            tuple(ForwardSubject(s.subject_code, s.sub_subject_code)
                  for s in envelope.subjects),
            Urgency(envelope.priority))
        blocked = self._in_force(session, application.station_number, envelope)
        errors.update(forward_errors(forward, self._tree, self._subject_codes, blocked))
        if _hides_identity(application.application):
            fields = application.application
            for target in envelope.targets:
                if note_names_applicant(target.note, str(fields.get("tckn", "")),
                                        str(fields.get("first_name", "")),
                                        str(fields.get("last_name", ""))):
                    errors["targets"] = ("Başvuru sahibi kimliğinin gizlenmesini istedi; "
                                         "sevk notu kimlik bilgisi taşıyamaz.")
                    break
        return errors

    @staticmethod
    def _in_force(session: Session, station_number: str, envelope: ForwardEnvelope
                  ) -> list[str]:
        """The case's do-not-send list after this forward: what the service was told
        before, less what the desk says was lifted there (by the clerk who set it or a
        superior, audited at the desk), plus what this forward carries. A desk cannot drop
        an entry by leaving it out: only a declared lift removes it."""
        told = [unit for unit in _told(session, station_number)
                if unit not in set(envelope.lifted)]
        return list(dict.fromkeys([*told, *envelope.do_not_send]))

    def _tell_do_not_send(self, session: Session, station_number: str, units: list[str],
                          now: datetime) -> None:
        """The list in force after this forward becomes the case's."""
        session.execute(delete(DoNotSendUnit).where(
            DoNotSendUnit.station_number == station_number))
        for unit in dict.fromkeys(units):
            session.add(DoNotSendUnit(station_number=station_number, unit=unit, told_at=now))

    def _replay(self, session: Session, row: ReceivedForward, digest: str
                ) -> ForwardAccepted | ForwardConflict:
        if row.body_sha256 != digest:
            return ForwardConflict()
        number = session.scalars(select(ReceivedApplication.central_number).where(
            ReceivedApplication.id == row.application_id)).one()
        assert number is not None
        return ForwardAccepted(self._receipt(session, row, number), True)

    def _receipt(self, session: Session, row: ReceivedForward, central_number: str
                 ) -> ForwardReceipt:
        movements = session.scalars(select(CentralMovement).where(
            CentralMovement.forward_id == row.id).order_by(CentralMovement.id)).all()
        return ForwardReceipt(forward=row.uuid, central_number=central_number, movements=[
            MovementOut(from_unit=m.from_unit, from_name=self._name(m.from_unit),
                        at=m.at.astimezone(TURKEY).isoformat(timespec="seconds"),
                        to_unit=m.to_unit, to_name=self._name(m.to_unit), kind=m.kind,
                        priority=m.priority, note=m.note)
            for m in movements])

    def _name(self, code: str) -> str:
        unit = self._tree.find(code)
        return unit.name if unit else code


def _told(session: Session, station_number: str) -> list[str]:
    return list(session.scalars(select(DoNotSendUnit.unit).where(
        DoNotSendUnit.station_number == station_number).order_by(DoNotSendUnit.id)))

