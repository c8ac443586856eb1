"""Read-only views of the local store, as plain data (never ORM instances) for any thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from models.database import Database
from models.entities import Application, OutboxItem
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


_application_item = (OutboxItem.application_id == Application.id) & (
    OutboxItem.kind == OutboxKind.APPLICATION.value
)


class ApplicationQueries:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list_applications(self, limit: int | None = None) -> list[ApplicationSummary]:
        statement = (
            select(Application, OutboxItem)
            .join(OutboxItem, _application_item)
            .order_by(Application.id.desc())
            .limit(limit)
        )
        with self._db.sessions() as session:
            return [_summary(app, item) for app, item in session.execute(statement).all()]

    def find(self, number: str) -> ApplicationSummary | None:
        """By station number or central number: both find the case forever."""
        number = number.strip()
        statement = (
            select(Application, OutboxItem)
            .join(OutboxItem, _application_item)
            .where(or_(Application.station_number == number, Application.central_number == number))
        )
        with self._db.sessions() as session:
            row = session.execute(statement).first()
            return _summary(*row) if row else None

    def pending_count(self) -> int:
        """Items not yet acknowledged by the central service, quarantined ones included."""
        statement = select(func.count()).where(OutboxItem.state != OutboxState.DONE.value)
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
    )
