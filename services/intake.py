"""Taking an application: validate, then save it with its outbox item and audit event."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field

from models.application_form import ApplicationForm, ValidationResult, validate_application
from models.database import Database
from models.entities import Application, OutboxItem
from models.enums import OutboxKind, OutboxState
from models.numbers import StationNumber
from services.audit import record_event
from services.clock import Clock
from services.counters import next_value
from services.drafts import claim_draft
from services.reference import ReferenceService

log = logging.getLogger("bimer.intake")


@dataclass(frozen=True)
class SaveOutcome:
    station_number: str | None
    uuid: str | None
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.station_number is not None


class IntakeService:
    def __init__(
        self, db: Database, station_code: str, reference: ReferenceService, clock: Clock
    ) -> None:
        self._db = db
        self._station_code = station_code
        self._reference = reference
        self._clock = clock

    def validate(self, form: ApplicationForm) -> ValidationResult:
        return validate_application(form, self._reference.subject_codes)

    def save(
        self, form: ApplicationForm, user: str, *, draft_id: int | None = None
    ) -> SaveOutcome:
        """Save in ONE transaction: the application, its outbox item and an audit event.

        Saving draft ``draft_id`` moves its attachments to the application and deletes the
        draft in that same transaction; ``DraftNotFound`` (nothing saved) if the draft is
        gone or not this user's, so that a double click cannot save one form twice.
        """
        result = self.validate(form)
        if result.application is None:
            return SaveOutcome(None, None, result.errors, result.notices)
        valid = result.application
        now = self._clock()
        key = str(uuid.uuid4())
        with self._db.sessions.begin() as session:
            sequence = next_value(session, f"station-number:{self._station_code}:{now.year}")
            number = str(StationNumber(self._station_code, now.year, sequence))
            application = Application(
                uuid=key,
                station_number=number,
                station_code=self._station_code,
                central_number=None,
                created_at=now,
                created_by=user,
                synced_at=None,
                **valid.to_columns(),
            )
            session.add(application)
            session.flush()
            if draft_id is not None:
                claim_draft(session, draft_id, user, application.id)
            envelope = {
                "uuid": key,
                "station_number": number,
                "station_code": self._station_code,
                "created_at": now.isoformat(),
                "created_by": user,
                "application": valid.to_payload(),
            }
            session.add(
                OutboxItem(
                    application_id=application.id,
                    kind=OutboxKind.APPLICATION.value,
                    idempotency_key=key,
                    payload=json.dumps(envelope, ensure_ascii=False, sort_keys=True),
                    state=OutboxState.PENDING.value,
                    attempts=0,
                    created_at=now,
                    updated_at=now,
                )
            )
            record_event(
                session,
                at=now,
                user=user,
                station_code=self._station_code,
                action="application.saved",
                application_id=application.id,
                detail=number,
            )
        log.info("application saved as %s", number)
        return SaveOutcome(number, key, {}, result.notices)
