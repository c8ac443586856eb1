"""The receipt on an 80 mm thermal roll: one column, as long as its content.

Counter desks often have a thermal receipt printer. Its paper is 80 mm wide and printable over
72 mm (576 dots at 203 dpi), and it has no page length: the page here is exactly as tall as
what it holds, so the cutter leaves no blank tail.

The barcode is the one part that needed measuring. Our payload (``B`` + 25 digits) is 211
modules plus two quiet zones of 10: at the A4 module of 0.35 mm that is 80.9 mm, wider than
the paper. At 0.30 mm, the minimum :mod:`printing.code128` allows, it is 69.3 mm (63.3 mm of
bars and 3 mm of quiet zone each side), which fits the 72 mm printable width; so the thermal
receipt prints 0.30 mm modules. Measured on 200 random payloads rendered like a 203 dpi thermal
head: 200/200 decode with the half-degree skew of a hand-held reader or a sheet on a scanner,
190/200 on a perfectly straight render (the worst case, see :mod:`printing.code128`), and
200/200 straight at 300 dpi.

That was not enough for a receipt brought back and put on an office scanner at 150 dpi, where
a 0.30 mm module is 1.8 pixels: 19/30 random payloads decoded with zxing-cpp and 16/30 with
zbar (``bench/receipt_barcode.py``). The paper has no room for wider modules, and the payload
is already packed two digits per symbol (Code 128 set C). So a QR code of the same payload is
printed under the linear one: version 2, error correction M, 0.6 mm modules (3.5 pixels at 150
dpi), 20 mm square with its quiet zone. A plain USB reader still reads the linear code; a
scanned receipt is read from the QR code (60/60 random payloads with both decoders at 150
dpi, straight renders).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from models.i18n import _
from printing.code128 import MIN_MODULE_WIDTH_MM, code128_layout, draw_code128
from printing.document import RenderedDocument
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.page import (
    INK,
    MUTED,
    TextStyle,
    draw_rule,
    footer_text,
    format_date,
    format_datetime,
    markup,
    new_canvas,
    paragraph_height,
)
from printing.receipt_data import PENDING_CENTRAL_NUMBER, QUERY_HEADING, TITLE, ReceiptData
from printing.units import mm

PAPER_WIDTH_MM = 80.0
PRINTABLE_WIDTH_MM = 72.0
MODULE_WIDTH_MM = MIN_MODULE_WIDTH_MM
BAR_HEIGHT_MM = 10.0
QR_SIZE_MM = 20.0  # with its quiet zone of 4 modules: 33 modules of 0.6 mm
QR_QUIET_MODULES = 4
QR_VERSION = 2  # 25 modules: the 26 characters of the payload at error correction M
QR_MASK = 0

PAGE_WIDTH = PAPER_WIDTH_MM * mm
SIDE_MARGIN = (PAPER_WIDTH_MM - PRINTABLE_WIDTH_MM) / 2 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
TOP_MARGIN = 4 * mm
BOTTOM_MARGIN = 8 * mm  # room for the cutter

_GAP = 2.5 * mm
LEADING = 1.3  # line height, in font sizes
_SECTION_GAP = 3.5 * mm


@dataclass(frozen=True)
class _Block:
    """Something of known height, drawn hanging from a top y."""

    height: float
    draw: Callable[[Canvas, float], None]


def build_thermal_receipt(data: ReceiptData) -> RenderedDocument:
    """Render the receipt as one 80 mm wide page, exactly as tall as its content."""
    register_fonts()  # measuring the blocks needs the fonts before any canvas exists
    blocks = _blocks(data)
    height = TOP_MARGIN + sum(block.height for block in blocks) + BOTTOM_MARGIN
    buffer = io.BytesIO()
    title = _(TITLE)
    canvas = new_canvas(
        buffer,
        title=f"{title} {data.station_number}",
        author=data.institution_name,
        subject=title,
        created_at=data.printed_at,
        pagesize=(PAGE_WIDTH, height),
    )
    y = height - TOP_MARGIN
    for block in blocks:
        block.draw(canvas, y)
        y -= block.height
    canvas.showPage()
    canvas.save()
    return RenderedDocument(pdf=buffer.getvalue(), page_count=1)


def _blocks(data: ReceiptData) -> list[_Block]:
    centred = {"alignment": TA_CENTER}
    blocks = [
        _paragraph(data.institution_name, BOLD, 9.0, **centred),
        _space(1.5 * mm),
        _paragraph(_(TITLE), BOLD, 12.0, **centred),
        _space(_SECTION_GAP),
        _rule(),
        _space(_SECTION_GAP),
        _paragraph(_("Başvuru numarası"), REGULAR, 7.5, color_muted=True, **centred),
        _space(1 * mm),
        _paragraph(data.station_number, BOLD, 15.0, **centred),
        _space(_GAP),
        _paragraph(_("Merkez numarası"), REGULAR, 7.5, color_muted=True, **centred),
        _space(1 * mm),
    ]
    if data.central_number is None:
        blocks.append(_paragraph(_(PENDING_CENTRAL_NUMBER), REGULAR, 9.0, color_muted=True,
                                 **centred))
    else:
        blocks.append(_paragraph(data.central_number, BOLD, 11.0, **centred))
    blocks += [_space(_SECTION_GAP), _rule(), _space(_SECTION_GAP)]

    rows = [
        (_("Başvuru tarihi"), _paragraph(format_datetime(data.received_at), REGULAR, 9.0)),
        (_("Başvuran"), _paragraph(data.applicant, REGULAR, 9.0)),
        (_("Başvuru yolu"), _paragraph(data.channel_label, REGULAR, 9.0)),
        (_("Başvuru türü"), _paragraph(data.application_type_label, REGULAR, 9.0)),
        (_("Konu / Alt konu"),
         _paragraph(f"{data.subject_label} / {data.sub_subject_label}", REGULAR, 9.0)),
        (_("Aciliyet"), _paragraph(data.urgency_label, REGULAR, 9.0)),
        (_("Yasal cevap süresi"), _markup_paragraph(
            f"<b>{format_date(data.deadline)}</b> – {markup(data.deadline_rule)}", REGULAR, 9.0)),
    ]
    for index, (label, value) in enumerate(rows):
        if index:
            blocks.append(_space(_GAP))
        blocks.append(_paragraph(label, REGULAR, 7.5, color_muted=True))
        blocks.append(_space(0.6 * mm))
        blocks.append(value)

    blocks += [
        _space(_SECTION_GAP),
        _rule(),
        _space(_SECTION_GAP),
        _paragraph(_(QUERY_HEADING), BOLD, 8.5),
        _space(1.2 * mm),
        _paragraph(data.query_instructions, REGULAR, 8.0),
        _space(5 * mm),
        _barcode(data.barcode_payload),
        _space(2 * mm),
        _qr_code(data.barcode_payload),
        _space(3 * mm),
        _paragraph(
            footer_text(page=1, pages=1, station=data.printing_station,
                        printed_by=data.printed_by, printed_at=data.printed_at),
            REGULAR, 7.0, color_muted=True, **centred),
    ]
    return blocks


def _qr_code(payload: str) -> _Block:
    """The payload again as a QR code, for a scanner at 150 dpi (see the module's note).

    Encoded with one fixed mask: choosing the "best" of the eight, as QR encoders do, costs
    eight encodings (≈20 ms in reportlab's pure-Python encoder, more than the rest of the
    receipt); any mask decodes (bench/receipt_barcode.py). Drawn as one path of the dark runs
    of each row, not a shape per module."""
    code = qrencoder.QRCode(QR_VERSION, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.makeImpl(False, QR_MASK)
    count = code.getModuleCount()
    size = QR_SIZE_MM * mm
    module = size / (count + 2 * QR_QUIET_MODULES)
    runs: list[tuple[int, int, int]] = []  # (row, first column, length)
    for row in range(count):
        column = 0
        while column < count:
            if code.isDark(row, column):
                start = column
                while column < count and code.isDark(row, column):
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1

    def draw(canvas: Canvas, top: float) -> None:
        left = (PAGE_WIDTH - size) / 2 + QR_QUIET_MODULES * module
        first_row_top = top - QR_QUIET_MODULES * module
        path = canvas.beginPath()
        for row, start, length in runs:
            path.rect(left + start * module, first_row_top - (row + 1) * module,
                      length * module, module)
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()

    return _Block(size, draw)


def _space(height: float) -> _Block:
    return _Block(height, lambda _canvas, _top: None)


def _rule() -> _Block:
    def draw(canvas: Canvas, top: float) -> None:
        draw_rule(canvas, top, left=SIDE_MARGIN, right=SIDE_MARGIN + CONTENT_WIDTH)

    return _Block(0.0, draw)


def _paragraph(text: str, font: str, size: float, *, color_muted: bool = False,
               alignment: int | None = None) -> _Block:
    """Plain ``text``: one line drawn as it is when it fits the roll, as a Paragraph would
    place it (whitespace collapsed, the baseline one font size below the top, a leading of
    1.3 sizes), for a fraction of a Paragraph's cost (parsing, wrapping: most of the
    receipt's labels and numbers are one short line); a wrapped paragraph when it does not."""
    words = " ".join(text.split())
    if "\n" not in text and "\r" not in text and stringWidth(words, font, size) <= CONTENT_WIDTH:
        return _line(words, font, size, MUTED if color_muted else INK,
                     centred=alignment == TA_CENTER)
    return _markup_paragraph(markup(text), font, size, color_muted=color_muted,
                             alignment=alignment)


def _line(text: str, font: str, size: float, color: Color, *, centred: bool) -> _Block:
    def draw(canvas: Canvas, top: float) -> None:
        canvas.saveState()
        canvas.setFont(font, size)
        canvas.setFillColor(color)
        if centred:
            canvas.drawCentredString(SIDE_MARGIN + CONTENT_WIDTH / 2, top - size, text)
        else:
            canvas.drawString(SIDE_MARGIN, top - size, text)
        canvas.restoreState()

    return _Block(size * LEADING, draw)


def _markup_paragraph(
    value: str,
    font: str,
    size: float,
    *,
    color_muted: bool = False,
    alignment: int | None = None,
) -> _Block:
    """``value`` is Paragraph markup: escape text with :func:`printing.page.markup`."""
    style = TextStyle(font, size, size * LEADING, MUTED if color_muted else INK).paragraph_style(
        "thermal"
    )
    if alignment is not None:
        style.alignment = alignment
    paragraph = Paragraph(value, style)
    height = paragraph_height(paragraph, CONTENT_WIDTH)

    def draw(canvas: Canvas, top: float) -> None:
        # Already wrapped at CONTENT_WIDTH by paragraph_height: its lines are drawn as they
        # are (wrapping again cost a sixth of the receipt, bench/print_documents.py).
        paragraph.drawOn(canvas, SIDE_MARGIN, top - height)

    return _Block(height, draw)


def _barcode(payload: str) -> _Block:
    layout = code128_layout(payload, module_width_mm=MODULE_WIDTH_MM, height_mm=BAR_HEIGHT_MM)
    if layout.width > CONTENT_WIDTH:
        raise ValueError(
            f"barcode is {layout.width_mm:.1f} mm wide with its quiet zones; the thermal "
            f"roll prints {PRINTABLE_WIDTH_MM:.0f} mm"
        )

    def draw(canvas: Canvas, top: float) -> None:
        draw_code128(canvas, payload, (PAGE_WIDTH - layout.width) / 2, top - layout.height,
                     module_width_mm=MODULE_WIDTH_MM, height_mm=BAR_HEIGHT_MM)

    return _Block(layout.height, draw)
