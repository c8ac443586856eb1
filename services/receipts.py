"""Printing a receipt: the PDF, its barcode serial and its print-log row, together."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from models.database import Database
from models.deadlines import legal_deadline
from models.entities import Application, PrintLogEntry
from models.enums import ApplicationType, Channel, Urgency
from models.masking import shown_applicant
from models.numbers import StationNumber
from models.print_payload import PrintPayload
from printing.receipt import ReceiptData, ReceiptTooLongError, build_receipt
from services.audit import record_event
from services.clock import Clock
from services.counters import next_value
from services.reference import ReferenceService

log = logging.getLogger("bimer.printing")

DOCUMENT_RECEIPT = "receipt"


class ReceiptError(Exception):
    """A receipt that cannot be made; the message is Turkish and safe to show."""


class CaseNotFound(ReceiptError, LookupError):
    def __init__(self, number: str) -> None:
        super().__init__(f"'{number}' numaralı başvuru bu masada bulunamadı.")
        self.number = number


@dataclass(frozen=True)
class PrintedDocument:
    pdf: bytes
    page_count: int
    serial: int
    payload: str
    station_number: str


@dataclass(frozen=True)
class PaperSettings:
    institution_name: str
    query_instructions: str


class ReceiptService:
    def __init__(
        self,
        db: Database,
        station_code: str,
        reference: ReferenceService,
        paper: PaperSettings,
        clock: Clock,
    ) -> None:
        self._db = db
        self._station_code = station_code
        self._reference = reference
        self._paper = paper
        self._clock = clock

    def print_receipt(self, number: str, user: str, printer: str = "PDF") -> PrintedDocument:
        """Render the citizen's receipt for the case with station or central ``number``.

        The serial, the print-log row and the audit event are written in one transaction
        with the rendering, so no paper exists whose serial the log does not know.
        """
        now = self._clock()
        with self._db.sessions.begin() as session:
            app = session.scalars(
                select(Application).where(
                    or_(Application.station_number == number.strip(),
                        Application.central_number == number.strip(),
                        Application.reserved_central_number == number.strip())
                ).order_by(Application.version.desc())  # a corrected case: its newest version
            ).first()
            if app is None:
                raise CaseNotFound(number)
            case = StationNumber.parse(app.station_number)
            assert case is not None, "station numbers are written by IntakeService only"
            serial = next_value(session, f"print-serial:{self._station_code}")
            payload = PrintPayload(case, self._station_code, serial).encode()
            try:
                document = build_receipt(self._receipt_data(app, payload, user, now))
            except ReceiptTooLongError as error:
                raise ReceiptError(str(error)) from error
            session.add(
                PrintLogEntry(
                    serial=serial,
                    station_code=self._station_code,
                    document_type=DOCUMENT_RECEIPT,
                    application_id=app.id,
                    user=user,
                    printed_at=now,
                    page_count=document.page_count,
                    printer=printer,
                    payload=payload,
                )
            )
            record_event(session, at=now, user=user, station_code=self._station_code,
                         action="receipt.printed", application_id=app.id,
                         detail=f"serial={serial} printer={printer}")
            station_number = app.station_number
        log.info("receipt printed, serial %d", serial)
        return PrintedDocument(document.pdf, document.page_count, serial, payload, station_number)

    def _receipt_data(
        self, app: Application, payload: str, user: str, now: datetime
    ) -> ReceiptData:
        application_type = ApplicationType(app.application_type)
        received = app.created_at.astimezone()
        deadline = legal_deadline(application_type, received.date())
        subjects = self._reference.subjects
        return ReceiptData(
            institution_name=self._paper.institution_name,
            station_number=app.station_number,
            # Before sync, the number reserved ahead is already the case's central number
            # (the service takes it); after sync, whatever the service answered.
            central_number=app.central_number or app.reserved_central_number,
            received_at=received,
            applicant=shown_applicant(app.first_name, app.last_name, hidden=app.hide_identity)
            or "Belirtilmemiş",
            channel_label=Channel(app.channel).label,
            application_type_label=application_type.label,
            subject_label=subjects.subject_name(app.subject_code),
            sub_subject_label=subjects.sub_subject_name(app.subject_code, app.sub_subject_code),
            urgency_label=Urgency(app.urgency).label,
            deadline=deadline.due,
            deadline_rule=deadline.description,
            barcode_payload=payload,
            printing_station=self._station_code,
            printed_by=user,
            printed_at=now,
            query_instructions=self._paper.query_instructions,
        )
