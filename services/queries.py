"""Read-only views of the local store, as plain data (never ORM instances) for any thread."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from models.database import Database
from models.entities import Application, Attachment, OutboxItem
from models.enums import ApplicationType, Channel, OutboxKind, OutboxState, Urgency
from models.masking import shown_applicant


@dataclass(frozen=True)
class ApplicationSummary:
    id: int
    uuid: str
    station_number: str
    central_number: str | None
    created_at: datetime
    created_by: str
    channel: Channel
    application_type: ApplicationType
    urgency: Urgency
    subject_code: str
    sub_subject_code: str
    applicant_masked: str
    sync_state: OutboxState
    sync_message: str | None
    version: int = 1  # 2, 3, ... for a correction of a refused application


_IDS_PER_QUERY = 500


@dataclass(frozen=True)
class AttachmentView:
    """One attachment of a saved application, with how far its upload has come."""

    id: int
    application_id: int
    sha256: str
    size: int
    media_type: str
    name: str  # the citizen's file name: for the screen, never for a log
    page_count: int | None
    upload_state: OutboxState | None  # None: nothing queued (an application not yet sent)
    upload_message: str | None

    @property
    def uploaded(self) -> bool:
        """The central service holds these bytes (it said so to a HEAD or a PUT)."""
        return self.upload_state is OutboxState.DONE


_application_item = (OutboxItem.application_id == Application.id) & (
    OutboxItem.kind == OutboxKind.APPLICATION.value
)
# The version of each case that counts: a version replaced by its correction (superseded)
# stays in the Gönderim Kuyruğu's history, not among the applications.
_current_version = OutboxItem.state != OutboxState.SUPERSEDED.value


class ApplicationQueries:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list_applications(self, limit: int | None = None) -> list[ApplicationSummary]:
        statement = (
            select(Application, OutboxItem)
            .join(OutboxItem, _application_item)
            .where(_current_version)
            .order_by(Application.id.desc())
            .limit(limit)
        )
        with self._db.sessions() as session:
            return [_summary(app, item) for app, item in session.execute(statement).all()]

    def count(self) -> int:
        """How many cases this desk holds (a corrected case once)."""
        statement = (select(func.count()).select_from(Application)
                     .join(OutboxItem, _application_item).where(_current_version))
        with self._db.sessions() as session:
            return int(session.execute(statement).scalar_one())

    def find(self, number: str) -> ApplicationSummary | None:
        """By station number or central number: both find the case forever (so does the
        reserved central number its receipt carried before sync)."""
        number = number.strip()
        statement = (
            select(Application, OutboxItem)
            .join(OutboxItem, _application_item)
            .where(or_(Application.station_number == number, Application.central_number == number,
                       Application.reserved_central_number == number),
                   _current_version)
            .order_by(Application.version.desc())
        )
        with self._db.sessions() as session:
            row = session.execute(statement).first()
            return _summary(*row) if row else None

    def attachments(self, application_id: int) -> list[AttachmentView]:
        """The application's attachments in the order they were added."""
        return self.attachments_by_application([application_id]).get(application_id, [])

    def attachments_by_application(
        self, application_ids: Iterable[int]
    ) -> dict[int, list[AttachmentView]]:
        """Attachments of many applications at once (a listing): id → attachments."""
        ids = sorted(set(application_ids))
        found: dict[int, list[AttachmentView]] = {}
        with self._db.sessions() as session:
            # In chunks: SQLite caps the number of bound parameters in one statement.
            rows = [
                result
                for start in range(0, len(ids), _IDS_PER_QUERY)
                for result in session.execute(
                    select(Attachment, OutboxItem.state, OutboxItem.last_message)
                    .outerjoin(OutboxItem, (OutboxItem.idempotency_key == Attachment.sha256)
                               & (OutboxItem.kind == OutboxKind.BLOB.value))
                    .where(Attachment.application_id.in_(ids[start:start + _IDS_PER_QUERY]))
                    .order_by(Attachment.application_id, Attachment.id)
                ).all()
            ]
            for row, state, message in rows:
                assert row.application_id is not None
                found.setdefault(row.application_id, []).append(AttachmentView(
                    id=row.id,
                    application_id=row.application_id,
                    sha256=row.sha256,
                    size=row.size,
                    media_type=row.media_type,
                    name=row.original_name,
                    page_count=row.page_count,
                    upload_state=OutboxState(state) if state is not None else None,
                    upload_message=message,
                ))
        return found

    def newest_with_attachments(self) -> int | None:
        """The newest case that has attachments (a preview opens its viewer), or None."""
        statement = select(func.max(Attachment.application_id))
        with self._db.sessions() as session:
            found = session.execute(statement).scalar_one_or_none()
        return int(found) if found is not None else None

    def pending_count(self) -> int:
        """Items not yet acknowledged by the central service, quarantined ones included
        (a superseded one never will be: its correction is counted instead)."""
        statement = select(func.count()).where(
            OutboxItem.state.not_in([OutboxState.DONE.value, OutboxState.SUPERSEDED.value]))
        with self._db.sessions() as session:
            return int(session.execute(statement).scalar_one())


def _summary(app: Application, item: OutboxItem) -> ApplicationSummary:
    return ApplicationSummary(
        id=app.id,
        uuid=app.uuid,
        station_number=app.station_number,
        central_number=app.central_number,
        created_at=app.created_at,
        created_by=app.created_by,
        channel=Channel(app.channel),
        application_type=ApplicationType(app.application_type),
        urgency=Urgency(app.urgency),
        subject_code=app.subject_code,
        sub_subject_code=app.sub_subject_code,
        applicant_masked=shown_applicant(app.first_name, app.last_name, hidden=app.hide_identity),
        sync_state=OutboxState(item.state),
        sync_message=item.last_message,
        version=app.version,
    )
