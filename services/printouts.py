"""Printouts of a case: rendered for a look, produced on paper or as PDF, and logged.

Two steps, because a preview is not a print:

* :meth:`PrintService.preview` renders the document for the screen. It writes nothing: no
  print serial is used and no print-log row appears, so a preview the clerk closes leaves no
  trace (except an audit event when identity was revealed on screen). Its barcode carries the
  serial the next print would get, so the preview looks like the paper.
* :meth:`PrintService.produce` allocates the serial, renders the document with it, writes
  the print-log row and the audit event, hands the PDF to a :class:`PrintOutput` (a printer
  or a PDF file) and commits, in one transaction. An output that fails rolls everything
  back: the serial is given back and no row claims a paper that never came out.

The barcode payload (:mod:`models.print_payload`) names the case, the printing station and
the serial; :meth:`PrintService.lookup` reads a scanned one back to the case and to the
print-log row that tells who printed it, where and when.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from phonenumbers import NumberParseException
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import i18n
from models.application_form import LOCATION, field_label
from models.database import Database
from models.deadlines import legal_deadline, received_on
from models.durable_files import fsync_directory
from models.entities import (
    Application,
    Attachment,
    Counter,
    Movement,
    OutboxItem,
    PrintLogEntry,
)
from models.enums import (
    ApplicantKind,
    ApplicationType,
    Channel,
    OutboxKind,
    OutboxState,
    Urgency,
)
from models.forwards import ForwardKind
from models.i18n import N_, _, format_date, format_datetime, ngettext
from models.masking import (
    HIDDEN_LABEL,
    mask_email,
    mask_name,
    mask_phone,
    mask_text,
    shown_applicant,
)
from models.numbers import StationNumber
from models.phone import format_mobile
from models.print_payload import PrintPayload, decode_payload
from models.privacy_notice import PrivacyNotice
from models.tckn import mask_tckn
from models.turkey_time import in_turkey
from models.turkish_text import format_size
from printing.case_report import AttachmentRow, CaseReportData, MovementRow, build_case_report
from printing.document import RenderedDocument
from printing.receipt import ReceiptData, ReceiptLayout, ReceiptTooLongError, build_receipt
from services.audit import record_event
from services.clock import Clock
from services.counters import next_value
from services.paging import PAGE_SIZE, Page, cut
from services.queries import ApplicationQueries, ApplicationSummary, AttachmentView
from services.reference import ReferenceService

log = logging.getLogger("bimer.printing")
PRINTER_LABEL_MAX = 1024  # a PDF's whole path (models/entities.py: PrintLog.printer)

__all__ = [
    "CaseNotFound",
    "DocumentKind",
    "OutputError",
    "PaperSettings",
    "PdfFile",
    "PrintError",
    "PrintLogView",
    "PrintOutput",
    "PrintPreview",
    "PrintRequest",
    "PrintService",
    "PrintedDocument",
    "ReceiptLayout",
    "RenderedDocument",
    "ScanLookup",
    "free_pdf_path",
]


class DocumentKind(StrEnum):
    RECEIPT = "receipt"
    REPORT = "report"

    @property
    def label(self) -> str:
        return i18n._(_DOCUMENT_LABELS[self])

    @property
    def file_stem(self) -> str:
        """The start of a PDF's file name, in the desk's language (ASCII: any file system)."""
        return i18n._(_FILE_STEMS[self])


# Marked only; DocumentKind.label translates.
_DOCUMENT_LABELS = {DocumentKind.RECEIPT: N_("Alındı belgesi"),
                    DocumentKind.REPORT: N_("Başvuru raporu")}
# A file name's words; translations keep to ASCII letters, digits and hyphens.
_FILE_STEMS = {DocumentKind.RECEIPT: N_("alindi-belgesi"),
               DocumentKind.REPORT: N_("basvuru-raporu")}


class PrintError(Exception):
    """A printout that cannot be made; the message is Turkish and safe to show."""


class CaseNotFound(PrintError, LookupError):
    def __init__(self, number: str) -> None:
        super().__init__(_("'{number}' numaralı başvuru bu masada bulunamadı.").format(
            number=number))
        self.number = number


class OutputError(PrintError):
    """The printer or the file refused the document; nothing was logged."""


class PrintOutput(Protocol):
    """Where a produced document goes: a printer, or a PDF file."""

    @property
    def label(self) -> str:
        """What the print log records: the printer's name, or ``PDF: <path>``."""
        ...

    def deliver(self, document: RenderedDocument, *, title: str) -> None:
        """Put the document on paper (or disk); raise :class:`OutputError` if that fails."""
        ...


