"""The receipt handed to the citizen at the counter ("Başvuru Alındı Belgesi"): one A4 page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from printing.document import RenderedDocument
from printing.fonts import BOLD, REGULAR
from printing.page import (
    BODY_BOTTOM,
    CONTENT_LEFT,
    CONTENT_WIDTH,
    INK,
    MUTED,
    RULE,
    RULE_WIDTH,
    TextStyle,
    draw_footer,
    draw_header,
    draw_rule,
    format_date,
    format_datetime,
    markup,
    new_canvas,
    paragraph_height,
    plain_paragraph,
)
from printing.units import mm

TITLE = "Başvuru Alındı Belgesi"
PENDING_CENTRAL_NUMBER = "Eşitleme sonrası verilecek"
QUERY_HEADING = "Başvurunuzu nasıl sorgularsınız?"


@dataclass(frozen=True)
class ReceiptData:
    """Everything the receipt shows, as people should read it; dates are formatted here."""

    institution_name: str
    station_number: str
    central_number: str | None
    received_at: datetime
    applicant: str
    """Already masked (``A*** Y*****``) or the word ``Gizlenmiş``; printed as given."""
    channel_label: str
    application_type_label: str
    subject_label: str
    sub_subject_label: str
    urgency_label: str
    deadline: date
    deadline_rule: str
    barcode_payload: str
    printing_station: str
    printed_by: str
    printed_at: datetime
    query_instructions: str


class ReceiptTooLongError(ValueError):
    """The receipt's texts do not fit on one page even in the compact type sizes."""


@dataclass(frozen=True)
class _Sizes:
    label: float
    value: float
    leading: float
    row_gap: float
    box_text: float


# A receipt is one page by definition; the smaller sizes only come into play for freak
# lengths (a huge subject name or query text), so the counter never fails to print.
_SIZES = (
    _Sizes(label=9.0, value=10.5, leading=14.0, row_gap=3.2 * mm, box_text=10.0),
    _Sizes(label=8.5, value=9.5, leading=12.5, row_gap=2.4 * mm, box_text=9.0),
    _Sizes(label=8.0, value=8.5, leading=11.0, row_gap=1.6 * mm, box_text=8.0),
)

_LABEL_COLUMN = 46 * mm
_VALUE_WIDTH = CONTENT_WIDTH - _LABEL_COLUMN
_BOX_PADDING = 5 * mm
_BOX_HEADING_SIZE = 10.5

_NUMBER_LABEL_SIZE = 9.0
_STATION_NUMBER_SIZE = 22.0
_CENTRAL_NUMBER_SIZE = 15.0
_CENTRAL_COLUMN = 0.6 * CONTENT_WIDTH  # where the central number starts


def build_receipt(data: ReceiptData) -> RenderedDocument:
    """Render the receipt as a one-page A4 PDF.

    Raises ReceiptTooLongError if even the compact type sizes cannot fit the texts on a page,
    and ValueError if the barcode payload cannot be encoded.
    """
    for sizes in _SIZES:
        pdf = _render(data, sizes)
        if pdf is not None:
            return RenderedDocument(pdf=pdf, page_count=1)
    raise ReceiptTooLongError(
        "Başvuru Alındı Belgesi tek sayfaya sığmıyor: kurum adı, konu veya sorgulama metni "
        "çok uzun."
    )


def _render(data: ReceiptData, sizes: _Sizes) -> bytes | None:
    """The PDF, or None if the body does not fit above the footer at these sizes."""
    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer,
        title=f"{TITLE} {data.station_number}",
        author=data.institution_name,
        subject=TITLE,
        created_at=data.printed_at,
    )
    y = draw_header(
        canvas,
        institution_name=data.institution_name,
        title=TITLE,
        barcode_payload=data.barcode_payload,
    )
    y -= 5 * mm
    draw_rule(canvas, y)
    y -= 6 * mm
    y = _draw_numbers(canvas, data, y)
    y -= 6 * mm
    draw_rule(canvas, y)
    y -= 6 * mm

    # Measure the wrapping parts first: a canvas page cannot be taken back once drawn on.
    rows = _detail_rows(data, sizes)
    box = _QueryBox(data.query_instructions, sizes)
    needed = sum(row.height for row in rows) + sizes.row_gap * (len(rows) - 1)
    needed += 8 * mm + box.height
    if y - needed < BODY_BOTTOM:
        return None

    for index, row in enumerate(rows):
        if index:
            y -= sizes.row_gap
        row.draw(canvas, y)
        y -= row.height
    y -= 8 * mm
    box.draw(canvas, y)

    draw_footer(
        canvas,
        page=1,
        pages=1,
        station=data.printing_station,
        printed_by=data.printed_by,
        printed_at=data.printed_at,
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_numbers(canvas: Canvas, data: ReceiptData, top: float) -> float:
    """Station number large on the left, central number on the right; returns the bottom y."""
    # Baselines from font sizes: digits rise about 0.75 em above it, descenders reach 0.25 em.
    label_baseline = top - _NUMBER_LABEL_SIZE
    value_baseline = label_baseline - 4 * mm - _STATION_NUMBER_SIZE * 0.75
    right = CONTENT_LEFT + _CENTRAL_COLUMN
    left_width = _CENTRAL_COLUMN - 6 * mm
    right_width = CONTENT_WIDTH - _CENTRAL_COLUMN

    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, _NUMBER_LABEL_SIZE)
    canvas.drawString(CONTENT_LEFT, label_baseline, "Başvuru numarası")
    canvas.drawString(right, label_baseline, "Merkez numarası")

    canvas.setFillColor(INK)
    size = _fit(data.station_number, BOLD, _STATION_NUMBER_SIZE, left_width)
    canvas.setFont(BOLD, size)
    canvas.drawString(CONTENT_LEFT, value_baseline, data.station_number)

    if data.central_number is None:
        canvas.setFillColor(MUTED)
        text, font, size = PENDING_CENTRAL_NUMBER, REGULAR, 11.0
    else:
        text, font, size = data.central_number, BOLD, _CENTRAL_NUMBER_SIZE
    canvas.setFont(font, _fit(text, font, size, right_width))
    canvas.drawString(right, value_baseline, text)
    canvas.restoreState()
    return value_baseline - _STATION_NUMBER_SIZE * 0.25


