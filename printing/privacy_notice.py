"""The KVKK information notice (aydınlatma metni) as pages after the receipt.

Drawn on the receipt's own canvas (A4 or A5), so that the citizen's paper is one document
and one print: a title, the paragraphs flowing over as many pages as they need, and a foot
line naming the notice's version. The text is reference data (``models/privacy_notice.py``).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from models.privacy_notice import PrivacyNotice
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.page import INK, MUTED, Sheet
from printing.units import mm

_TITLE = ParagraphStyle("notice-title", fontName=BOLD, fontSize=12.5, leading=16,
                        textColor=INK, spaceAfter=4 * mm)
_BODY = ParagraphStyle("notice-body", fontName=REGULAR, fontSize=9.5, leading=13,
                       textColor=INK)
_BODY_A5 = ParagraphStyle("notice-body-a5", parent=_BODY, fontSize=8.5, leading=11.5)
_GAP = 2.5 * mm
_FOOT_SIZE = 7.5


def draw_privacy_notice(canvas: Canvas, sheet: Sheet, notice: PrivacyNotice) -> int:
    """Draw the notice on new pages of ``canvas`` (after the page just shown); how many."""
    register_fonts()
    body = _BODY if sheet.width > 160 * mm else _BODY_A5
    flow = [Paragraph(escape(notice.title), _TITLE),
            *(Paragraph(escape(text), body) for text in notice.paragraphs)]
    pages = 0
    index = 0
    while index < len(flow):
        pages += 1
        top = sheet.content_top
        y = top
        placed = 0
        while index < len(flow):
            paragraph = flow[index]
            _width, height = paragraph.wrap(sheet.content_width, top - sheet.body_bottom)
            if placed and y - height < sheet.body_bottom:
                break  # the rest goes on the next page
            paragraph.drawOn(canvas, sheet.content_left, y - height)
            y -= height + _GAP
            placed += 1
            index += 1
        canvas.setFont(REGULAR, _FOOT_SIZE)
        canvas.setFillColor(MUTED)
        canvas.drawString(sheet.content_left, sheet.footer_baseline,
                          f"{notice.title} · {notice.version}")
        canvas.showPage()
    return pages
