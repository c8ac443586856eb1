"""The case report ("Başvuru Raporu"): everything about one case, on as many A4 pages as needed.

Numbers, dates, type, channel, subject, urgency and legal deadline; the applicant block as the
identity rules allow (the caller decides and passes the rows: hidden, masked or, for one print,
revealed); the full text, flowing over pages; the attachments; the movements (hareketler).
Every page carries the header with the barcode, and the footer "Sayfa x / y · İstasyon ·
Yazdıran · time".

Layout is reportlab's platypus (flowables in a frame, tables that split over pages with their
heading row repeated). The page total in the footer is known only at the end, so the canvas
keeps each finished page aside and writes the footers when the document is saved.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from models.i18n import N_, _
from printing.document import RenderedDocument
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.page import (
    A4,
    CREATOR,
    INK,
    MUTED,
    RULE,
    RULE_WIDTH,
    PageHeader,
    TextStyle,
    document_language,
    draw_footer,
    format_date,
    format_datetime,
    markup,
    plain_paragraph,
    set_creation_date,
)
from printing.units import mm

# Marked in Turkish; printed through _() (the language is chosen after import).
TITLE = N_("Başvuru Raporu")
NO_MOVEMENTS = N_("Henüz hareket yok.")
NO_ATTACHMENTS = N_("Bu başvurunun eki yok.")
SHORT_HASH_LENGTH = 12

_SHEET = A4
_HEADER_GAP = 6 * mm  # between the header and the body
_SECTION_SIZE = 11.0
_LABEL_SIZE = 8.5
_VALUE_SIZE = 9.5
_TEXT_SIZE = 10.0
_TABLE_SIZE = 8.5
_LABEL_COLUMN = 30 * mm
_SHADE = HexColor("#ececec")
_MIN_SECTION_START = 28 * mm  # a splitting section starts on a new page below this


@dataclass(frozen=True)
class AttachmentRow:
    name: str
    page_count: int | None
    size_text: str
    """Already formatted for people, e.g. ``1,2 MB``."""
    sha256: str

    @property
    def short_hash(self) -> str:
        return self.sha256[:SHORT_HASH_LENGTH]


@dataclass(frozen=True)
class MovementRow:
    """One forward of the case between units (hareket), as plain data."""

    from_unit: str
    at: datetime
    to_unit: str
    priority: str
    note: str


@dataclass(frozen=True)
class CaseReportData:
    institution_name: str
    station_number: str
    central_number: str | None
    received_at: datetime
    channel_label: str
    application_type_label: str
    subject_label: str
    sub_subject_label: str
    urgency_label: str
    deadline: date
    deadline_rule: str
    sync_state_label: str
    details: Sequence[tuple[str, str]]
    """Further case rows that apply to this channel (paper dates, fax number, location…)."""
    identity_note: str
    """One sentence on how identity is shown: hidden, masked, or revealed for this print."""
    applicant: Sequence[tuple[str, str]]
    """Label and value, already hidden, masked or revealed as the caller decided."""
    text: str
    attachments: Sequence[AttachmentRow]
    movements: Sequence[MovementRow]
    barcode_payload: str
    printing_station: str
    printed_by: str
    printed_at: datetime


def build_case_report(data: CaseReportData) -> RenderedDocument:
    """Render the report as an A4 PDF of as many pages as its content needs."""
    register_fonts()
    title = _(TITLE)
    header = PageHeader(
        institution_name=data.institution_name,
        title=title,
        barcode_payload=data.barcode_payload,
        subtitle=_subtitle(data),
    )
    frame_top = header.bottom - _HEADER_GAP
    frame = Frame(
        _SHEET.content_left,
        _SHEET.body_bottom,
        _SHEET.content_width,
        frame_top - _SHEET.body_bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=(_SHEET.width, _SHEET.height),
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=10,
        lang=document_language(),
        # Metadata names the document, never the applicant (file managers show it).
        title=f"{title} {data.station_number}",
        author=data.institution_name,
        subject=title,
        creator=CREATOR,
        pageTemplates=[
            PageTemplate(id="page", frames=[frame], onPage=lambda c, _doc: header.draw(c))
        ],
    )

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer(canvas, page=page, pages=pages, station=data.printing_station,
                    printed_by=data.printed_by, printed_at=data.printed_at)

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        canvas = _FooterLastCanvas(*args, footer=footer, **kwargs)
        set_creation_date(canvas, data.printed_at)
        return canvas

    document.build(_story(data), canvasmaker=make_canvas)
    pdf = buffer.getvalue()
    return RenderedDocument(pdf=pdf, page_count=document.page)


class _FooterLastCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Keeps every finished page until ``save``, then gives each its "Sayfa x / y" footer."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._finished: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._finished.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._finished)
        for number, state in enumerate(self._finished, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


def _subtitle(data: CaseReportData) -> list[str]:
    central = data.central_number or _("henüz verilmedi")
    return [_("Başvuru numarası: {number}").format(number=data.station_number),
            _("Merkez numarası: {number}").format(number=central)]


def _story(data: CaseReportData) -> list[Flowable]:
    label = TextStyle(REGULAR, _LABEL_SIZE, _VALUE_SIZE * 1.35, MUTED).paragraph_style("label")
    value = TextStyle(REGULAR, _VALUE_SIZE, _VALUE_SIZE * 1.35).paragraph_style("value")
    story: list[Flowable] = []

    pairs = [
        (_("Başvuru tarihi"), markup(format_datetime(data.received_at))),
        (_("Başvuru yolu"), markup(data.channel_label)),
        (_("Başvuru türü"), markup(data.application_type_label)),
        (_("Aciliyet"), markup(data.urgency_label)),
        (_("Konu"), markup(data.subject_label)),
        (_("Alt konu"), markup(data.sub_subject_label)),
        (_("Yasal cevap süresi"),
         f"<b>{format_date(data.deadline)}</b> – {markup(data.deadline_rule)}"),
        (_("Merkeze gönderim"), markup(data.sync_state_label)),
        *((name, markup(text)) for name, text in data.details),
    ]
    story += _section(_("Başvuru bilgileri"), [_two_column_key_values(pairs, label, value)])

    note_style = TextStyle(REGULAR, _LABEL_SIZE, _LABEL_SIZE * 1.4, MUTED).paragraph_style(
        "note"
    )
    applicant_rows = [(name, markup(text)) for name, text in data.applicant]
    applicant: list[Flowable] = []
    if applicant_rows:
        applicant.append(_key_values(applicant_rows, label, value))
        applicant.append(Spacer(1, 1.5 * mm))
    applicant.append(plain_paragraph(data.identity_note, note_style))
    story += _section(_("Başvuran"), applicant)

    text_style = TextStyle(REGULAR, _TEXT_SIZE, _TEXT_SIZE * 1.45).paragraph_style("text")
    text_style.spaceAfter = 2 * mm
    paragraphs = [plain_paragraph(part.strip("\n"), text_style)
                  for part in _paragraph_texts(data.text)] or [
        plain_paragraph(_("(metin yok)"), note_style)]
    story += _section(_("Başvuru metni"), paragraphs, splits=True)
    story += _section(_("Ekler"), [_attachments_table(data.attachments)], splits=True)
    story += _section(_("Hareketler"), [_movements_table(data.movements)], splits=True)
    return story


def _paragraph_texts(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay line breaks inside one."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [part for part in normal.split("\n\n") if part.strip()]


def _section(title: str, body: list[Flowable], *, splits: bool = False) -> list[Flowable]:
    """A heading with a rule under it, never left alone at the foot of a page.

    A short section is kept whole. A long one (the text, the tables) may split over pages:
    it starts on a new page only when less than :data:`_MIN_SECTION_START` is left, so the
    heading always has a few lines (or a table's heading row and first rows) under it.
    """
    heading_style = TextStyle(BOLD, _SECTION_SIZE, _SECTION_SIZE * 1.3).paragraph_style(
        "section"
    )
    heading = Table([[plain_paragraph(title, heading_style)]], colWidths=[_SHEET.content_width])
    heading.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, -1), RULE_WIDTH, RULE),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ]))
    space, under = Spacer(1, 3.5 * mm), Spacer(1, 2.5 * mm)
    if not splits:
        return [space, KeepTogether([heading, under, *body])]
    return [space, CondPageBreak(_MIN_SECTION_START), heading, under, *body]


def _key_values(rows: Sequence[tuple[str, str]], label: Any, value: Any) -> Table:
    """Label/value rows; values are Paragraph markup."""
    table = Table(
        [[Paragraph(markup(name), label), Paragraph(text, value)] for name, text in rows],
        colWidths=[_LABEL_COLUMN, _SHEET.content_width - _LABEL_COLUMN],
    )
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # empty cells too: never Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0.8 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8 * mm),
    ]))
    return table


def _two_column_key_values(pairs: Sequence[tuple[str, str]], label: Any, value: Any) -> Table:
    """Label/value pairs two to a row, to keep the facts of the case on a few lines."""
    cells = [[Paragraph(markup(name), label), Paragraph(text, value)] for name, text in pairs]
    if len(cells) % 2:
        cells.append(["", ""])
    rows = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    half = _SHEET.content_width / 2
    label_width = _LABEL_COLUMN
    table = Table(rows, colWidths=[label_width, half - label_width] * 2)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # empty cells too: never Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0.8 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8 * mm),
    ]))
    return table


def _grid(header: list[str], rows: list[list[str]], widths: list[float],
          empty: str) -> Table:
    """A table with a shaded heading row repeated on every page it spans."""
    head = TextStyle(BOLD, _TABLE_SIZE, _TABLE_SIZE * 1.3).paragraph_style("th")
    cell = TextStyle(REGULAR, _TABLE_SIZE, _TABLE_SIZE * 1.3).paragraph_style("td")
    muted = TextStyle(REGULAR, _TABLE_SIZE, _TABLE_SIZE * 1.3, MUTED).paragraph_style("empty")
    data: list[list[Any]] = [[plain_paragraph(text, head) for text in header]]
    if rows:
        data += [[plain_paragraph(text, cell) for text in row] for row in rows]
    else:
        data.append([plain_paragraph(empty, muted)] + [""] * (len(header) - 1))
    scale = _SHEET.content_width / sum(widths)
    table = Table(data, colWidths=[w * scale for w in widths], repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), RULE_WIDTH, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # empty cells too: never Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if not rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(commands))
    return table


def _attachments_table(attachments: Sequence[AttachmentRow]) -> Table:
    rows = [
        [str(number), item.name, "" if item.page_count is None else str(item.page_count),
         item.size_text, item.short_hash]
        for number, item in enumerate(attachments, start=1)
    ]
    return _grid([_("No"), _("Dosya adı"), _("Sayfa"), _("Boyut"), _("SHA-256 (ilk 12)")], rows,
                 [8, 80, 14, 20, 32], _(NO_ATTACHMENTS))


def _movements_table(movements: Sequence[MovementRow]) -> Table:
    rows = [
        [item.from_unit, format_datetime(item.at), item.to_unit, item.priority, item.note]
        for item in movements
    ]
    return _grid([_("Kimden"), _("Tarih"), _("Kime"), _("Öncelik"), _("Not")], rows,
                 [36, 24, 36, 16, 50], _(NO_MOVEMENTS))


