"""Look at real PDFs the way a person or a scanner would: text, fonts, pixels, barcodes.

Reusable by any test that produces a printout (printing, services, CLI). Rendering goes
through pypdfium2 straight into an 8-bit grayscale buffer, flattened onto white paper, so
neither Pillow nor numpy is needed.
"""

from __future__ import annotations

import io
import math
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, DictionaryObject, NameObject

POINTS_PER_INCH = 72.0
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class GrayImage:
    """One rendered page: row-major, one byte per pixel, 0 black to 255 white."""

    width: int
    height: int
    pixels: bytes
    dpi: float

    def row(self, y: int) -> bytes:
        return self.pixels[y * self.width : (y + 1) * self.width]

    def px_to_mm(self, pixels: float) -> float:
        return pixels * MM_PER_INCH / self.dpi

    def save_png(self, path: Path) -> None:
        """A plain grayscale PNG, for looking at a render by eye."""

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        rows = b"".join(b"\x00" + self.row(y) for y in range(self.height))
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 0, 0, 0, 0)
        path.write_bytes(
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 6))
            + chunk(b"IEND", b"")
        )


def render_gray(
    pdf: bytes, *, page: int = 0, dpi: float = 200, skew_degrees: float = 0.0
) -> GrayImage:
    """Render one page onto white paper, optionally turned by a small angle.

    A straight render is the hardest case for a barcode reader: every pixel row is identical,
    so one unlucky alignment of bar edges to pixels spoils them all. A sheet on a real scanner
    always lies a little askew; ``skew_degrees`` (say 0.5) imitates that.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        if skew_degrees:
            raw, width, height, stride, kind = _render_turned(document[page], dpi, skew_degrees)
        else:
            bitmap = document[page].render(
                scale=dpi / POINTS_PER_INCH,
                grayscale=True,
                fill_color=(255, 255, 255, 255),  # paper is white, not transparent
            )
            raw = bytes(bitmap.buffer)
            width, height, stride, kind = (
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                bitmap.format,
            )
    finally:
        document.close()
    if kind != pdfium_c.FPDFBitmap_Gray:
        raise AssertionError(f"expected an 8-bit gray bitmap, got pdfium format {kind}")
    if stride != width:
        raw = b"".join(raw[y * stride : y * stride + width] for y in range(height))
    return GrayImage(width, height, raw, dpi)


def _render_turned(
    page: pdfium.PdfPage, dpi: float, degrees: float
) -> tuple[bytes, int, int, int, int]:
    scale = dpi / POINTS_PER_INCH
    angle = math.radians(degrees)
    # Page space (y up) to device space (y down), turned by the angle.
    a, b = scale * math.cos(angle), -scale * math.sin(angle)
    c, d = -scale * math.sin(angle), -scale * math.cos(angle)
    page_width, page_height = page.get_width(), page.get_height()
    corners = [(a * x + c * y, b * x + d * y) for x in (0, page_width) for y in (0, page_height)]
    left = min(x for x, _ in corners)
    top = min(y for _, y in corners)
    width = math.ceil(max(x for x, _ in corners) - left)
    height = math.ceil(max(y for _, y in corners) - top)
    bitmap = pdfium.PdfBitmap.new_native(width, height, pdfium_c.FPDFBitmap_Gray)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
    pdfium_c.FPDF_RenderPageBitmapWithMatrix(
        bitmap,
        page,
        pdfium_c.FS_MATRIX(a, b, c, d, -left, -top),
        pdfium_c.FS_RECTF(0, 0, width, height),
        pdfium_c.FPDF_GRAYSCALE | pdfium_c.FPDF_ANNOT,
    )
    return bytes(bitmap.buffer), width, height, bitmap.stride, bitmap.format


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def read_barcodes(
    pdf: bytes, dpi: float = 200, *, page: int | None = None, skew_degrees: float = 0.0
) -> list[zxingcpp.Barcode]:
    """Every barcode zxing-cpp finds on the rendered page (or on all pages when None)."""
    pages = range(page_count(pdf)) if page is None else [page]
    found: list[zxingcpp.Barcode] = []
    for index in pages:
        image = render_gray(pdf, page=index, dpi=dpi, skew_degrees=skew_degrees)
        view = memoryview(image.pixels).cast("B", (image.height, image.width))
        found.extend(zxingcpp.read_barcodes(view))
    return found


def decode_barcodes(
    pdf: bytes, dpi: float = 200, *, page: int | None = None, skew_degrees: float = 0.0
) -> list[str]:
    """The text of every barcode on the page(s), as a desk scanner would type it: once per
    page when two symbols carry the same payload (the 80 mm receipt's Code 128 and QR code)."""
    pages = range(page_count(pdf)) if page is None else [page]
    texts: list[str] = []
    for index in pages:
        found = read_barcodes(pdf, dpi, page=index, skew_degrees=skew_degrees)
        texts.extend(dict.fromkeys(f.text for f in found))
    return texts


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def normalize_space(text: str) -> str:
    """Collapse line breaks and runs of spaces, so wrapped text compares with the original."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class FontInfo:
    resource: str
    base_font: str
    subtype: str
    embedded: bool

    @property
    def family(self) -> str:
        """The font name without a subset tag such as ``AAAAAA+``."""
        return self.base_font.split("+", 1)[-1]


def pdf_fonts(pdf: bytes) -> list[FontInfo]:
    """Fonts in the resources of every page and of the forms they draw."""
    reader = PdfReader(io.BytesIO(pdf))
    return [font for page in reader.pages for font in _page_fonts(page)]


def _page_fonts(page: PageObject) -> list[FontInfo]:
    fonts: list[FontInfo] = []
    for resources in _resource_dicts(page.get("/Resources")):
        font_dict = resources.get("/Font")
        if font_dict is None:
            continue
        for name, ref in font_dict.get_object().items():
            font = ref.get_object()
            fonts.append(
                FontInfo(
                    resource=str(name),
                    base_font=str(font.get("/BaseFont", "")).lstrip("/"),
                    subtype=str(font.get("/Subtype", "")).lstrip("/"),
                    embedded=_is_embedded(font),
                )
            )
    return fonts


def _resource_dicts(resources: object) -> Iterator[DictionaryObject]:
    if resources is None:
        return
    resolved = resources.get_object()  # type: ignore[attr-defined]
    if not isinstance(resolved, DictionaryObject):
        return
    yield resolved
    xobjects = resolved.get("/XObject")
    if xobjects is None:
        return
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == NameObject("/Form"):
            yield from _resource_dicts(xobject.get("/Resources"))


def _is_embedded(font: DictionaryObject) -> bool:
    fonts = [font] + [ref.get_object() for ref in font.get("/DescendantFonts", [])]
    descriptors = [f["/FontDescriptor"].get_object() for f in fonts if "/FontDescriptor" in f]
    return any(
        isinstance(descriptor, DictionaryObject) and key in descriptor
        for descriptor in descriptors
        for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def text_fonts(pdf: bytes) -> set[str]:
    """Base font names selected with ``Tf`` in the page content: the fonts text is set in."""
    reader = PdfReader(io.BytesIO(pdf))
    used: set[str] = set()
    for page in reader.pages:
        names = {info.resource: info.base_font for info in _page_fonts(page)}
        content = ContentStream(page.get_contents(), reader)
        for operands, operator in content.operations:
            if operator == b"Tf":
                used.add(names.get(str(operands[0]), f"<unknown {operands[0]}>"))
    return used


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


def filled_rects(pdf: bytes, *, page: int = 0) -> list[Rect]:
    """Rectangles (``re``) that get filled, in page points, through any scaling or moving.

    Rectangles drawn under a rotated or skewed transform are left out.
    """
    reader = PdfReader(io.BytesIO(pdf))
    content = ContentStream(reader.pages[page].get_contents(), reader)
    ctm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    rects: list[Rect] = []
    pending: list[Rect] = []
    for operands, operator in content.operations:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q":
            ctm = saved.pop()
        elif operator == b"cm":
            ctm = _multiply(tuple(float(value) for value in operands), ctm)
        elif operator == b"re":
            a, b, c, d, e, f = ctm
            if b or c:
                continue
            x, y, w, h = (float(value) for value in operands)
            pending.append(Rect(a * x + e, d * y + f, a * w, d * h))
        elif operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            rects.extend(pending)
            pending = []
        elif operator in (b"S", b"s", b"n"):
            pending = []
    return rects


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The PDF matrix product m × n, both given as (a, b, c, d, e, f)."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def pt_to_mm(points: float) -> float:
    return points * MM_PER_INCH / POINTS_PER_INCH


@dataclass(frozen=True)
class CharBox:
    char: str
    left: float
    bottom: float
    right: float
    top: float


def char_boxes(pdf: bytes, *, page: int = 0) -> list[CharBox]:
    """Where pdfium places every printed character, in points from the bottom-left corner."""
    document = pdfium.PdfDocument(pdf)
    try:
        text_page = document[page].get_textpage()
        boxes = []
        for index in range(text_page.count_chars()):
            char = text_page.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = text_page.get_charbox(index)
            boxes.append(CharBox(char, left, bottom, right, top))
        return boxes
    finally:
        document.close()


def text_in_region(
    pdf: bytes, left: float, bottom: float, right: float, top: float, *, page: int = 0
) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        text_page = document[page].get_textpage()
        return str(text_page.get_text_bounded(left, bottom, right, top))
    finally:
        document.close()
