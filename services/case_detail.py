"""Everything about one case, read at once for the case detail and ``bimer-desktop show``.

Plain data for any thread. Identity is shown as :func:`models.identity_access.identity_level`
decides for the viewer (masked with stars, "Gizlenmiş" when hidden); the full text is the
citizen's and is shown, never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from models.database import Database
from models.entities import Application, OutboxAttempt, OutboxItem, PrintLogEntry
from models.enums import OutboxKind, OutboxState
from models.identity_access import IdentityLevel, Viewer
from services.case_search import CaseRow, CaseSearch
from services.forwards import DoNotSendLine, ForwardLine, ForwardService, MovementLine
from services.history import HistoryEntry, HistoryService, HistoryUnavailable
from services.printouts import applicant_rows, case_details
from services.queries import ApplicationQueries, AttachmentView


@dataclass(frozen=True)
class AttemptLine:
    at: datetime
    outcome: str
    http_status: int | None
    message: str


@dataclass(frozen=True)
class VersionLine:
    id: int
    version: int
    created_at: datetime
    created_by: str
    state: OutboxState | None
    message: str | None


@dataclass(frozen=True)
class PrintLine:
    serial: int
    document_type: str
    user: str
    printed_at: datetime
    printer: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow  # the list's view of the case: numbers, dates, deadline, state
    identity_note: str
    identity_rows: list[tuple[str, str]]
    details: list[tuple[str, str]]
    text: str
    attachments: list[AttachmentView]
    outbox_item_id: int | None
    attempts: list[AttemptLine]
    prints: list[PrintLine]
    versions: list[VersionLine]  # oldest first; the shown one is ``row.version``
    history: list[HistoryEntry]  # the applicant's other cases at this desk (evveliyat)
    # Forwards (sevk): as the desk made them (with why one waits), the movements the
    # central service recorded, and the case's do-not-send list (services/forwards.py).
    forwards: list[ForwardLine] = field(default_factory=list)
    movements: list[MovementLine] = field(default_factory=list)
    do_not_send: list[DoNotSendLine] = field(default_factory=list)

    @property
    def requeueable(self) -> bool:
        return self.outbox_item_id is not None and self.row.sync_state is OutboxState.QUARANTINED

    @property
    def correctable(self) -> bool:
        return self.row.sync_state is OutboxState.QUARANTINED


class CaseDetails:
    def __init__(self, db: Database, cases: CaseSearch, queries: ApplicationQueries,
                 history: HistoryService, forwards: ForwardService) -> None:
        self._forwards = forwards
        self._db = db
        self._cases = cases
        self._queries = queries
        self._history = history

    def get(self, application_id: int, viewer: Viewer) -> CaseDetail | None:
        row = self._cases.row(application_id, viewer)
        if row is None:
            return None
        with self._db.sessions() as session:
            app = session.get(Application, application_id)
            assert app is not None
            reveal = row.identity is IdentityLevel.FULL
            note, identity = applicant_rows(app, reveal=reveal)
            details = case_details(app)
            text = app.text
            tckn = app.tckn if row.identity is not IdentityLevel.HIDDEN else ""
            item = session.scalars(select(OutboxItem).where(
                OutboxItem.application_id == application_id,
                OutboxItem.kind == OutboxKind.APPLICATION.value)).first()
            item_id = item.id if item is not None else None
            attempts = [AttemptLine(a.at, a.outcome, a.http_status, a.message)
                        for a in session.scalars(select(OutboxAttempt).where(
                            OutboxAttempt.outbox_id == item_id).order_by(OutboxAttempt.id))
                        ] if item_id is not None else []
            prints = [PrintLine(p.serial, p.document_type, p.user, p.printed_at, p.printer)
                      for p in session.scalars(select(PrintLogEntry).where(
                          PrintLogEntry.application_id == application_id)
                          .order_by(PrintLogEntry.id))]
            versions = []
            for version in session.scalars(select(Application).where(
                    Application.station_number == app.station_number)
                    .order_by(Application.version)):
                state = session.scalars(select(OutboxItem.state).where(
                    OutboxItem.application_id == version.id,
                    OutboxItem.kind == OutboxKind.APPLICATION.value)).first()
                message = session.scalars(select(OutboxItem.last_message).where(
                    OutboxItem.application_id == version.id,
                    OutboxItem.kind == OutboxKind.APPLICATION.value)).first()
                versions.append(VersionLine(
                    version.id, version.version, version.created_at, version.created_by,
                    OutboxState(state) if state else None, message))
        history: list[HistoryEntry] = []
        if tckn:
            try:
                history = [entry for entry in self._history.local(tckn).entries
                           if entry.station_number != row.station_number]
            except (HistoryUnavailable, ValueError):
                history = []
        return CaseDetail(
            row=row, identity_note=note, identity_rows=identity, details=details, text=text,
            attachments=self._queries.attachments(application_id), outbox_item_id=item_id,
            attempts=attempts, prints=prints, versions=versions, history=history,
            forwards=self._forwards.forward_lines(row.station_number),
            movements=self._forwards.movement_lines(row.station_number),
            do_not_send=self._forwards.do_not_send_lines(row.station_number))

    def by_number(self, number: str, viewer: Viewer) -> CaseDetail | None:
        found = self._cases.find_one(number, viewer)
        return self.get(found.id, viewer) if found is not None else None
