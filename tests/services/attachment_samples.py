"""Real files for the attachment tests, made on the spot: every accepted type and every
hostile one the desk must refuse."""

from __future__ import annotations

import io
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from printing.fonts import REGULAR, register_fonts

TURKISH_LINE = "Dilekçe: çöp toplanmıyor — ĞÜŞİÖÇ ğüşıöç"


def tiff_scan(pages: int = 3, size: tuple[int, int] = (620, 877), *, shade: int = 0) -> bytes:
    """A multi-page grayscale TIFF, each page different (its number drawn on it)."""
    frames = []
    for number in range(1, pages + 1):
        page = Image.new("L", size, 255 - shade)
        draw = ImageDraw.Draw(page)
        draw.rectangle((40, 40, 40 + 30 * number, 80), fill=0)
        draw.text((40, 100), f"Sayfa {number}", fill=0)
        frames.append(page)
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_lzw", dpi=(75, 75))
    return out.getvalue()


def turkish_pdf(pages: int = 1, text: str = TURKISH_LINE) -> bytes:
    """A PDF with Turkish text in the bundled font (the way a desk's own PDFs are made)."""
    register_fonts()
    out = io.BytesIO()
    document = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        document.setFont(REGULAR, 12)
        document.drawString(72, 760, f"{text} ({number}. sayfa)")
        document.showPage()
    document.save()
    return out.getvalue()


def jpeg_photo(size: tuple[int, int] = (320, 240), colour: tuple[int, int, int] = (180, 40, 40)
               ) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=85)
    return out.getvalue()


def png_image(size: tuple[int, int] = (200, 100), colour: tuple[int, int, int] = (20, 90, 200)
              ) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int = 12_000, height: int = 12_000) -> bytes:
    """A valid grayscale PNG of ``width``×``height`` zeros: ≈140 KB on disk, 144 MB decoded."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + pixels
    rows_per_chunk = 1000
    parts = []
    for start in range(0, height, rows_per_chunk):
        parts.append(compressor.compress(row * min(rows_per_chunk, height - start)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", b"".join(parts)) + _png_chunk(b"IEND", b""))


def tiff_with_a_huge_second_page() -> bytes:
    """A two-page TIFF whose second page claims 30000×30000 pixels in its header."""
    data = bytearray(tiff_scan(pages=2, size=(64, 64)))
    order = "<" if data[:2] == b"II" else ">"
    (first,) = struct.unpack(order + "I", data[4:8])
    (count,) = struct.unpack(order + "H", data[first:first + 2])
    (second,) = struct.unpack(order + "I", data[first + 2 + 12 * count:first + 6 + 12 * count])
    (count,) = struct.unpack(order + "H", data[second:second + 2])
    for index in range(count):
        start = second + 2 + 12 * index
        tag, field_type = struct.unpack(order + "HH", data[start:start + 4])
        if tag in (256, 257):
            if field_type == 3:
                data[start + 8:start + 10] = struct.pack(order + "H", 30_000)
            else:
                data[start + 8:start + 12] = struct.pack(order + "I", 30_000)
    return bytes(data)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("gizli-parola", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def executable_bytes() -> bytes:
    """The head of the running Python interpreter: a real program (ELF, PE or Mach-O)."""
    with Path(sys.executable).resolve().open("rb") as handle:
        return handle.read(64 * 1024)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
