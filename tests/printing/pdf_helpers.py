"""Look at real PDFs the way a person or a scanner would: text, fonts, pixels, barcodes.

Reusable by any test that produces a printout (printing, services, CLI). Rendering goes
through pypdfium2 straight into an 8-bit grayscale buffer, flattened onto white paper, so
neither Pillow nor numpy is needed.
"""

from __future__ import annotations

import io
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


def render_gray(pdf: bytes, *, page: int = 0, dpi: float = 200) -> GrayImage:
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[page].render(
            scale=dpi / POINTS_PER_INCH,
            grayscale=True,
            fill_color=(255, 255, 255, 255),  # paper is white, not transparent
        )
        if bitmap.format != pdfium_c.FPDFBitmap_Gray:
            raise AssertionError(f"expected an 8-bit gray bitmap, got format {bitmap.format}")
        raw = bytes(bitmap.buffer)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    finally:
        document.close()
    if stride != width:
        raw = b"".join(raw[y * stride : y * stride + width] for y in range(height))
    return GrayImage(width, height, raw, dpi)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def read_barcodes(pdf: bytes, dpi: float = 200, *, page: int | None = None
                  ) -> list[zxingcpp.Barcode]:
    """Every barcode zxing-cpp finds on the rendered page (or on all pages when None)."""
    pages = range(page_count(pdf)) if page is None else [page]
    found: list[zxingcpp.Barcode] = []
    for index in pages:
        image = render_gray(pdf, page=index, dpi=dpi)
        view = memoryview(image.pixels).cast("B", (image.height, image.width))
        found.extend(zxingcpp.read_barcodes(view))
    return found


def decode_barcodes(pdf: bytes, dpi: float = 200, *, page: int | None = None) -> list[str]:
    return [result.text for result in read_barcodes(pdf, dpi, page=page)]


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
    descriptors = []
    if "/FontDescriptor" in font:
        descriptors.append(font["/FontDescriptor"].get_object())
    for descendant in font.get("/DescendantFonts", []):
        descendant = descendant.get_object()
        if "/FontDescriptor" in descendant:
            descriptors.append(descendant["/FontDescriptor"].get_object())
    return any(
        key in descriptor
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
    """Rectangles (``re``) that get filled, in points, as written in the page content.

    Only rectangles drawn outside any ``cm`` transform are reported, so their coordinates are
    page coordinates; that is how the barcode is drawn.
    """
    reader = PdfReader(io.BytesIO(pdf))
    content = ContentStream(reader.pages[page].get_contents(), reader)
    rects: list[Rect] = []
    pending: list[Rect] = []
    transformed = False
    saved: list[bool] = []
    for operands, operator in content.operations:
        if operator == b"q":
            saved.append(transformed)
        elif operator == b"Q":
            transformed = saved.pop()
        elif operator == b"cm":
            transformed = True
        elif operator == b"re" and not transformed:
            x, y, w, h = (float(value) for value in operands)
            pending.append(Rect(x, y, w, h))
        elif operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            rects.extend(pending)
            pending = []
        elif operator in (b"S", b"s", b"n"):
            pending = []
    return rects


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


def text_in_region(pdf: bytes, left: float, bottom: float, right: float, top: float,
                   *, page: int = 0) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        text_page = document[page].get_textpage()
        return str(text_page.get_text_bounded(left, bottom, right, top))
    finally:
        document.close()
