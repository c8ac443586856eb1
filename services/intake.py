"""Taking an application: validate, then save it with its outbox item and audit event."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models.application_form import (
    ApplicationForm,
    ValidApplication,
    ValidationResult,
    validate_application,
)
from models.database import Database
from models.entities import (
    Application,
    ApplicationNameWord,
    Attachment,
    Counter,
    ImportedLine,
    OutboxItem,
    ReservedNumber,
    list_columns,
    name_word_rows,
)
from models.enums import OutboxKind, OutboxState
from models.envelope import application_envelope
from models.forwards import Forward
from models.numbers import StationNumber
from services.attachment_limits import AttachmentLimits
from services.attachments import (
    ATTACHMENTS_FIELD,
    NewAttachment,
    application_attachments,
    attach_to_application,
    envelope_attachments,
    queue_blob_uploads,
    rows_problem,
)
from services.audit import append_event
from services.clock import Clock
from services.drafts import claim_draft
from services.forwards import ForwardService
from services.reference import ReferenceService

log = logging.getLogger("bimer.intake")


@dataclass(frozen=True)
class SaveOutcome:
    station_number: str | None
    uuid: str | None
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    # The central number reserved ahead that the application got (None: none was left).
    reserved_central_number: str | None = None

    @property
    def ok(self) -> bool:
        return self.station_number is not None


class _AttachmentsTooLarge(Exception):
    """Internal: rolls the save back; its message goes to the ``attachments`` field."""


class IntakeService:
    def __init__(
        self,
        db: Database,
        station_code: str,
        reference: ReferenceService,
        clock: Clock,
        *,
        attachment_limits: AttachmentLimits | None = None,
        on_number_issued: Callable[[str], None] | None = None,
        forwards: ForwardService | None = None,
    ) -> None:
        self._db = db
        self._forwards = forwards or ForwardService(db, station_code, reference, clock)
        # After the commit: the desk's ledger keeps the last station number issued.
        self._on_number_issued = on_number_issued
        self._station_code = station_code
        self._reference = reference
        self._clock = clock
        self._limits = attachment_limits or AttachmentLimits()

    def validate(self, form: ApplicationForm) -> ValidationResult:
        """The shared rules, plus one only a *new* application has: a code the central
        service has retired is not offered any more. (An application already saved was
        frozen with its codes and is never validated again here; the service accepts it.)"""
        catalog = self._reference.subjects
        result = validate_application(form, catalog.codes(), today=self._clock().date())
        retired = catalog.retired_errors(form.subject_code.strip(),
                                         form.sub_subject_code.strip())
        retired = {key: message for key, message in retired.items()
                   if key not in result.errors}
        if not retired:
            return result
        return ValidationResult(None, {**result.errors, **retired}, result.notices)

    def check_forward(self, forward: Forward | None, *, application_type: str,
                      do_not_send: Sequence[str]) -> dict[str, str]:
        """Errors (``forward``, ``do_not_send``) of a forward and a do-not-send list for a
        new application of this type; empty when both may be saved with it."""
        return self._forwards.check(forward, application_type=application_type,
                                    do_not_send=do_not_send)

    def save(
        self,
        form: ApplicationForm,
        user: str,
        *,
        draft_id: int | None = None,
        attachments: Sequence[NewAttachment] = (),
        import_identity: str | None = None,
        forward: Forward | None = None,
        do_not_send: Sequence[str] = (),
        roles: Sequence[str] = (),
    ) -> SaveOutcome:
        """Save in ONE transaction: the application, its attachments' rows, its outbox
        items (the application, then one per attachment blob not yet queued) and an audit
        event; with "Kaydet ve Sevk Et", its ``forward`` (its own outbox item, after the
        application's) and its ``do_not_send`` list too (services/forwards.py), set by a
        clerk with ``roles``. A forward or a list that cannot be saved is an error at the
        ``forward``/``do_not_send`` field, and nothing is saved.

        Saving draft ``draft_id`` moves its attachments to the application and deletes the
        draft in that same transaction; ``DraftNotFound`` (nothing saved) if the draft is
        gone or not this user's, so that a double click cannot save one form twice.
        ``attachments`` are further files already in the blob store
        (``AttachmentService.store``). Attachments over the size limits make an error at
        the ``attachments`` field and nothing is saved. ``import_identity``: the import
        line this application comes from (``services/importer.py``), recorded in the same
        transaction — a line already recorded raises ``IntegrityError`` and nothing is saved.
        """
        result = self.validate(form)
        if result.application is None:
            return SaveOutcome(None, None, result.errors, result.notices)
        refused = self._forwards.check(
            forward, application_type=result.application.application_type.value,
            do_not_send=do_not_send) if forward is not None or do_not_send else {}
        if refused:
            return SaveOutcome(None, None, refused, result.notices)
        try:
            return self._save(result.application, user, draft_id, attachments,
                              result.notices, import_identity, forward, do_not_send, roles)
        except _AttachmentsTooLarge as refusal:
            return SaveOutcome(None, None, {ATTACHMENTS_FIELD: str(refusal)}, result.notices)

    def _save(
        self,
        valid: ValidApplication,
        user: str,
        draft_id: int | None,
        attachments: Sequence[NewAttachment],
        notices: list[str],
        import_identity: str | None = None,
        forward: Forward | None = None,
        do_not_send: Sequence[str] = (),
        roles: Sequence[str] = (),
    ) -> SaveOutcome:
        now = self._clock()
        key = str(uuid.uuid4())
        rows: list[Attachment] = []
        # Core statements built once (below), not ORM objects: the unit of work cost 20-30x
        # the durable transaction itself (bench/save_application.py; docs/architecture.md).
        with self._db.sessions.begin() as session:
            connection = session.connection()
            sequence = int(connection.execute(
                _NEXT_COUNTER, {"name": f"station-number:{self._station_code}:{now.year}"}
            ).scalar_one())
            number = str(StationNumber(self._station_code, now.year, sequence))
            values = {
                **valid.to_columns(), "uuid": key, "station_number": number,
                "station_code": self._station_code, "central_number": None,
                "created_at": now, "created_by": user, "synced_at": None,
            }
            application_id = int(connection.execute(
                _INSERT_APPLICATION, values | list_columns(values)).scalar_one())
            if import_identity is not None:
                connection.execute(_INSERT_IMPORTED_LINE, {
                    "identity": import_identity, "application_id": application_id})
            words = name_word_rows(application_id, values)
            if words:
                connection.execute(_INSERT_NAME_WORDS, words)
            reserved = connection.execute(_TAKE_RESERVED, {
                "station": self._station_code, "now": now, "application_id": application_id,
            }).scalar()
            if reserved is not None:
                connection.execute(_SET_RESERVED, {"application_id": application_id,
                                                   "number": reserved})
            if draft_id is not None or attachments:
                if draft_id is not None:
                    claim_draft(session, draft_id, user, application_id)
                attach_to_application(session, application_id, attachments, now)
                rows = application_attachments(session, application_id)
                problem = rows_problem(rows, self._limits)
                if problem:
                    raise _AttachmentsTooLarge(problem)
            envelope = application_envelope(
                uuid=key,
                station_number=number,
                station_code=self._station_code,
                created_at=now.isoformat(),
                created_by=user,
                application=valid,
                attachments=envelope_attachments(rows),
                reserved_central_number=reserved,
            )
            connection.execute(_INSERT_OUTBOX, {
                "application_id": application_id, "kind": OutboxKind.APPLICATION.value,
                "idempotency_key": key,
                "payload": json.dumps(envelope, ensure_ascii=False, sort_keys=True),
                "state": OutboxState.PENDING.value, "attempts": 0, "created_at": now,
                "updated_at": now,
            })
            if rows:
                queue_blob_uploads(session, application_id, rows, now)
            append_event(connection, at=now, user=user, station_code=self._station_code,
                         action="application.saved", application_id=application_id,
                         detail=number)
            if do_not_send:
                self._forwards.mark(session, application_id=application_id,
                                    station_number=number, units=do_not_send, user=user,
                                    roles=roles, now=now)
            if forward is not None:
                self._forwards.queue(session, application_id=application_id,
                                     station_number=number, user=user, forward=forward,
                                     do_not_send=do_not_send, now=now)
        log.info("application saved as %s (%d attachments)%s", number, len(rows),
                 f", reserved central number {reserved}" if reserved else "")
        if self._on_number_issued is not None:
            self._on_number_issued(number)
        return SaveOutcome(number, key, {}, notices, reserved)


_APPLICATIONS = cast(Table, Application.__table__)
_OUTBOX = cast(Table, OutboxItem.__table__)
_COUNTERS = cast(Table, Counter.__table__)
_RESERVED = cast(Table, ReservedNumber.__table__)
# The same statement as services/counters.next_value: one INSERT … ON CONFLICT … RETURNING,
# so that two writers never read the same value and a rolled-back save gives it back.
_NEXT_COUNTER = (
    sqlite_insert(_COUNTERS)
    .values(name=bindparam("name"), value=1)
    .on_conflict_do_update(index_elements=[_COUNTERS.c.name],
                           set_={"value": _COUNTERS.c.value + 1})
    .returning(_COUNTERS.c.value)
)
_INSERT_APPLICATION = insert(_APPLICATIONS).returning(_APPLICATIONS.c.id)
_INSERT_OUTBOX = insert(_OUTBOX)
_INSERT_IMPORTED_LINE = insert(cast(Table, ImportedLine.__table__))
_INSERT_NAME_WORDS = insert(cast(Table, ApplicationNameWord.__table__))
# services/reserved_numbers.take_reserved_number as one statement: the oldest unused,
# unexpired number reserved for this station goes to the application. The save already holds
# SQLite's write lock (the counter was its first write), so no other save can take it.
_TAKE_RESERVED = (
    update(_RESERVED)
    .where(_RESERVED.c.id == select(_RESERVED.c.id).where(
        _RESERVED.c.station_code == bindparam("station"),
        _RESERVED.c.application_id.is_(None),
        _RESERVED.c.expires_at > bindparam("now", type_=_RESERVED.c.expires_at.type),
    ).order_by(_RESERVED.c.id).limit(1).scalar_subquery())
    .values(application_id=bindparam("application_id"))
    .returning(_RESERVED.c.number)
)
_SET_RESERVED = (
    update(_APPLICATIONS).where(_APPLICATIONS.c.id == bindparam("application_id"))
    .values(reserved_central_number=bindparam("number"))
)


def queue_application(session: Session, application_id: int, key: str,
                      envelope: dict[str, object], now: datetime) -> None:
    """The application's outbox item: its frozen envelope, sent under ``key`` (its UUID)."""
    session.add(OutboxItem(
        application_id=application_id,
        kind=OutboxKind.APPLICATION.value,
        idempotency_key=key,
        payload=json.dumps(envelope, ensure_ascii=False, sort_keys=True),
        state=OutboxState.PENDING.value,
        attempts=0,
        created_at=now,
        updated_at=now,
    ))
