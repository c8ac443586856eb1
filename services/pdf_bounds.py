"""How much a PDF may make of itself: objects, pages, inflated bytes, image pixels.

A PDF's size on disk says little: a 1 MB file whose one stream inflates to 1 GiB passed the
attachment check (pypdf reads page boxes, not content) and its preview took 2.2 GB of
memory; a 100,000-page file took 399 MB and 17 s just to count its pages. So, before a page
is walked, a PDF is held to bounds a real scan never nears:

* its objects (from the cross-reference table, without reading them) and the page count its
  page tree declares;
* every Flate stream inflated here, a chunk at a time into nothing — the memory stays that of
  one chunk — against a cap per stream and for the whole file;
* every image's width × height against the desk's pixel limit for a scanned page.

pypdf's own decoders stop at 75 MB a stream (``pypdf.Configuration``), so reading the
objects themselves is bounded too.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pypdf costs ≈0.1 s to import: only when a PDF is checked
    from pypdf import PdfReader
    from pypdf.generic import StreamObject

MIB = 1024 * 1024
MAX_OBJECTS = 250_000
MAX_STREAM_INFLATED = 256 * MIB  # a 300 dpi A3 colour page unpacked is about 52 MB
MAX_FILE_INFLATED = 1024 * MIB
_CHUNK = 1 * MIB
_FLATE = ("/FlateDecode", "/Fl")


class PdfTooLarge(ValueError):
    """One of the bounds was passed; ``kind`` says which, ``amount`` how far."""

    def __init__(self, kind: str, amount: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.amount = amount


OBJECTS = "objects"
PAGES = "pages"
INFLATED = "inflated"
PIXELS = "pixels"


def object_count(reader: PdfReader) -> int:
    return sum(len(objects) for objects in reader.xref.values()) + len(reader.xref_objStm)


def declared_pages(reader: PdfReader) -> int:
    """The page count the page tree's root declares (what a viewer believes), read
    without walking the tree."""
    root: Any = reader.trailer["/Root"].get_object()
    pages: Any = root["/Pages"].get_object()
    return int(pages.get("/Count", 0))


def check_bounds(reader: PdfReader, *, max_pages: int, max_pixels: int) -> None:
    """Raise ``PdfTooLarge`` when ``reader``'s file passes a bound (see the module)."""
    objects = object_count(reader)
    if objects > MAX_OBJECTS:
        raise PdfTooLarge(OBJECTS, objects)
    pages = declared_pages(reader)
    if pages > max_pages:
        raise PdfTooLarge(PAGES, pages)
    total = 0
    for stream in _streams(reader):
        if _is_image(stream):
            width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
            if width * height > max_pixels:
                raise PdfTooLarge(PIXELS, width * height)
        total += _inflated_size(stream, MAX_FILE_INFLATED - total)


def _streams(reader: PdfReader) -> Iterator[StreamObject]:
    from pypdf.generic import IndirectObject, StreamObject

    # Streams are never inside object streams (PDF 1.7, 7.5.7): the table lists them all.
    for generation, objects in reader.xref.items():
        for number in objects:
            found = reader.get_object(IndirectObject(number, generation, reader))
            if isinstance(found, StreamObject):
                yield found


def _is_image(stream: StreamObject) -> bool:
    return bool(stream.get("/Subtype") == "/Image")


def _filters(stream: StreamObject) -> list[str]:
    value: Any = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object()
    return [str(value)] if not isinstance(value, list) else [str(v) for v in value]


def _inflated_size(stream: StreamObject, room: int) -> int:
    """The bytes the stream's first filter makes, when it is Flate; else its stored size."""
    raw: bytes = stream._data  # still encoded: pypdf decodes only when asked
    filters = _filters(stream)
    if not filters or filters[0] not in _FLATE:
        return len(raw)
    cap = min(MAX_STREAM_INFLATED, room)
    inflater = zlib.decompressobj()
    produced = 0
    pending = raw
    try:
        while pending:
            produced += len(inflater.decompress(pending, _CHUNK))
            if produced > cap:
                break
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return produced  # a damaged stream: the renderer shows what inflates, no more
    if produced > cap:
        raise PdfTooLarge(INFLATED, produced)
    return produced