class PdfFile:
    """A :class:`PrintOutput` that writes the PDF to ``path``, whole or not at all."""

    def __init__(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.path = path

    @property
    def label(self) -> str:
        return f"PDF: {self.path}"

    def deliver(self, document: RenderedDocument, *, title: str) -> None:
        temporary = self.path.with_name(self.path.name + ".part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as handle:
                handle.write(document.pdf)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(self.path)
            fsync_directory(self.path.parent)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise OutputError(
                _("PDF yazılamadı: {path} ({reason}). Başka bir klasör seçip tekrar "
                  "deneyin.").format(path=self.path, reason=error.strerror or error)
            ) from error


def free_pdf_path(folder: Path, kind: DocumentKind, station_number: str) -> Path:
    """``<folder>/alindi-belgesi-06-01-2026-000123.pdf``, or ``…-2.pdf`` and so on if taken:
    a second print of the same case never overwrites the first one's file."""
    stem = f"{kind.file_stem}-{station_number}"
    candidate = folder / f"{stem}.pdf"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.pdf"
        number += 1
    return candidate


@dataclass(frozen=True)
class PaperSettings:
    institution_name: str
    query_instructions: str
    receipt_layout: ReceiptLayout = ReceiptLayout.A4
    privacy_notice: PrivacyNotice | None = None
    """Printed after an A4/A5 receipt (setting ``receipt_privacy_notice``); None: not."""


@dataclass(frozen=True)
class PrintRequest:
    kind: DocumentKind
    number: str
    """The case's station or central number."""
    layout: ReceiptLayout | None = None
    """Receipts only: None takes the layout from the settings. Reports are always A4."""
    reveal_identity: bool = False
    """Reports only: print the applicant unmasked this once (audited); never the default."""


@dataclass(frozen=True)
class PrintPreview:
    """A rendering for the screen: nothing was logged and no serial was used."""

    request: PrintRequest
    pdf: bytes
    page_count: int
    station_number: str
    provisional_serial: int
    """The serial the next print would get; another print in between takes it first."""
    layout: ReceiptLayout | None
    identity_hidden: bool
    """The citizen asked to hide their identity: nobody may reveal it."""

    @property
    def title(self) -> str:
        return f"{self.request.kind.label} — {self.station_number}"

    @property
    def suggested_file_name(self) -> str:
        return f"{self.request.kind.file_stem}-{self.station_number}.pdf"


@dataclass(frozen=True)
class PrintedDocument:
    kind: DocumentKind
    pdf: bytes
    page_count: int
    serial: int
    payload: str
    station_number: str
    printer: str


@dataclass(frozen=True)
class PrintLogView:
    """One print-log row, as plain data; no personal data in it."""

    serial: int
    document_type: str
    station_number: str
    """The case's number; the printing station is :attr:`station_code`."""
    station_code: str
    user: str
    printed_at: datetime
    page_count: int
    printer: str
    payload: str
    id: int = 0  # the print-log row (Yazdırma Geçmişi pages by it)
    application_id: int = 0

    @property
    def document_label(self) -> str:
        try:
            return DocumentKind(self.document_type).label
        except ValueError:
            return self.document_type

    def provenance(self) -> str:
        """``06-01 istasyonunda memur1 kullanıcısı tarafından … tarihinde basıldı, seri 4``."""
        return ngettext(
            "{station} istasyonunda {user} kullanıcısı tarafından {printed_at} tarihinde "
            "basıldı, seri {serial} ({document}, {pages} sayfa).",
            "{station} istasyonunda {user} kullanıcısı tarafından {printed_at} tarihinde "
            "basıldı, seri {serial} ({document}, {pages} sayfa).", self.page_count,
        ).format(station=self.station_code, user=self.user,
                 printed_at=format_datetime(self.printed_at), serial=self.serial,
                 document=self.document_label, pages=self.page_count)


@dataclass(frozen=True)
class CaseView:
    """What the barcode lookup shows of a case on this desk."""

    summary: ApplicationSummary
    subject_label: str
    """``Konu / Alt konu`` in words."""
    text: str
    attachments: list[AttachmentView]


@dataclass(frozen=True)
class ScanLookup:
    """A scanned payload, read back: which case, and who printed this very paper."""

    payload: PrintPayload
    scanned: str
    case: CaseView | None
    """None: the case was taken at another station and is not on this desk."""
    printed: PrintLogView | None
    """None: this desk's print log has no row for the paper (see :attr:`provenance`)."""
    provenance: str
    """The sentence to show about the paper's printing, in Turkish."""

    @property
    def case_number(self) -> str:
        return str(self.payload.case)


class PrintService:
    def __init__(
        self,
        db: Database,
        station_code: str,
        reference: ReferenceService,
        paper: PaperSettings,
        clock: Clock,
        queries: ApplicationQueries,
    ) -> None:
        self._db = db
        self._station_code = station_code
        self._reference = reference
        self._paper = paper
        self._clock = clock
        self._queries = queries

    # ----- preview and produce ----------------------------------------------------------

    def preview(self, request: PrintRequest, user: str) -> PrintPreview:
        """Render for the screen; writes no serial and no print-log row.

        Revealing identity on screen is itself a reveal: it is audited here.
        """
        now = self._clock()
        request = self._checked(request)
        with self._db.sessions.begin() as session:
            app = self._find(session, request.number)
            self._refuse_hidden_reveal(app, request)
            serial = self._peek_serial(session)
            payload = PrintPayload(_case_number(app), self._station_code, serial).encode()
            document = self._render(session, app, request, payload, user, now)
            if request.reveal_identity:
                record_event(session, at=now, user=user, station_code=self._station_code,
                             action="identity.revealed", application_id=app.id,
                             detail=f"{request.kind.value} preview")
            return PrintPreview(
                request=request,
                pdf=document.pdf,
                page_count=document.page_count,
                station_number=app.station_number,
                provisional_serial=serial,
                layout=request.layout if request.kind is DocumentKind.RECEIPT else None,
                identity_hidden=app.hide_identity,
            )

    def produce(self, request: PrintRequest, user: str, output: PrintOutput) -> PrintedDocument:
        """Print (or save) the document and log it, all or nothing.

        The serial, the print-log row and the audit event are written in the transaction that
        delivers the document, so no paper exists whose serial the log does not know, and no
        row claims a paper the printer refused.
        """
        now = self._clock()
        request = self._checked(request)
        with self._db.sessions.begin() as session:
            app = self._find(session, request.number)
            self._refuse_hidden_reveal(app, request)
            serial = next_value(session, _serial_counter(self._station_code))
            payload = PrintPayload(_case_number(app), self._station_code, serial).encode()
            document = self._render(session, app, request, payload, user, now)
            label = output.label
            session.add(
                PrintLogEntry(
                    serial=serial,
                    station_code=self._station_code,
                    document_type=request.kind.value,
                    application_id=app.id,
                    user=user,
                    printed_at=now,
                    page_count=document.page_count,
                    printer=label[:PRINTER_LABEL_MAX],
                    payload=payload,
                )
            )
            detail = f"serial={serial} pages={document.page_count}"
            if request.layout is not None and request.kind is DocumentKind.RECEIPT:
                detail += f" layout={request.layout.value}"
            if request.reveal_identity:
                detail += " identity=revealed"
            record_event(session, at=now, user=user, station_code=self._station_code,
                         action=f"{request.kind.value}.printed", application_id=app.id,
                         detail=detail)
            # The row is checked against its constraints before any paper comes out.
            session.flush()
            try:
                output.deliver(document, title=f"{request.kind.label} {app.station_number}")
            except OSError as error:
                raise OutputError(_("Belge yazdırılamadı: {reason}").format(
                    reason=error.strerror or error)) from error
            station_number = app.station_number
        log.info("%s printed, serial %d, %d page(s)", request.kind.value, serial,
                 document.page_count)
        return PrintedDocument(request.kind, document.pdf, document.page_count, serial, payload,
                               station_number, label)

    # ----- the print log and the barcode lookup ----------------------------------------

    def print_log(self, limit: int | None = None) -> list[PrintLogView]:
        """The newest ``limit`` rows (all when None), oldest first."""
        statement = (
            select(PrintLogEntry, Application.station_number)
            .join(Application, Application.id == PrintLogEntry.application_id)
            .order_by(PrintLogEntry.id.desc())
            .limit(limit)
        )
        with self._db.sessions() as session:
            rows = [_log_view(entry, number) for entry, number in session.execute(statement)]
        rows.reverse()
        return rows

    def log_page(self, after: int | None = None, limit: int = PAGE_SIZE) -> Page[PrintLogView]:
        """Yazdırma Geçmişi a page at a time, newest first, after the row ``after``."""
        statement = (select(PrintLogEntry, Application.station_number)
                     .join(Application, Application.id == PrintLogEntry.application_id)
                     .order_by(PrintLogEntry.id.desc()).limit(limit + 1))
        if after is not None:
            statement = statement.where(PrintLogEntry.id < after)
        with self._db.sessions() as session:
            rows = [_log_view(entry, number) for entry, number in session.execute(statement)]
        return cut(rows, limit, lambda row: row.id)

    def log_rows(self, ids: Sequence[int]) -> list[PrintLogView]:
        """These print-log rows again (a list reads a page it let go)."""
        statement = (select(PrintLogEntry, Application.station_number)
                     .join(Application, Application.id == PrintLogEntry.application_id)
                     .where(PrintLogEntry.id.in_(list(ids))))
        with self._db.sessions() as session:
            return [_log_view(entry, number) for entry, number in session.execute(statement)]

    def log_count(self) -> int:
        with self._db.sessions() as session:
            return int(session.execute(
                select(func.count()).select_from(PrintLogEntry)).scalar_one())

    def lookup(self, scanned: str) -> ScanLookup | None:
        """The case and the print behind a scanned barcode; None if it is not our payload
        (wrong shape or a failed check digit: a misread never opens a wrong case)."""
        payload = decode_payload(scanned)
        if payload is None:
            return None
        case_number = str(payload.case)
        with self._db.sessions() as session:
            row = session.execute(
                select(PrintLogEntry, Application.station_number)
                .join(Application, Application.id == PrintLogEntry.application_id)
                .where(PrintLogEntry.station_code == payload.printing_station,
                       PrintLogEntry.serial == payload.serial)
            ).first()
            printed = _log_view(*row) if row is not None else None
            text = session.scalars(
                select(Application.text).where(Application.station_number == case_number)
                .order_by(Application.version.desc())
            ).first()
        summary = self._queries.find(case_number)
        case = None
        if summary is not None:
            subjects = self._reference.subjects
            code, sub_code = summary.subject_code, summary.sub_subject_code
            subject = (f"{subjects.subject_name(code)} / "
                       f"{subjects.sub_subject_name(code, sub_code)}")
            case = CaseView(summary, subject, text or "", self._queries.attachments(summary.id))
        return ScanLookup(payload, scanned.strip(), case, printed,
                          self._provenance(payload, printed, case_number))

    def _provenance(self, payload: PrintPayload, printed: PrintLogView | None,
                    case_number: str) -> str:
        if printed is not None and printed.station_number == case_number:
            return printed.provenance()
        if printed is not None:
            return _("Uyarı: bu masanın kaydında seri {serial} başka bir başvuruya ({number}) "
                     "ait. Barkod bu masada basılmamış olabilir; belgeyi dikkatle "
                     "inceleyin.").format(serial=payload.serial, number=printed.station_number)
        if payload.printing_station != self._station_code:
            return _("{station} istasyonunda basılmış, seri {serial}. Kimin, ne zaman bastığı "
                     "o istasyonun yazdırma kaydındadır; bu masanın kaydında yok.").format(
                station=payload.printing_station, serial=payload.serial)
        return _("Bu masanın yazdırma kaydında seri {serial} yok. Belge bu masada basılmamış "
                 "olabilir; belgeyi dikkatle inceleyin.").format(serial=payload.serial)

    # ----- rendering ----------------------------------------------------------------------

    def _checked(self, request: PrintRequest) -> PrintRequest:
        if request.kind is DocumentKind.REPORT:
            if request.layout not in (None, ReceiptLayout.A4):
                raise PrintError(_("Başvuru raporu yalnızca A4 olarak basılır; A5 ve 80 mm "
                                   "yalnızca alındı belgesi içindir."))
            return replace(request, layout=None)
        if request.reveal_identity:
            raise PrintError(_("Alındı belgesi vatandaşın nüshasıdır; kimlik bilgileri "
                               "üzerinde her zaman yıldızlı basılır."))
        if request.layout is None:
            return replace(request, layout=self._paper.receipt_layout)
        return request

    @staticmethod
    def _refuse_hidden_reveal(app: Application, request: PrintRequest) -> None:
        if request.reveal_identity and app.hide_identity:
            raise PrintError(_("Başvuran kimliğinin gizlenmesini istedi; kimlik bilgileri "
                               "hiçbir baskıda açılamaz."))

    def _find(self, session: Session, number: str) -> Application:
        wanted = number.strip()
        app = session.scalars(
            select(Application).where(
                or_(Application.station_number == wanted, Application.central_number == wanted,
                    Application.reserved_central_number == wanted)
            ).order_by(Application.version.desc())  # a corrected case: its newest version
        ).first()
        if app is None:
            raise CaseNotFound(wanted)
        return app

    def _peek_serial(self, session: Session) -> int:
        current = session.scalars(
            select(Counter.value).where(Counter.name == _serial_counter(self._station_code))
        ).first()
        return (current or 0) + 1

    def _render(self, session: Session, app: Application, request: PrintRequest,
                payload: str, user: str, now: datetime) -> RenderedDocument:
        try:
            if request.kind is DocumentKind.RECEIPT:
                assert request.layout is not None, "_checked sets the layout of receipts"
                return build_receipt(self._receipt_data(app, payload, user, now), request.layout,
                                     self._paper.privacy_notice)
            return build_case_report(
                self._report_data(session, app, payload, user, now, request.reveal_identity)
            )
        except ReceiptTooLongError as error:
            raise PrintError(str(error)) from error

    def _receipt_data(self, app: Application, payload: str, user: str,
                      now: datetime) -> ReceiptData:
        application_type = ApplicationType(app.application_type)
        received = in_turkey(app.created_at)
        deadline = legal_deadline(application_type, received_on(app.created_at,
                                                                app.received_date),
                                  self._reference.holidays)
        subjects = self._reference.subjects
        return ReceiptData(
            institution_name=self._paper.institution_name,
            station_number=app.station_number,
            # Before sync, a number reserved ahead is already the case's central number (the
            # service takes it); after sync, whatever the service answered.
            central_number=app.central_number or app.reserved_central_number,
            received_at=received,
            applicant=shown_applicant(app.first_name, app.last_name, hidden=app.hide_identity)
            or _("Belirtilmemiş"),
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

    def _report_data(self, session: Session, app: Application, payload: str, user: str,
                     now: datetime, reveal: bool) -> CaseReportData:
        application_type = ApplicationType(app.application_type)
        received = in_turkey(app.created_at)
        deadline = legal_deadline(application_type, received_on(app.created_at,
                                                                app.received_date),
                                  self._reference.holidays)
        subjects = self._reference.subjects
        state = session.scalars(
            select(OutboxItem.state).where(
                OutboxItem.application_id == app.id,
                OutboxItem.kind == OutboxKind.APPLICATION.value,
            )
        ).first()
        attachments = session.scalars(
            select(Attachment).where(Attachment.application_id == app.id).order_by(Attachment.id)
        ).all()
        note, applicant = applicant_rows(app, reveal=reveal)
        return CaseReportData(
            institution_name=self._paper.institution_name,
            station_number=app.station_number,
            # Before sync, a number reserved ahead is already the case's central number (the
            # service takes it); after sync, whatever the service answered.
            central_number=app.central_number or app.reserved_central_number,
            received_at=received,
            channel_label=Channel(app.channel).label,
            application_type_label=application_type.label,
            subject_label=subjects.subject_name(app.subject_code),
            sub_subject_label=subjects.sub_subject_name(app.subject_code, app.sub_subject_code),
            urgency_label=Urgency(app.urgency).label,
            deadline=deadline.due,
            deadline_rule=deadline.description,
            sync_state_label=OutboxState(state).label if state else "—",
            details=case_details(app),
            identity_note=note,
            applicant=applicant,
            text=app.text,
            attachments=[
                AttachmentRow(a.original_name, a.page_count, format_size(a.size), a.sha256)
                for a in attachments
            ],
            movements=self._movements(session, app),
            barcode_payload=payload,
            printing_station=self._station_code,
            printed_by=user,
            printed_at=now,
        )

    def _movements(self, session: Session, app: Application) -> Sequence[MovementRow]:
        """The case's movements (hareketler) the central service recorded for its forwards
        (services/forwards.py), oldest first; Gereği/Bilgi leads the note."""
        rows = session.scalars(select(Movement).where(
            Movement.station_number == app.station_number)
            .order_by(Movement.at, Movement.id))
        return [MovementRow(m.from_name, m.at, m.to_name, Urgency(m.priority).label,
                            f"{ForwardKind(m.kind).label}" + (f" — {m.note}" if m.note else ""))
                for m in rows]


# Marked only; applicant_rows translates.
IDENTITY_HIDDEN_NOTE = N_("Başvuran kimliğinin gizlenmesini istedi; kimlik bilgileri bu "
                          "raporda yer almaz.")
IDENTITY_MASKED_NOTE = N_("Kimlik bilgileri yıldızlı gösterilmiştir.")
IDENTITY_REVEALED_NOTE = N_("Kimlik bilgileri bu baskı için, basan kullanıcının isteğiyle açık "
                            "basılmıştır; bu işlem denetim kaydına yazılmıştır.")


def applicant_rows(app: Application, *, reveal: bool, hidden: bool | None = None
                   ) -> tuple[str, list[tuple[str, str]]]:
    """The applicant block of a report or the case detail under the identity rules
    (``models/identity_access.py``): its note and its rows.

    Hidden identity (``hidden``: on paper always when the citizen asked; on screen unless the
    viewer is the one who hid it) shows only the word "Gizlenmiş"; otherwise each
    identifying field is masked with stars, unless ``reveal`` (one print or one reveal on
    screen, audited). Mother's maiden-name letters are a security check, never shown.
    """
    if app.hide_identity if hidden is None else hidden:
        return i18n._(IDENTITY_HIDDEN_NOTE), [(_("Başvuran"), i18n._(HIDDEN_LABEL))]

    def shown(value: str, mask: Callable[[str], str]) -> str:
        return value if reveal or not value else mask(value)

    rows: list[tuple[str, str]] = []
    organization = app.applicant_kind == ApplicantKind.ORGANIZATION.value
    if organization:
        # A legal entity's title and tax number are not personal data: printed as they are.
        rows += [(field_label("organization_title"), app.organization_title),
                 (field_label("organization_tax_number"), app.organization_tax_number)]
    name = f"{app.first_name} {app.last_name}".strip()
    rows += [
        (_("Yetkili kişi") if organization else _("Ad soyad"), shown(name, mask_name)),
        (field_label("tckn"), shown(app.tckn, mask_tckn)),
        (field_label("mobile_phone"), shown(_phone_text(app.mobile_phone), mask_phone)),
        (field_label("email"), shown(app.email, mask_email)),
        (field_label("address"), shown(app.address, mask_text)),
        (field_label("contact_address"), shown(app.contact_address, mask_text)),
        (field_label("sender_as_written"), shown(app.sender_as_written, mask_text)),
        (field_label("fax_number"), shown(_phone_text(app.fax_number), mask_phone)),
    ]
    rows = [(label, value) for label, value in rows if value]
    if not rows:
        rows = [(_("Başvuran"), _("Belirtilmemiş"))]
    return i18n._(IDENTITY_REVEALED_NOTE if reveal else IDENTITY_MASKED_NOTE), rows


def case_details(app: Application) -> list[tuple[str, str]]:
    """Rows of the case that only some channels and types have; empty ones are left out."""
    location = " / ".join(part for part in (app.location_province, app.location_district) if part)
    if app.location_detail:
        location = f"{location} — {app.location_detail}" if location else app.location_detail
    rows = [
        (field_label("paper_date"), format_date(app.paper_date) if app.paper_date else ""),
        (field_label("received_date"),
         format_date(app.received_date) if app.received_date else ""),
        (field_label("email_subject"), app.email_subject),
        (_(LOCATION), location),
        (field_label("requested_information"), app.requested_information),
        (_("Kaydeden"), app.created_by),
    ]
    return [(label, value) for label, value in rows if value]


def _phone_text(e164: str) -> str:
    if not e164:
        return ""
    try:
        return format_mobile(e164)
    except NumberParseException:  # a stored value from before validation was strict
        return e164


def _case_number(app: Application) -> StationNumber:
    case = StationNumber.parse(app.station_number)
    assert case is not None, "station numbers are written by IntakeService only"
    return case


def _serial_counter(station_code: str) -> str:
    return f"print-serial:{station_code}"


def _log_view(entry: PrintLogEntry, station_number: str) -> PrintLogView:
    return PrintLogView(
        serial=entry.serial,
        document_type=entry.document_type,
        station_number=station_number,
        station_code=entry.station_code,
        user=entry.user,
        printed_at=entry.printed_at,
        page_count=entry.page_count,
        printer=entry.printer,
        payload=entry.payload,
        id=entry.id,
        application_id=entry.application_id,
    )
