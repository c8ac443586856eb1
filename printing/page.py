"""The A4 page every printout shares: canvas setup, header with barcode, footer, type styles.

Layout works top-down with ``y`` in reportlab points measured from the bottom of the page, the
way reportlab draws. All text is DejaVu Sans (see :mod:`printing.fonts`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from printing.code128 import code128_layout, draw_code128
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.units import mm

PAGE_WIDTH, PAGE_HEIGHT = 210 * mm, 297 * mm  # A4
MARGIN = 20 * mm
CONTENT_LEFT = MARGIN
CONTENT_RIGHT = PAGE_WIDTH - MARGIN
CONTENT_TOP = PAGE_HEIGHT - MARGIN
CONTENT_WIDTH = CONTENT_RIGHT - CONTENT_LEFT

# Greys stay dark enough to survive a photocopy of a photocopy.
INK = HexColor("#1a1a1a")
MUTED = HexColor("#5a5a5a")
RULE = HexColor("#8c8c8c")
RULE_WIDTH = 0.5

FOOTER_SIZE = 8.0
FOOTER_BASELINE = MARGIN
FOOTER_RULE_Y = FOOTER_BASELINE + 3.5 * mm
"""Body content must end above this line, with some air (see :data:`BODY_BOTTOM`)."""
BODY_BOTTOM = FOOTER_RULE_Y + 6 * mm

INSTITUTION_SIZE = 11.0
TITLE_SIZE = 17.0
_HEADER_GAP = 8 * mm  # between the institution/title column and the barcode


def format_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime) -> str:
    """Local wall-clock time as given; the desk passes local times, so nothing is converted."""
    return value.strftime("%d.%m.%Y %H:%M")


def new_canvas(
    buffer: io.BytesIO,
    *,
    title: str,
    author: str,
    subject: str,
    created_at: datetime,
) -> Canvas:
    """An A4 canvas with DejaVu as its initial font and metadata fixed by the caller.

    The output is byte-for-byte reproducible from the same data: reportlab's invariant mode
    drops the wall clock, and the creation date is the document's own print time.
    Personal data must not be passed in the metadata: it is what file managers and indexers
    show without opening the document.
    """
    register_fonts()
    # Without initialFontName reportlab starts every page with Helvetica selected, which puts
    # an unused (and un-Turkish) Helvetica resource into each page.
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=10,
        lang="tr-TR",
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("BİMER Masaüstü")
    pdf_date = _pdf_date(created_at)
    canvas.setDateFormatter(lambda *_: pdf_date)
    return canvas


def _pdf_date(value: datetime) -> str:
    text = value.strftime("D:%Y%m%d%H%M%S")
    offset = value.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}'{rest:02d}'"


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    leading: float
    color: Color = INK

    def paragraph_style(self, name: str) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=self.font,
            fontSize=self.size,
            leading=self.leading,
            textColor=self.color,
            splitLongWords=1,
        )


def plain_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing ``text`` literally: markup characters escaped, line breaks kept."""
    return Paragraph(markup(text), style)


def markup(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def draw_paragraph(
    canvas: Canvas, paragraph: Paragraph, x: float, top: float, width: float
) -> float:
    """Wrap ``paragraph`` to ``width``, draw it hanging from ``top``, return its height."""
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, top - height)
    return float(height)


def paragraph_height(paragraph: Paragraph, width: float) -> float:
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    return float(height)


def draw_rule(
    canvas: Canvas, y: float, *, left: float = CONTENT_LEFT, right: float = CONTENT_RIGHT
) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(RULE_WIDTH)
    canvas.line(left, y, right, y)
    canvas.restoreState()


def draw_header(
    canvas: Canvas, *, institution_name: str, title: str, barcode_payload: str
) -> float:
    """Institution name and title on the left, the barcode top right; returns the bottom y.

    The barcode's right quiet zone lies in the page margin, so the bars line up with the right
    edge of the content like everything else; the margin is blank paper either way.
    """
    layout = code128_layout(barcode_payload)
    barcode_left = CONTENT_RIGHT + layout.quiet_zone_mm * mm - layout.width
    draw_code128(canvas, barcode_payload, barcode_left, CONTENT_TOP - layout.height)

    text_width = barcode_left + layout.quiet_zone_mm * mm - _HEADER_GAP - CONTENT_LEFT
    institution = plain_paragraph(
        institution_name,
        TextStyle(BOLD, INSTITUTION_SIZE, INSTITUTION_SIZE * 1.3).paragraph_style("institution"),
    )
    heading = plain_paragraph(
        title, TextStyle(BOLD, TITLE_SIZE, TITLE_SIZE * 1.2).paragraph_style("title")
    )
    y = CONTENT_TOP
    y -= draw_paragraph(canvas, institution, CONTENT_LEFT, y, text_width)
    y -= 3 * mm
    y -= draw_paragraph(canvas, heading, CONTENT_LEFT, y, text_width)
    return min(y, CONTENT_TOP - layout.height)


def draw_footer(
    canvas: Canvas, *, page: int, pages: int, station: str, printed_by: str, printed_at: datetime
) -> None:
    draw_rule(canvas, FOOTER_RULE_Y)
    text = " · ".join(
        (
            f"Sayfa {page} / {pages}",
            f"İstasyon {station}",
            f"Yazdıran {printed_by}",
            format_datetime(printed_at),
        )
    )
    # A long user name must not push the footer past the margin; it gets a little smaller.
    natural = float(pdfmetrics.stringWidth(text, REGULAR, FOOTER_SIZE))
    size = FOOTER_SIZE * min(1.0, CONTENT_WIDTH / natural)
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, size)
    canvas.drawString(CONTENT_LEFT, FOOTER_BASELINE, text)
    canvas.restoreState()
