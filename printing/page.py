"""The sheet every printout shares: canvas setup, header with barcode, footer, type styles.

A4 is the default sheet (UI.md: A4 portrait, 20 mm margins); A5 receipts use the same header
and footer on :data:`A5`. Layout works top-down with ``y`` in reportlab points measured from
the bottom of the page, the way reportlab draws. All text is DejaVu Sans (see
:mod:`printing.fonts`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from models import i18n
from models.i18n import LANGUAGES, _, active_language
from models.turkey_time import in_turkey
from printing.code128 import code128_layout, draw_code128
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.units import mm


@dataclass(frozen=True)
class Sheet:
    """A paper size and its margin; every length in points."""

    name: str
    width: float
    height: float
    margin: float

    @property
    def content_left(self) -> float:
        return self.margin

    @property
    def content_right(self) -> float:
        return self.width - self.margin

    @property
    def content_top(self) -> float:
        return self.height - self.margin

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def footer_baseline(self) -> float:
        return self.margin

    @property
    def footer_rule_y(self) -> float:
        return self.footer_baseline + 3.5 * mm

    @property
    def body_bottom(self) -> float:
        """Body content must end above this line: the footer rule and some air."""
        return self.footer_rule_y + 6 * mm


A4 = Sheet("A4", 210 * mm, 297 * mm, 20 * mm)
A5 = Sheet("A5", 148 * mm, 210 * mm, 12 * mm)

PAGE_WIDTH, PAGE_HEIGHT = A4.width, A4.height
MARGIN = A4.margin
CONTENT_LEFT = A4.content_left
CONTENT_RIGHT = A4.content_right
CONTENT_TOP = A4.content_top
CONTENT_WIDTH = A4.content_width

# Greys stay dark enough to survive a photocopy of a photocopy.
INK = HexColor("#1a1a1a")
MUTED = HexColor("#5a5a5a")
RULE = HexColor("#8c8c8c")
RULE_WIDTH = 0.5

CREATOR = "BİMER Masaüstü"  # i18n: not shown (the product name, in PDF metadata)

FOOTER_SIZE = 8.0
FOOTER_BASELINE = A4.footer_baseline
FOOTER_RULE_Y = A4.footer_rule_y
"""Body content must end above this line, with some air (see :data:`BODY_BOTTOM`)."""
BODY_BOTTOM = A4.body_bottom

INSTITUTION_SIZE = 11.0
TITLE_SIZE = 17.0
SUBTITLE_SIZE = 9.5
_HEADER_LINE_GAP = 3 * mm
_HEADER_GAP = 8 * mm  # between the institution/title column and the barcode
_MIN_HEADER_TEXT = 60 * mm  # narrower than this, the title goes under the barcode


def format_date(value: date) -> str:
    """As the active language writes dates (``28.11.2026`` in Turkish)."""
    return i18n.format_date(value)


def format_datetime(value: datetime) -> str:
    """An aware time on Turkey's wall clock, whatever the PC's zone; a naive one is taken
    as already on the wall clock (documents built by hand, in tests)."""
    local = in_turkey(value) if value.tzinfo is not None else value
    return f"{i18n.format_date(local.date())} {local:%H:%M}"


def document_language() -> str:
    """The PDF's language tag (``tr-TR``): screen readers pick their voice by it."""
    return LANGUAGES[active_language()][1].replace("_", "-")


def new_canvas(
    buffer: io.BytesIO,
    *,
    title: str,
    author: str,
    subject: str,
    created_at: datetime,
    pagesize: tuple[float, float] = (PAGE_WIDTH, PAGE_HEIGHT),
) -> Canvas:
    """A canvas (A4 unless ``pagesize`` says otherwise) with DejaVu as its initial font and
    metadata fixed by the caller.

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
        pagesize=pagesize,
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=10,
        lang=document_language(),
    )
    set_metadata(canvas, title=title, author=author, subject=subject, created_at=created_at)
    return canvas


def set_metadata(
    canvas: Canvas, *, title: str, author: str, subject: str, created_at: datetime
) -> None:
    """Title, author, subject, creator and a creation date that is the print time."""
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator(CREATOR)
    set_creation_date(canvas, created_at)


def set_creation_date(canvas: Canvas, created_at: datetime) -> None:
    """The PDF's creation date is the print time, not the wall clock of rendering."""
    pdf_date = _pdf_date(created_at)
    canvas.setDateFormatter(lambda *_: pdf_date)


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
    """A thin grey line across the content (of an A4 page unless ``left``/``right`` say)."""
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(RULE_WIDTH)
    canvas.line(left, y, right, y)
    canvas.restoreState()


