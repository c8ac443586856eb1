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
from models.i18n import N_, _
from models.identity_access import IdentityLevel, Viewer, identity_level, may_reveal
from services.audit import record_event
from services.case_search import CaseRow, CaseSearch
from services.clock import Clock
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
    revealable: bool = False  # the viewer may reveal the identity (an eye button; audited)
    revealed: bool = False  # shown unmasked: a reveal was recorded for this reading

    @property
    def requeueable(self) -> bool:
        return self.outbox_item_id is not None and self.row.sync_state is OutboxState.QUARANTINED

    @property
    def correctable(self) -> bool:
        return self.row.sync_state is OutboxState.QUARANTINED


SHOWN_IDENTITY_FIELDS = ("first_name", "last_name", "tckn", "mobile_phone", "email", "address",
                         "contact_address", "sender_as_written", "fax_number")
"""What the applicant block shows masked, and a reveal unmasks (``applicant_rows``); the
mother's maiden-name letters are never shown."""


REVEALED_ON_SCREEN_NOTE = N_("Kimlik bilgileri isteğiniz üzerine açıldı; kimin, ne zaman, "
                             "hangi alanları açtığı denetim kaydına yazıldı.")


class RevealRefused(Exception):
    """The viewer may not reveal this identity (hidden by someone else, or no role)."""


class CaseDetails:
    def __init__(self, db: Database, cases: CaseSearch, queries: ApplicationQueries,
                 history: HistoryService, clock: Clock, station_code: str,
                 forwards: ForwardService) -> None:
        self._forwards = forwards
        self._db = db
        self._cases = cases
        self._queries = queries
        self._history = history
        self._clock = clock
        self._station = station_code

    def reveal(self, application_id: int, viewer: Viewer) -> CaseDetail | None:
        """The case with its applicant unmasked, after recording the reveal in the audit
        trail (who, when, which case, which fields); RevealRefused when the rule
        (``models/identity_access.py``) does not allow it. A change of the desk: the
        writer lane."""
        with self._db.sessions.begin() as session:
            app = session.get(Application, application_id)
            if app is None:
                return None
            if not may_reveal(viewer, hidden=app.hide_identity, hidden_by=app.created_by):
                raise RevealRefused(application_id)
            fields = [key for key in SHOWN_IDENTITY_FIELDS if getattr(app, key)]
            record_event(session, at=self._clock(), user=viewer.user,
                         station_code=self._station, action="identity.revealed",
                         application_id=application_id,
                         detail="screen fields=" + ",".join(fields))
        return self.get(application_id, viewer, revealed=True)

    def get(self, application_id: int, viewer: Viewer, *, revealed: bool = False
            ) -> CaseDetail | None:
        """The case as ``viewer`` sees it; ``revealed`` only from :meth:`reveal`."""
        row = self._cases.row(application_id, viewer)
        if row is None:
            return None
        with self._db.sessions() as session:
            app = session.get(Application, application_id)
            assert app is not None
            level = identity_level(viewer, hidden=app.hide_identity, hidden_by=app.created_by,
                                   revealed=revealed)
            revealable = level is IdentityLevel.MASKED and may_reveal(
                viewer, hidden=app.hide_identity, hidden_by=app.created_by)
            note, identity = applicant_rows(app, reveal=level is IdentityLevel.FULL,
                                            hidden=level is IdentityLevel.HIDDEN)
            if level is IdentityLevel.FULL:
                note = _(REVEALED_ON_SCREEN_NOTE)
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
            do_not_send=self._forwards.do_not_send_lines(row.station_number),
            revealable=revealable, revealed=level is IdentityLevel.FULL)

    def by_number(self, number: str, viewer: Viewer) -> CaseDetail | None:
        found = self._cases.find_one(number, viewer)
        return self.get(found.id, viewer) if found is not None else None
