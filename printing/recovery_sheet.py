"""The recovery key on paper: one A4 page the operator keeps in the office safe.

It carries the key in large type (eight groups of five, Crockford's base 32: no letters that
look alike), the station, the data folder and the date, and what to do with it. Nothing of a
citizen is on it, and the metadata names no key.
"""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from models.i18n import _
from printing.document import RenderedDocument
from printing.fonts import BOLD, REGULAR
from printing.page import A4, INK, MUTED, new_canvas
from printing.units import mm

_BODY = ParagraphStyle("recovery-body", fontName=REGULAR, fontSize=10.5, leading=15,
                       textColor=INK)
_KEY_SIZE = 22.0


def recovery_sheet(recovery_key: str, *, station_code: str, data_folder: str,
                   fingerprint: str, created_at: datetime) -> RenderedDocument:
    buffer = io.BytesIO()
    title = _("BİMER Masaüstü kurtarma anahtarı")
    canvas = new_canvas(buffer, title=title, author=station_code, subject=title,
                        created_at=created_at)
    left, y = A4.content_left, A4.content_top
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 17)
    canvas.drawString(left, y - 17, title)
    y -= 17 + 10 * mm
    canvas.setFont(REGULAR, 10.5)
    for label, value in ((_("İstasyon"), station_code), (_("Veri klasörü"), data_folder),
                         (_("Tarih"), created_at.strftime("%d.%m.%Y %H:%M")),
                         (_("Anahtar parmak izi"), fingerprint)):
        canvas.setFillColor(MUTED)
        canvas.drawString(left, y, label)
        canvas.setFillColor(INK)
        canvas.drawString(left + 42 * mm, y, value)
        y -= 6 * mm
    y -= 8 * mm
    groups = recovery_key.split("-")
    canvas.setFont(BOLD, _KEY_SIZE)
    for row in (groups[:4], groups[4:]):
        canvas.drawString(left, y - _KEY_SIZE, "   ".join(row))
        y -= _KEY_SIZE + 5 * mm
    y -= 8 * mm
    paragraphs = [
        _("Bu masanın başvuruları ve ekleri bilgisayarda şifreli durur; şifreleme anahtarı "
          "bilgisayarın anahtarlığındadır. Bilgisayar değişir, sistem yeniden kurulur ya da "
          "anahtarlık silinirse veriler yalnızca bu kurtarma anahtarıyla açılır."),
        _("Kâğıdı kasada ya da kilitli bir dolapta saklayın; fotoğrafını çekmeyin, bilgisayarda "
          "saklamayın. Anahtarı bilen, veri klasörünün bir kopyasını da ele geçirirse "
          "başvuruları okuyabilir."),
        _("Gerektiğinde: veri klasörünü yeni bilgisayara taşıyın, 'bimer-desktop recover-key' "
          "komutunu çalıştırın ve anahtarı sorulduğunda yazın (büyük-küçük harf ve tireler "
          "önemli değil)."),
    ]
    for text in paragraphs:
        paragraph = Paragraph(escape(text), _BODY)
        _width, height = paragraph.wrap(A4.content_width, y - A4.body_bottom)
        paragraph.drawOn(canvas, left, y - height)
        y -= height + 4 * mm
    canvas.showPage()
    canvas.save()
    return RenderedDocument(buffer.getvalue(), 1)
