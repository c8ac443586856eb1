"""Real documents made in the tests, and a way to read a combined PDF back page by page.

Each image page is one flat colour, each PDF page carries one line of Turkish text, so
after any rotation, reorder or deletion the result says which page ended up where.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from resources import FONTS_DIR

COLOURS: dict[str, tuple[int, int, int]] = {
    "kırmızı": (210, 40, 40),
    "yeşil": (40, 160, 60),
    "mavi": (40, 70, 200),
    "sarı": (235, 200, 40),
    "mor": (130, 50, 160),
}
FONT = "DejaVuSans"


def image_bytes(colour: str, fmt: str = "PNG", *, dpi: int | None = 100,
                size: tuple[int, int] = (120, 170), mode: str = "RGB") -> bytes:
    image = Image.new("RGB", size, COLOURS[colour])
    if mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    options = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, fmt, **options)
    return out.getvalue()


def tiff_bytes(colours: Sequence[str], dpi: int = 100) -> bytes:
    frames = [Image.new("RGB", (120, 170), COLOURS[c]) for c in colours]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi),
                   compression="tiff_deflate")
    return out.getvalue()


def text_pdf(lines: Sequence[str]) -> bytes:
    """One A4 page per line of text, in a font that has every Turkish letter."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for line in lines:
        pdf.setFont(FONT, 14)
        pdf.drawString(72, 760, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@dataclass(frozen=True)
class PageSeen:
    label: str  # the page's text, or the name of its colour
    rotation: int  # the /Rotate the page carries
    landscape: bool  # as rendered, rotation applied


def read_back(pdf: bytes) -> list[PageSeen]:
    """What each page of ``pdf`` is, as a viewer shows it."""
    reader = PdfReader(io.BytesIO(pdf))
    document = pdfium.PdfDocument(pdf)
    seen = []
    try:
        for index, page in enumerate(reader.pages):
            text = (page.extract_text() or "").strip()
            rendered = document[index].render(scale=0.5).to_pil().convert("RGB")
            label = text or nearest_colour(
                rendered.getpixel((rendered.width // 2, rendered.height // 2)))
            seen.append(PageSeen(label, page.rotation % 360,
                                 rendered.width > rendered.height))
    finally:
        document.close()
    return seen


def labels(pdf: bytes) -> list[str]:
    return [page.label for page in read_back(pdf)]


def nearest_colour(pixel: object) -> str:
    assert isinstance(pixel, tuple)
    r, g, b = pixel[:3]
    return min(COLOURS, key=lambda name: sum(
        (a - c) ** 2 for a, c in zip(COLOURS[name], (r, g, b), strict=True)))
