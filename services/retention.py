"""Retention (KVKK, law 6698): a case the central service holds is reduced to its numbers.

Once the central service has acknowledged an application (``synced_at``) and the retention
period (setting ``retention_days``) has passed since, the desk empties it of whatever says
who the applicant is or what they wrote: identity fields, contact details, the text, the
name-search words, the frozen envelope in the outbox and the attachments' original file
names — and the attachment bytes go with the blob collection that follows. What stays:
numbers, dates, channel, type, subject, states, the print log and the audit trail.

Crash-safe by construction: each case is purged in ONE transaction together with its
``application.purged`` audit event and ``purged_at``; a kill half-way leaves every case
either whole or purged, and the next run (at start, or ``bimer-desktop purge``) goes on
with those still due. Blob files are deleted after the database no longer needs them, by
the collector, whose own deletions are restartable (``services/blob_gc.py``). SQLite's
``secure_delete`` overwrites the freed bytes, and the WAL is checkpointed and truncated
afterwards, so the old values do not linger in the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, text, update

from models.database import Database
from models.entities import Application, ApplicationNameWord, Attachment, OutboxItem
from models.enums import OutboxKind
from services.audit import record_event
from services.blob_gc import BlobCollector
from services.blob_store import BlobStore
from services.clock import Clock

log = logging.getLogger("bimer.retention")

PURGED_VALUES: dict[str, Any] = {
    "tckn": "", "first_name": "", "last_name": "", "mother_maiden_first": "",
    "mother_maiden_last": "", "mobile_phone": "", "email": "", "address": "", "text": "",
    "education_level": None, "contact_address": "", "location_detail": "",
    "sender_as_written": "", "fax_number": "", "email_subject": "", "organization_title": "",
    "organization_tax_number": "", "requested_information": "", "name_sort": "",
}
"""Every column of ``applications`` that can say who the applicant is or what they wrote,
and what it holds once purged."""

PURGED_PAYLOAD = '{"purged": true}'
"""The outbox envelope of a purged case: it was acknowledged, it is never sent again."""


@dataclass(frozen=True)
class PurgeReport:
    purged: int  # cases emptied in this run
    blobs_deleted: int


class RetentionService:
    def __init__(self, db: Database, blobs: BlobStore, clock: Clock, station_code: str,
                 retention: timedelta) -> None:
        self._db = db
        self._blobs = blobs
        self._clock = clock
        self._station = station_code
        self.retention = retention

    def due(self) -> list[int]:
        """The ids of the cases whose time has come, oldest first."""
        limit = self._clock() - self.retention
        with self._db.sessions() as session:
            return list(session.scalars(
                select(Application.id).where(Application.purged_at.is_(None),
                                             Application.synced_at.is_not(None),
                                             Application.synced_at <= limit)
                .order_by(Application.id)))

    def purge(self, user: str = "", after_each: Callable[[int], None] | None = None
              ) -> PurgeReport:
        """Purge every case that is due, one transaction each; then the attachment bytes
        nobody needs any more. A worker thread or a command: it writes and deletes files."""
        purged = 0
        for application_id in self.due():
            if self._purge_one(application_id, user):
                purged += 1
                if after_each is not None:
                    after_each(application_id)
        collector = BlobCollector(self._db, self._blobs, self._clock, self.retention)
        blobs = collector.collect().deleted
        if purged:
            with self._db.engine.connect() as connection:
                # The WAL still holds the pages as they were before: fold it in, empty it.
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            log.info("retention: %d cases purged, %d attachment copies deleted", purged, blobs)
        return PurgeReport(purged, blobs)

    def _purge_one(self, application_id: int, user: str) -> bool:
        now = self._clock()
        with self._db.sessions.begin() as session:
            # Freed bytes are overwritten with zeros, not left in the file's free pages.
            session.execute(text("PRAGMA secure_delete=ON"))
            app = session.get(Application, application_id)
            if app is None or app.purged_at is not None:
                return False  # another desk process purged it meanwhile
            session.execute(update(Application).where(Application.id == application_id)
                            .values(**PURGED_VALUES, purged_at=now))
            session.execute(delete(ApplicationNameWord)
                            .where(ApplicationNameWord.application_id == application_id))
            session.execute(update(OutboxItem).where(
                OutboxItem.application_id == application_id,
                OutboxItem.kind == OutboxKind.APPLICATION.value).values(payload=PURGED_PAYLOAD))
            session.execute(update(Attachment).where(Attachment.application_id == application_id)
                            .values(original_name=""))
            record_event(session, at=now, user=user, station_code=self._station,
                         action="application.purged", application_id=application_id,
                         detail=app.station_number)
        return True