def _fit(text: str, font: str, size: float, width: float) -> float:
    """``size``, or smaller so ``text`` fits on one line of ``width``."""
    natural = float(pdfmetrics.stringWidth(text, font, size))
    return size if natural <= width else size * width / natural


@dataclass(frozen=True)
class _Row:
    """A label/value pair, already wrapped to its column widths."""

    label: Paragraph
    label_height: float
    value: Paragraph
    value_height: float
    baseline_shift: float

    @property
    def height(self) -> float:
        return max(self.label_height + self.baseline_shift, self.value_height)

    def draw(self, canvas: Canvas, top: float) -> None:
        # Paragraphs put their first baseline one font size below the top; shifting the
        # smaller label down by the size difference lines both baselines up.
        self.label.drawOn(canvas, CONTENT_LEFT, top - self.baseline_shift - self.label_height)
        self.value.drawOn(canvas, CONTENT_LEFT + _LABEL_COLUMN, top - self.value_height)


def _detail_rows(data: ReceiptData, sizes: _Sizes) -> list[_Row]:
    label_style = TextStyle(REGULAR, sizes.label, sizes.leading, MUTED).paragraph_style("label")
    value_style = TextStyle(REGULAR, sizes.value, sizes.leading).paragraph_style("value")

    def row(label: str, value_markup: str) -> _Row:
        label_paragraph = plain_paragraph(label, label_style)
        value_paragraph = Paragraph(value_markup, value_style)
        return _Row(
            label=label_paragraph,
            label_height=paragraph_height(label_paragraph, _LABEL_COLUMN - 4 * mm),
            value=value_paragraph,
            value_height=paragraph_height(value_paragraph, _VALUE_WIDTH),
            baseline_shift=sizes.value - sizes.label,
        )

    deadline = f"<b>{format_date(data.deadline)}</b>  –  {markup(data.deadline_rule)}"
    return [
        row("Başvuru tarihi", markup(format_datetime(data.received_at))),
        row("Başvuran", markup(data.applicant)),
        row("Başvuru yolu", markup(data.channel_label)),
        row("Başvuru türü", markup(data.application_type_label)),
        row("Konu / Alt konu", markup(f"{data.subject_label} / {data.sub_subject_label}")),
        row("Aciliyet", markup(data.urgency_label)),
        row("Yasal cevap süresi", deadline),
    ]


class _QueryBox:
    """The framed "how to query" paragraph; measured on creation, drawn later."""

    def __init__(self, instructions: str, sizes: _Sizes) -> None:
        self._inner_width = CONTENT_WIDTH - 2 * _BOX_PADDING
        heading_style = TextStyle(BOLD, _BOX_HEADING_SIZE, _BOX_HEADING_SIZE * 1.3)
        text_style = TextStyle(REGULAR, sizes.box_text, sizes.box_text * 1.45)
        self._heading = plain_paragraph(QUERY_HEADING, heading_style.paragraph_style("qh"))
        self._text = plain_paragraph(instructions, text_style.paragraph_style("qt"))
        self._heading_height = paragraph_height(self._heading, self._inner_width)
        self._text_height = paragraph_height(self._text, self._inner_width)
        self.height = 2 * _BOX_PADDING + self._heading_height + 2.5 * mm + self._text_height

    def draw(self, canvas: Canvas, top: float) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(RULE_WIDTH)
        canvas.roundRect(
            CONTENT_LEFT,
            top - self.height,
            CONTENT_WIDTH,
            self.height,
            1.5 * mm,
            stroke=1,
            fill=0,
        )
        canvas.restoreState()
        x = CONTENT_LEFT + _BOX_PADDING
        y = top - _BOX_PADDING
        self._heading.drawOn(canvas, x, y - self._heading_height)
        y -= self._heading_height + 2.5 * mm
        self._text.drawOn(canvas, x, y - self._text_height)
