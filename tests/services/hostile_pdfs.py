"""Hostile PDFs, written byte by byte (issue 18, item 5): what a careless or malicious
sender can put in a file that is small on disk."""

from __future__ import annotations

import zlib
from pathlib import Path

GIB = 1024 * 1024 * 1024


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF whose object ``n`` (1-based) is ``objects[n-1]``; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, table)
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def deflate_zeros(size: int) -> bytes:
    """``size`` zero bytes, deflated (about 1 MB per GiB), built a chunk at a time."""
    packer = zlib.compressobj(9)
    chunk = bytes(64 * 1024 * 1024)
    parts = [packer.compress(chunk) for _n in range(size // len(chunk))]
    return b"".join([*parts, packer.flush()])


def inflation_bomb(inflated: int = GIB) -> bytes:
    """One page whose content stream inflates to ``inflated`` bytes."""
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(b"/Filter /FlateDecode", deflate_zeros(inflated)),
    ])


def many_pages(count: int = 100_000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), *pages])


def huge_image(width: int = 100_000, height: int = 100_000) -> bytes:
    """A page showing a 10-gigapixel image whose stream is a few bytes."""
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
        stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
               b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height),
               zlib.compress(bytes(1024))),
    ])


def huge_page(points: int = 14_400) -> bytes:
    """One page as large as PDF allows (200 inches a side): at 150 dpi, 900 megapixels."""
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % (points, points),
    ])


HOSTILE = {"inflation-bomb": inflation_bomb, "many-pages": many_pages,
           "huge-image": huge_image}


def write_hostile(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for name, make in HOSTILE.items():
        path = folder / f"{name}.pdf"
        path.write_bytes(make())
        made[name] = path
    return made
