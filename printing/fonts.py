"""The one typeface used on paper: DejaVu Sans, embedded (subset) into every PDF.

The built-in PDF fonts (Helvetica and friends) only cover WinAnsi, which has no ğ, ş, ı or İ,
so they must never be used for text. Canvases made by :func:`printing.page.new_canvas` also
start with DejaVu selected, so Helvetica does not even appear as an unused font resource.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from resources import FONTS_DIR

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
}


def register_fonts() -> None:
    """Make the DejaVu fonts known to reportlab; cheap and safe to call before every document.

    reportlab's font registry is process-wide, so after the first call this only checks names.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    # Lets <b> in Paragraph markup pick the bold face instead of falling back to Helvetica.
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
