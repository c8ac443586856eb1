"""Correcting an application the central service refused: a new frozen version.

A quarantined application is never edited: its payload stays as it was sent. The clerk's
correction is saved as a new version of it (DESIGN.md, "a correction is a new outbox item
referring to the old one"):

* a new row with a new UUID (so a new idempotency key) and a new outbox item, whose
  envelope names the old version's UUID in ``corrects``;
* the same station number (the citizen's receipt carries it) and the next ``version``;
* the same moment of intake and the same clerk who took it (``created_at``/``created_by``):
  the receipt's date and the legal deadline run from when the citizen applied. Who
  corrected it, and when, is the ``application.corrected`` audit event;
* the old version's attachments, as new rows pointing at the same blobs;
* the old outbox item becomes ``superseded``: terminal, never sent again, still listed.

All of it in one transaction, and only while the old item is still quarantined.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from models import i18n
from models.application_form import ApplicationForm
from models.database import Database
from models.entities import Application, Attachment, OutboxItem
from models.enums import Channel, OutboxKind, OutboxState
from models.envelope import application_envelope
from models.i18n import N_
from services.attachments import (
    application_attachments,
    envelope_attachments,
    queue_blob_uploads,
)
from services.audit import record_event
from services.clock import Clock
from services.intake import IntakeService, queue_application
from services.queries import ApplicationQueries, AttachmentView

log = logging.getLogger("bimer.corrections")

CORRECTED_EVENT = "application.corrected"
# Marked only: translated with _() where they are raised.
NOT_FOUND = N_("Başvuru bulunamadı.")
ONLY_QUARANTINED = N_(
    "Yalnızca merkezin kabul etmediği (karantinadaki) bir başvuru düzeltilebilir; bu "
    "başvurunun durumu: {state}."
)
CHANNEL_FIXED = N_("Düzeltmede başvuru yolu değiştirilemez ({channel}).")


class CorrectionRefused(Exception):
    """This application cannot be corrected now; the message is Turkish, for the clerk."""


@dataclass(frozen=True)
class CorrectionSource:
    """What the correction form starts from: the quarantined version as it was sent."""

    application_id: int
    station_number: str
    version: int
    channel: Channel
    form: ApplicationForm
    attachments: tuple[AttachmentView, ...]
    reason: str  # what the central service said
    http_status: int | None

    @property
    def next_version(self) -> int:
        return self.version + 1


@dataclass(frozen=True)
class CorrectionOutcome:
    station_number: str | None
    version: int | None
    uuid: str | None
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    refusal: str | None = None  # why nothing was saved, when it is not a field's fault

    @property
    def ok(self) -> bool:
        return self.uuid is not None


class CorrectionService:
    def __init__(
        self,
        db: Database,
        station_code: str,
        intake: IntakeService,
        queries: ApplicationQueries,
        clock: Clock,
    ) -> None:
        self._db = db
        self._station_code = station_code
        self._intake = intake
        self._queries = queries
        self._clock = clock

    def source(self, application_id: int) -> CorrectionSource:
        """The quarantined version to correct; ``CorrectionRefused`` if it is not one."""
        with self._db.sessions() as session:
            application, item = _version_and_item(session, application_id)
            payload = json.loads(item.payload)
            form, _unknown = ApplicationForm.from_mapping(payload.get("application") or {})
            number, version = application.station_number, application.version
            channel = Channel(application.channel)
            reason, status = item.last_message or "", item.last_status
        return CorrectionSource(
            application_id=application_id,
            station_number=number,
            version=version,
            channel=channel,
            form=form,
            attachments=tuple(self._queries.attachments(application_id)),
            reason=reason,
            http_status=status,
        )

    def correct(self, application_id: int, form: ApplicationForm, user: str) -> CorrectionOutcome:
        """Save ``form`` as the next version of quarantined ``application_id``.

        Field errors come back as in ``IntakeService.save``; anything else that stops the
        correction (not quarantined any more, another channel) in ``refusal``.
        """
        result = self._intake.validate(form)
        if result.application is None:
            return CorrectionOutcome(None, None, None, result.errors, result.notices)
        valid = result.application
        now = self._clock()
        key = str(uuid.uuid4())
        try:
            with self._db.sessions.begin() as session:
                old, item = _version_and_item(session, application_id)
                if valid.channel.value != old.channel:
                    raise CorrectionRefused(i18n._(CHANNEL_FIXED).format(
                        channel=Channel(old.channel).label))
                # Conditional, so that a sync or a re-queue that got there first wins.
                superseded = cast(CursorResult[Any], session.execute(
                    update(OutboxItem)
                    .where(OutboxItem.id == item.id,
                           OutboxItem.state == OutboxState.QUARANTINED.value)
                    .values(state=OutboxState.SUPERSEDED.value, next_attempt_at=None,
                            updated_at=now)
                    .execution_options(synchronize_session=False)
                ))
                if superseded.rowcount != 1:
                    raise CorrectionRefused(_not_quarantined(session, item.id))
                # The receipt the citizen holds may carry a central number reserved ahead;
                # it moves to the new version (the envelope keeps it too), so the case is
                # still found by it and the service still gives it to this case.
                reserved, old.reserved_central_number = old.reserved_central_number, None
                session.flush()
                new = Application(
                    uuid=key,
                    station_number=old.station_number,
                    station_code=old.station_code,
                    central_number=None,
                    reserved_central_number=reserved,
                    created_at=old.created_at,
                    created_by=old.created_by,
                    synced_at=None,
                    version=old.version + 1,
                    corrects_id=old.id,
                    **valid.to_columns(),
                )
                session.add(new)
                session.flush()
                for row in application_attachments(session, old.id):
                    session.add(Attachment(
                        sha256=row.sha256, size=row.size, media_type=row.media_type,
                        original_name=row.original_name, page_count=row.page_count,
                        application_id=new.id, created_at=now))
                session.flush()
                rows = application_attachments(session, new.id)
                # The old version's own envelope (frozen when it was saved, perhaps by an
                # older desk) gives everything but the key, the fields and the attachments.
                sent = json.loads(item.payload)
                envelope = application_envelope(
                    uuid=key,
                    station_number=sent["station_number"],
                    station_code=sent["station_code"],
                    created_at=sent["created_at"],
                    created_by=sent["created_by"],
                    application=valid,
                    attachments=envelope_attachments(rows),
                    reserved_central_number=sent.get("reserved_central_number"),
                    corrects=old.uuid,
                )
                queue_application(session, new.id, key, envelope, now)
                queue_blob_uploads(session, new.id, rows, now)
                # The audit trail is a record kept in Turkish, not a text shown to people.
                old_no, old_v, new_v = old.station_number, old.version, new.version
                detail = f"{old_no} sürüm {old_v} → {new_v}; outbox={item.id}"  # i18n: not shown
                record_event(session, at=now, user=user, station_code=self._station_code,
                             action=CORRECTED_EVENT, application_id=new.id, detail=detail)
                number, version = new.station_number, new.version
        except CorrectionRefused as refusal:
            return CorrectionOutcome(None, None, None, {}, result.notices, str(refusal))
        log.info("application %s corrected as version %d", number, version)
        return CorrectionOutcome(number, version, key, {}, result.notices)


def _version_and_item(session: Session, application_id: int) -> tuple[Application, OutboxItem]:
    row = session.execute(
        select(Application, OutboxItem)
        .join(OutboxItem, (OutboxItem.application_id == Application.id)
              & (OutboxItem.kind == OutboxKind.APPLICATION.value))
        .where(Application.id == application_id)
    ).first()
    if row is None:
        raise CorrectionRefused(i18n._(NOT_FOUND))
    application, item = row
    if item.state != OutboxState.QUARANTINED.value:
        raise CorrectionRefused(i18n._(ONLY_QUARANTINED).format(
            state=OutboxState(item.state).label))
    return application, item


def _not_quarantined(session: Session, item_id: int) -> str:
    state = session.scalar(select(OutboxItem.state).where(OutboxItem.id == item_id))
    return i18n._(ONLY_QUARANTINED).format(state=OutboxState(state or "pending").label)