class PageHeader:
    """Institution name and title on the left, the barcode top right; measured on creation.

    The barcode's right quiet zone lies in the page margin, so the bars line up with the right
    edge of the content like everything else; the margin is blank paper either way. On a
    sheet too narrow for both side by side (A5: the barcode alone takes 74 mm of its 124), the
    barcode stays top right and the institution and title go under it, full width. Optional
    subtitle lines (the case numbers on a report) go under the title.
    """

    def __init__(
        self,
        *,
        institution_name: str,
        title: str,
        barcode_payload: str,
        sheet: Sheet = A4,
        title_size: float = TITLE_SIZE,
        subtitle: Sequence[str] = (),
    ) -> None:
        self._sheet = sheet
        self._payload = barcode_payload
        self._barcode = code128_layout(barcode_payload)
        self._barcode_left = sheet.content_right + self._barcode.quiet_zone_mm * mm - (
            self._barcode.width
        )
        self._barcode_bottom = sheet.content_top - self._barcode.height
        beside = (
            self._barcode_left + self._barcode.quiet_zone_mm * mm - _HEADER_GAP
            - sheet.content_left
        )
        if beside >= _MIN_HEADER_TEXT:
            self._text_width, self._text_top = beside, sheet.content_top
        else:
            self._text_width, self._text_top = sheet.content_width, self._barcode_bottom - 4 * mm
        institution_style = TextStyle(BOLD, INSTITUTION_SIZE, INSTITUTION_SIZE * 1.3)
        self._paragraphs = [
            plain_paragraph(institution_name, institution_style.paragraph_style("institution")),
            plain_paragraph(
                title, TextStyle(BOLD, title_size, title_size * 1.2).paragraph_style("title")
            ),
        ]
        if subtitle:
            subtitle_style = TextStyle(REGULAR, SUBTITLE_SIZE, SUBTITLE_SIZE * 1.4, MUTED)
            self._paragraphs.append(
                plain_paragraph("\n".join(subtitle), subtitle_style.paragraph_style("subtitle"))
            )
        self._heights = [paragraph_height(p, self._text_width) for p in self._paragraphs]
        text_bottom = self._text_top - sum(self._heights) - _HEADER_LINE_GAP * (
            len(self._paragraphs) - 1
        )
        self.bottom = min(text_bottom, self._barcode_bottom)
        """The lowest y the header reaches."""

    def draw(self, canvas: Canvas) -> float:
        """Draw the header; returns its bottom y."""
        draw_code128(canvas, self._payload, self._barcode_left, self._barcode_bottom)
        y = self._text_top
        for index, (paragraph, height) in enumerate(
            zip(self._paragraphs, self._heights, strict=True)
        ):
            if index:
                y -= _HEADER_LINE_GAP
            paragraph.wrap(self._text_width, height + 1)
            paragraph.drawOn(canvas, self._sheet.content_left, y - height)
            y -= height
        return self.bottom


def draw_header(
    canvas: Canvas,
    *,
    institution_name: str,
    title: str,
    barcode_payload: str,
    sheet: Sheet = A4,
    title_size: float = TITLE_SIZE,
) -> float:
    """Draw a :class:`PageHeader`; returns its bottom y."""
    header = PageHeader(
        institution_name=institution_name,
        title=title,
        barcode_payload=barcode_payload,
        sheet=sheet,
        title_size=title_size,
    )
    return header.draw(canvas)


def footer_text(*, page: int, pages: int, station: str, printed_by: str,
                printed_at: datetime) -> str:
    return " · ".join(
        (
            _("Sayfa {page} / {pages}").format(page=page, pages=pages),
            _("İstasyon {station}").format(station=station),
            _("Yazdıran {name}").format(name=printed_by),
            format_datetime(printed_at),
        )
    )


def draw_footer(
    canvas: Canvas,
    *,
    page: int,
    pages: int,
    station: str,
    printed_by: str,
    printed_at: datetime,
    sheet: Sheet = A4,
) -> None:
    draw_rule(canvas, sheet.footer_rule_y, left=sheet.content_left, right=sheet.content_right)
    text = footer_text(
        page=page, pages=pages, station=station, printed_by=printed_by, printed_at=printed_at
    )
    # A long user name must not push the footer past the margin; it gets a little smaller.
    natural = float(pdfmetrics.stringWidth(text, REGULAR, FOOTER_SIZE))
    size = FOOTER_SIZE * min(1.0, sheet.content_width / natural)
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, size)
    canvas.drawString(sheet.content_left, sheet.footer_baseline, text)
    canvas.restoreState()
