"""The receipt handed to the citizen at the counter ("Başvuru Alındı Belgesi").

One page of A4 or A5 (this module), or a strip of 80 mm thermal paper
(:mod:`printing.thermal_receipt`); :func:`build_receipt` picks by :class:`ReceiptLayout`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from models.i18n import _
from models.privacy_notice import PrivacyNotice
from printing.document import RenderedDocument
from printing.fonts import BOLD, REGULAR
from printing.page import (
    A4,
    A5,
    INK,
    MUTED,
    RULE,
    RULE_WIDTH,
    Sheet,
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
from printing.privacy_notice import draw_privacy_notice
from printing.receipt_data import (
    PENDING_CENTRAL_NUMBER,
    QUERY_HEADING,
    TITLE,
    ReceiptData,
    ReceiptLayout,
    ReceiptTooLongError,
)
from printing.thermal_receipt import build_thermal_receipt
from printing.units import mm

__all__ = [
    "PENDING_CENTRAL_NUMBER",
    "QUERY_HEADING",
    "TITLE",
    "ReceiptData",
    "ReceiptLayout",
    "ReceiptTooLongError",
    "build_receipt",
]


@dataclass(frozen=True)
class _Sizes:
    label: float
    value: float
    leading: float
    row_gap: float
    box_text: float


@dataclass(frozen=True)
class _SheetStyle:
    """How the receipt is set on one sheet size."""

    sheet: Sheet
    sizes: tuple[_Sizes, ...]
    """Tried in order; the smaller ones only for freak lengths (a huge subject name or
    query text), so that the counter never fails to print."""
    label_column: float
    title_size: float
    station_number_size: float
    central_number_size: float
    section_gap: float

    @property
    def value_width(self) -> float:
        return self.sheet.content_width - self.label_column


_A4_STYLE = _SheetStyle(
    sheet=A4,
    sizes=(
        _Sizes(label=9.0, value=10.5, leading=14.0, row_gap=3.2 * mm, box_text=10.0),
        _Sizes(label=8.5, value=9.5, leading=12.5, row_gap=2.4 * mm, box_text=9.0),
        _Sizes(label=8.0, value=8.5, leading=11.0, row_gap=1.6 * mm, box_text=8.0),
    ),
    label_column=46 * mm,
    title_size=17.0,
    station_number_size=22.0,
    central_number_size=15.0,
    section_gap=6 * mm,
)
_A5_STYLE = _SheetStyle(
    sheet=A5,
    sizes=(
        _Sizes(label=8.0, value=9.5, leading=12.5, row_gap=2.0 * mm, box_text=9.0),
        _Sizes(label=7.5, value=8.5, leading=11.0, row_gap=1.4 * mm, box_text=8.0),
        _Sizes(label=7.0, value=7.5, leading=9.5, row_gap=1.0 * mm, box_text=7.0),
    ),
    label_column=34 * mm,
    title_size=15.0,
    station_number_size=18.0,
    central_number_size=13.0,
    section_gap=4 * mm,
)
_STYLES = {ReceiptLayout.A4: _A4_STYLE, ReceiptLayout.A5: _A5_STYLE}

_BOX_PADDING = 4 * mm
_BOX_HEADING_SIZE = 10.0
_NUMBER_LABEL_SIZE = 8.5
_CENTRAL_COLUMN = 0.6  # of the content width: where the central number starts


def build_receipt(data: ReceiptData, layout: ReceiptLayout = ReceiptLayout.A4,
                  notice: PrivacyNotice | None = None) -> RenderedDocument:
    """Render the receipt as a one-page PDF laid out for ``layout``; with ``notice`` (A4,
    A5), the KVKK information notice follows on pages of its own (printing/privacy_notice.py).

    Raises ReceiptTooLongError if even the compact type sizes cannot fit the texts on a page
    (A4, A5), and ValueError if the barcode payload cannot be encoded.
    """
    if layout is ReceiptLayout.THERMAL_80:
        return build_thermal_receipt(data)
    style = _STYLES[layout]
    for sizes in style.sizes:
        rendered = _render(data, style, sizes, notice)
        if rendered is not None:
            pdf, notice_pages = rendered
            return RenderedDocument(pdf=pdf, page_count=1 + notice_pages)
    raise ReceiptTooLongError(
        _("Başvuru Alındı Belgesi tek sayfaya sığmıyor: kurum adı, konu veya sorgulama metni "
          "çok uzun.")
    )


def _render(data: ReceiptData, style: _SheetStyle, sizes: _Sizes,
            notice: PrivacyNotice | None) -> tuple[bytes, int] | None:
    """The PDF and the notice's page count, or None if the body does not fit above the
    footer at these sizes."""
    sheet = style.sheet
    buffer = io.BytesIO()
    title = _(TITLE)
    canvas = new_canvas(
        buffer,
        title=f"{title} {data.station_number}",
        author=data.institution_name,
        subject=title,
        created_at=data.printed_at,
        pagesize=(sheet.width, sheet.height),
    )
    y = draw_header(
        canvas,
        institution_name=data.institution_name,
        title=title,
        barcode_payload=data.barcode_payload,
        sheet=sheet,
        title_size=style.title_size,
    )
    gap = style.section_gap
    y -= gap
    _rule(canvas, sheet, y)
    y -= gap
    y = _draw_numbers(canvas, data, style, y)
    y -= gap
    _rule(canvas, sheet, y)
    y -= gap

    # Measure the wrapping parts first: a canvas page cannot be taken back once drawn on.
    rows = _detail_rows(data, style, sizes)
    box = _QueryBox(data.query_instructions, sheet.content_width, sizes)
    needed = sum(row.height for row in rows) + sizes.row_gap * (len(rows) - 1)
    needed += 1.3 * gap + box.height
    if y - needed < sheet.body_bottom:
        return None

    for index, row in enumerate(rows):
        if index:
            y -= sizes.row_gap
        row.draw(canvas, sheet.content_left, style.label_column, y)
        y -= row.height
    y -= 1.3 * gap
    box.draw(canvas, sheet.content_left, y)

    draw_footer(
        canvas,
        page=1,
        pages=1,
        station=data.printing_station,
        printed_by=data.printed_by,
        printed_at=data.printed_at,
        sheet=sheet,
    )
    canvas.showPage()
    notice_pages = draw_privacy_notice(canvas, sheet, notice) if notice is not None else 0
    canvas.save()
    return buffer.getvalue(), notice_pages


def _rule(canvas: Canvas, sheet: Sheet, y: float) -> None:
    draw_rule(canvas, y, left=sheet.content_left, right=sheet.content_right)


def _draw_numbers(canvas: Canvas, data: ReceiptData, style: _SheetStyle, top: float) -> float:
    """Station number large on the left, central number on the right; returns the bottom y."""
    sheet = style.sheet
    big = style.station_number_size
    # Baselines from font sizes: digits rise about 0.75 em above it, descenders reach 0.25 em.
    label_baseline = top - _NUMBER_LABEL_SIZE
    value_baseline = label_baseline - 3.5 * mm - big * 0.75
    right = sheet.content_left + _CENTRAL_COLUMN * sheet.content_width
    left_width = _CENTRAL_COLUMN * sheet.content_width - 5 * mm
    right_width = (1 - _CENTRAL_COLUMN) * sheet.content_width

    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, _NUMBER_LABEL_SIZE)
    canvas.drawString(sheet.content_left, label_baseline, _("Başvuru numarası"))
    canvas.drawString(right, label_baseline, _("Merkez numarası"))

    canvas.setFillColor(INK)
    size = fit_size(data.station_number, BOLD, big, left_width)
    canvas.setFont(BOLD, size)
    canvas.drawString(sheet.content_left, value_baseline, data.station_number)

    if data.central_number is None:
        canvas.setFillColor(MUTED)
        text, font = _(PENDING_CENTRAL_NUMBER), REGULAR
        size = style.central_number_size * 0.7
    else:
        text, font, size = data.central_number, BOLD, style.central_number_size
    canvas.setFont(font, fit_size(text, font, size, right_width))
    canvas.drawString(right, value_baseline, text)
    canvas.restoreState()
    return value_baseline - big * 0.25


def fit_size(text: str, font: str, size: float, width: float) -> float:
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

    def draw(self, canvas: Canvas, left: float, label_column: float, top: float) -> None:
        # Paragraphs put their first baseline one font size below the top; shifting the
        # smaller label down by the size difference lines both baselines up.
        self.label.drawOn(canvas, left, top - self.baseline_shift - self.label_height)
        self.value.drawOn(canvas, left + label_column, top - self.value_height)


def _detail_rows(data: ReceiptData, style: _SheetStyle, sizes: _Sizes) -> list[_Row]:
    label_style = TextStyle(REGULAR, sizes.label, sizes.leading, MUTED).paragraph_style("label")
    value_style = TextStyle(REGULAR, sizes.value, sizes.leading).paragraph_style("value")

    def row(label: str, value_markup: str) -> _Row:
        label_paragraph = plain_paragraph(label, label_style)
        value_paragraph = Paragraph(value_markup, value_style)
        return _Row(
            label=label_paragraph,
            label_height=paragraph_height(label_paragraph, style.label_column - 3 * mm),
            value=value_paragraph,
            value_height=paragraph_height(value_paragraph, style.value_width),
            baseline_shift=sizes.value - sizes.label,
        )

    deadline = f"<b>{format_date(data.deadline)}</b>  –  {markup(data.deadline_rule)}"
    return [
        row(_("Başvuru tarihi"), markup(format_datetime(data.received_at))),
        row(_("Başvuran"), markup(data.applicant)),
        row(_("Başvuru yolu"), markup(data.channel_label)),
        row(_("Başvuru türü"), markup(data.application_type_label)),
        row(_("Konu / Alt konu"), markup(f"{data.subject_label} / {data.sub_subject_label}")),
        row(_("Aciliyet"), markup(data.urgency_label)),
        row(_("Yasal cevap süresi"), deadline),
    ]


class _QueryBox:
    """The framed "how to query" paragraph; measured on creation, drawn later."""

    def __init__(self, instructions: str, width: float, sizes: _Sizes) -> None:
        self._width = width
        inner_width = width - 2 * _BOX_PADDING
        heading_style = TextStyle(BOLD, _BOX_HEADING_SIZE, _BOX_HEADING_SIZE * 1.3)
        text_style = TextStyle(REGULAR, sizes.box_text, sizes.box_text * 1.45)
        self._heading = plain_paragraph(_(QUERY_HEADING),
                                        heading_style.paragraph_style("qh"))
        self._text = plain_paragraph(instructions, text_style.paragraph_style("qt"))
        self._heading_height = paragraph_height(self._heading, inner_width)
        self._text_height = paragraph_height(self._text, inner_width)
        self.height = 2 * _BOX_PADDING + self._heading_height + 2 * mm + self._text_height

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(RULE_WIDTH)
        canvas.roundRect(left, top - self.height, self._width, self.height, 1.5 * mm,
                         stroke=1, fill=0)
        canvas.restoreState()
        x = left + _BOX_PADDING
        y = top - _BOX_PADDING
        self._heading.drawOn(canvas, x, y - self._heading_height)
        y -= self._heading_height + 2 * mm
        self._text.drawOn(canvas, x, y - self._text_height)
