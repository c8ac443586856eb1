"""Page work on attachments: split documents into pages, rotate, reorder, delete, combine.

Pure functions over immutable values, no Qt: the attachments panel calls them, and so can
the CLI or a test. A page never copies its file's bytes: it points at the ``SourceFile`` it
came from (a PDF page or a TIFF frame by index) and carries the clerk's rotation, which is
applied only when a PDF is written — as the page's ``/Rotate``, so combining is lossless:
JPEG and PNG scans go into the PDF as they are (``img2pdf``), PDF pages are copied (pypdf).

Shrinking is the one lossy step, taken only when asked (``combine(shrink=...)``) or needed
to fit a byte limit (``combine_within``): grayscale, JPEG quality and a lower resolution.
"""

from __future__ import annotations

import io
import logging
import struct
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageOps, UnidentifiedImageError

# pypdf and img2pdf (≈0.5 s to import, img2pdf pulling in pikepdf where installed) at their
# first use: the intake form imports this module, and the window must not wait for them.
if TYPE_CHECKING:
    from pypdf import PdfReader

from models.i18n import _
from models.turkish_text import format_size

log = logging.getLogger("bimer.pages")

A4_POINTS = (595.2756, 841.8898)  # 210 × 297 mm
POINTS_PER_INCH = 72.0
# An image with no resolution of its own (a screenshot from the clipboard) is put on A4
# paper at this many pixels per inch, shrunk to fit when larger: never blown up.
SCREEN_DPI = 96.0


class Kind(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    TIFF = "tiff"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.JPEG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.TIFF: "image/tiff",
}


class PageError(ValueError):
    """A document that cannot be split into pages, or a PDF that cannot be made; Turkish."""


class TooLarge(PageError):
    """Even the smallest shrink step is over the limit."""

    def __init__(self, message: str, smallest: int) -> None:
        super().__init__(message)
        self.smallest = smallest


def sniff(data: bytes) -> Kind | None:
    """The document's type from its first bytes, never from a file name."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return Kind.TIFF
    # The PDF header may follow a little junk (some scanners write a BOM or a blank line).
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    return None


@dataclass(frozen=True, eq=False)
class SourceFile:
    """One file as it came in. Compared by identity: two uploads of the same bytes are two
    sources, so that deleting a page of one leaves the other alone."""

    name: str
    data: bytes = field(repr=False)
    kind: Kind


@dataclass(frozen=True)
class Page:
    source: SourceFile
    index: int  # the PDF page or the TIFF frame; 0 for JPEG and PNG
    rotation: int = 0  # the clerk's clockwise turn, in degrees: 0, 90, 180 or 270

    @property
    def is_pdf(self) -> bool:
        return self.source.kind is Kind.PDF

    def rotated(self, quarter_turns: int = 1) -> Page:
        return replace(self, rotation=(self.rotation + 90 * quarter_turns) % 360)


@dataclass(frozen=True)
class CombinedPdf:
    name: str
    data: bytes = field(repr=False)
    page_count: int


@dataclass(frozen=True)
class Shrink:
    """How hard to shrink image content; pages without images are left as they are."""

    grayscale: bool = False
    jpeg_quality: int = 75
    max_dpi: int = 200


# Tried in order by ``combine_within`` until one fits: readability first (text at 200 dpi
# stays legible), then colour, then resolution as the last resort.
SHRINK_STEPS: tuple[Shrink, ...] = (
    Shrink(grayscale=False, jpeg_quality=85, max_dpi=300),
    Shrink(grayscale=False, jpeg_quality=70, max_dpi=200),
    Shrink(grayscale=True, jpeg_quality=70, max_dpi=200),
    Shrink(grayscale=False, jpeg_quality=55, max_dpi=150),
    Shrink(grayscale=True, jpeg_quality=55, max_dpi=150),
    Shrink(grayscale=True, jpeg_quality=45, max_dpi=100),
)


# --- loading -------------------------------------------------------------------------------


def load_pages(name: str, data: bytes) -> list[Page]:
    """The pages of a PDF, multi-page TIFF, JPEG or PNG, recognised by content.

    Raises ``PageError`` with a Turkish message for anything it cannot open; the backend's
    content checks (size limits, hostile files) come before this and say more.
    """
    kind = sniff(data)
    if kind is None:
        raise PageError(
            _("Dosya türü tanınmadı: yalnızca PDF, JPEG, PNG ve TIFF dosyaları eklenebilir.")
        )
    source = SourceFile(normalise_name(name), data, kind)
    count = len(_pdf_reader(source).pages) if kind is Kind.PDF else _frame_count(source)
    if count == 0:
        raise PageError(_("Belgede hiç sayfa yok."))
    return [Page(source, index) for index in range(count)]


def load_images(name: str, images: Sequence[bytes]) -> list[Page]:
    """A stack of scanned pages (one image each) as pages; each becomes its own source."""
    pages: list[Page] = []
    for number, data in enumerate(images, start=1):
        pages.extend(load_pages(f"{PurePath(name).stem}-{number}.png", data))
    return pages


def _pdf_reader(source: SourceFile) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(source.data))
        if reader.is_encrypted:
            raise PageError(_("Şifreli PDF açılamaz: belgenin şifresiz bir kopyasını ekleyin."))
        len(reader.pages)  # the page tree is read lazily: make a broken one fail here
    except PageError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise PageError(_("PDF bozuk ya da eksik, açılamadı.")) from error
    return reader


def _open_image(source: SourceFile) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(source.data))
    except Image.DecompressionBombError as error:
        raise PageError(_("Görüntü çok büyük (piksel sınırını aşıyor).")) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise PageError(_("Görüntü bozuk ya da eksik, açılamadı.")) from error
    return image


def _frame_count(source: SourceFile) -> int:
    image = _open_image(source)
    try:
        return int(getattr(image, "n_frames", 1))
    finally:
        image.close()


def _frame(page: Page) -> Image.Image:
    """The page's pixels, loaded, with the camera's EXIF orientation applied."""
    image = _open_image(page.source)
    try:
        if page.index:
            image.seek(page.index)
        image.load()
        frame = ImageOps.exif_transpose(image)
        if frame is image:
            frame = image.copy()
        frame.info.setdefault("dpi", image.info.get("dpi"))
        return frame
    except (OSError, ValueError, EOFError) as error:
        raise PageError(_("Görüntü bozuk ya da eksik, açılamadı.")) from error
    finally:
        image.close()


# --- editing -------------------------------------------------------------------------------


def rotate(pages: Sequence[Page], index: int, quarter_turns: int = 1) -> list[Page]:
    """The pages with ``pages[index]`` turned clockwise by 90° × ``quarter_turns``."""
    result = list(pages)
    result[index] = result[index].rotated(quarter_turns)
    return result


def move(pages: Sequence[Page], index: int, new_index: int) -> list[Page]:
    """The pages with ``pages[index]`` taken out and put back at ``new_index``."""
    if not 0 <= new_index < len(pages):
        raise IndexError(new_index)
    result = list(pages)
    result.insert(new_index, result.pop(index))
    return result


def delete(pages: Sequence[Page], index: int) -> list[Page]:
    result = list(pages)
    del result[index]
    return result


# --- rendering for thumbnails ----------------------------------------------------------------


def render_image_page(page: Page, max_px: int, *, apply_rotation: bool = True) -> bytes:
    """An image page as PNG bytes at most ``max_px`` on its long side (a thumbnail or a
    preview). PDF pages are drawn by the UI's PDF renderer instead."""
    if page.is_pdf:
        raise ValueError("render_image_page takes image pages only")
    frame = _flatten(_frame(page))
    if frame.mode not in ("1", "L", "RGB"):
        frame = frame.convert("RGB")
    if frame.mode == "1":
        frame = frame.convert("L")  # smooth when scaled down
    frame.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    if apply_rotation and page.rotation:
        frame = frame.rotate(-page.rotation, expand=True)
    out = io.BytesIO()
    frame.save(out, "PNG", compress_level=1)
    return out.getvalue()


# --- combining -----------------------------------------------------------------------------


def combine(pages: Sequence[Page], name: str = "Belge.pdf", *,
            shrink: Shrink | None = None) -> CombinedPdf:
    """The pages, in order and with their rotation, as one PDF.

    Without ``shrink`` nothing is re-encoded. The same pages give the same bytes every time
    (no dates or random IDs), so combining a scan twice stores one blob.
    """
    from pypdf import PdfReader, PdfWriter

    if not pages:
        raise PageError(_("Birleştirilecek sayfa yok."))
    writer = PdfWriter()
    readers: dict[int, PdfReader] = {}
    for page in pages:
        if page.is_pdf:
            reader = readers.get(id(page.source))
            if reader is None:
                reader = readers[id(page.source)] = _pdf_reader(page.source)
            added = writer.add_page(reader.pages[page.index])
            if shrink is not None:
                _shrink_pdf_page_images(added, shrink)
        else:
            single = PdfReader(io.BytesIO(_image_page_pdf(page, shrink)))
            added = writer.add_page(single.pages[0])
        if page.rotation:
            added.rotate(page.rotation)
    for written in writer.pages:
        written.compress_content_streams()
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return CombinedPdf(pdf_name(name), out.getvalue(), len(pages))


def combine_within(pages: Sequence[Page], byte_limit: int, name: str = "Belge.pdf", *,
                   allow_grayscale: bool = True) -> CombinedPdf:
    """One PDF of at most ``byte_limit`` bytes: lossless if it fits, else the first shrink
    step of ``SHRINK_STEPS`` that fits. ``TooLarge`` when even the last one does not."""
    result = combine(pages, name)
    smallest = len(result.data)
    if smallest <= byte_limit:
        return result
    for step in SHRINK_STEPS:
        if step.grayscale and not allow_grayscale:
            continue
        result = combine(pages, name, shrink=step)
        smallest = min(smallest, len(result.data))
        if len(result.data) <= byte_limit:
            log.info("combined %d pages shrunk to %d bytes (gray=%s, q=%d, %d dpi)",
                     result.page_count, len(result.data), step.grayscale,
                     step.jpeg_quality, step.max_dpi)
            return result
    raise TooLarge(
        _("Belge küçültüldükten sonra bile {size}; sınır {limit}. Sayfaları birkaç eke "
          "bölün.").format(size=format_size(smallest), limit=format_size(byte_limit)),
        smallest,
    )


def _image_page_pdf(page: Page, shrink: Shrink | None) -> bytes:
    """One image page as a one-page PDF, lossless unless shrinking."""
    frame_data, has_dpi = _img2pdf_input(page, shrink)
    try:
        return _img2pdf(frame_data, has_dpi, follow_exif=True)
    except Exception:  # img2pdf signals most refusals with a bare Exception
        log.debug("img2pdf refused a page as it was; embedding its pixels as PNG")
    # img2pdf embeds only what it can pass through untouched; anything else (a 16-bit or
    # CMYK frame, an odd JPEG) goes in as a lossless PNG of the same, upright pixels.
    try:
        return _img2pdf(_png_bytes(_flatten(_frame(page))), has_dpi, follow_exif=False)
    except PageError:
        raise
    except Exception as error:
        raise PageError(_("Görüntü PDF'e dönüştürülemedi.")) from error


def _img2pdf(data: bytes, has_dpi: bool, *, follow_exif: bool) -> bytes:
    import img2pdf

    kwargs: dict[str, Any] = {
        "nodate": True,  # the same pages give the same bytes: one blob, one hash
        # img2pdf's own writer, not pikepdf's even where that is installed: the same bytes
        # from a source install and from the bundle (build.spec leaves pikepdf out).
        "engine": img2pdf.Engine.internal,
        "rotation": img2pdf.Rotation.ifvalid if follow_exif else img2pdf.Rotation.none,
    }
    if not has_dpi:
        kwargs["layout_fun"] = img2pdf.get_layout_fun(
            pagesize=_a4_for(data), fit=img2pdf.FitMode.shrink)
    return bytes(img2pdf.convert(data, **kwargs))


def _img2pdf_input(page: Page, shrink: Shrink | None) -> tuple[bytes, bool]:
    """The bytes img2pdf gets for this page, and whether they carry a resolution.

    Shrinking never makes a page bigger: a clean scan already stored small (a flat PNG, a
    low-quality JPEG) goes in as it was."""
    lossless = _lossless_input(page)
    if shrink is None:
        return lossless
    shrunk = _shrunk_input(page, shrink)
    if shrunk is None or len(shrunk[0]) >= len(lossless[0]):
        return lossless
    return shrunk


def _lossless_input(page: Page) -> tuple[bytes, bool]:
    source = page.source
    probe = _open_image(source)
    try:
        has_dpi = _dpi(probe.info) is not None
        frames = int(getattr(probe, "n_frames", 1))
        # img2pdf would keep transparency as a soft mask; the page is paper: white.
        transparent = probe.mode in ("RGBA", "LA", "PA") or "transparency" in probe.info
    finally:
        probe.close()
    if frames == 1 and not transparent:
        # As scanned: not one pixel re-encoded.
        if source.kind is Kind.PNG:
            return _one_idat(source.data), has_dpi
        return source.data, has_dpi
    frame = _flatten(_frame(page))
    return _png_bytes(frame), _dpi(frame.info) is not None


def _shrunk_input(page: Page, shrink: Shrink) -> tuple[bytes, bool] | None:
    frame = _flatten(_frame(page))
    if frame.mode == "1":
        return None  # black and white is smallest as it is (compressed bits), never JPEG
    dpi = _dpi(frame.info)
    effective = max(dpi) if dpi else _fitted_dpi(frame.size)
    if effective > shrink.max_dpi:
        factor = shrink.max_dpi / effective
        frame = _scaled(frame, factor)
        dpi = (dpi[0] * factor, dpi[1] * factor) if dpi else None
    frame = frame.convert("L" if shrink.grayscale or frame.mode == "L" else "RGB")
    out = io.BytesIO()
    save: dict[str, Any] = {"quality": shrink.jpeg_quality, "optimize": True}
    if dpi:
        save["dpi"] = (round(dpi[0]), round(dpi[1]))
    frame.save(out, "JPEG", **save)
    return out.getvalue(), dpi is not None


def _scaled(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _shrink_pdf_page_images(page: Any, shrink: Shrink) -> None:
    """Re-encode the images of one written PDF page (a scanned PDF is one image a page),
    each only if that makes it smaller."""
    width_in = float(page.mediabox.width) / POINTS_PER_INCH
    height_in = float(page.mediabox.height) / POINTS_PER_INCH
    for image_file in page.images:
        try:
            image = image_file.image
            stream = image_file.indirect_reference
            if image is None or stream is None or image.mode == "1":
                continue
            stored = int(stream.get_object().get("/Length", 0))
            # A full-page scan's resolution: its pixels over the page's inches.
            dpi = max(image.width / max(width_in, 0.1), image.height / max(height_in, 0.1))
            if dpi > shrink.max_dpi:
                image = _scaled(image, shrink.max_dpi / dpi)
            image = _flatten(image)
            image = image.convert("L" if shrink.grayscale or image.mode == "L" else "RGB")
            trial = io.BytesIO()
            image.save(trial, "JPEG", quality=shrink.jpeg_quality)
            if stored and len(trial.getvalue()) >= stored:
                continue
            image_file.replace(image, quality=shrink.jpeg_quality)
        except (OSError, ValueError, TypeError, KeyError, NotImplementedError) as error:
            # An image pypdf cannot decode stays as it was: smaller is a wish, intact a must.
            log.debug("a PDF image was left as it was: %s", type(error).__name__)


def _one_idat(png: bytes) -> bytes:
    """The same PNG with its image data in one IDAT chunk instead of many 64 KB ones.

    img2pdf joins IDAT chunks by repeated concatenation, quadratic in their number: a 7 MB
    300 dpi colour page took 1.4 s, 0.1 s after this. The pixels and their compressed
    stream are untouched; only the chunk framing changes. Anything unexpected: as it was.
    """
    chunks: list[tuple[bytes, bytes]] = []
    position = 8
    while position + 8 <= len(png):
        (length,) = struct.unpack(">I", png[position:position + 4])
        kind = png[position + 4:position + 8]
        end = position + 12 + length
        if end > len(png):
            return png
        chunks.append((kind, png[position + 8:position + 8 + length]))
        position = end
    idat = [body for kind, body in chunks if kind == b"IDAT"]
    if len(idat) < 2:
        return png
    out = [png[:8]]
    written = False
    for kind, body in chunks:
        if kind == b"IDAT":
            if written:
                continue
            kind, body, written = b"IDAT", b"".join(idat), True
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        out.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc))
    return b"".join(out)


def _dpi(info: Mapping[Any, Any]) -> tuple[float, float] | None:
    value = info.get("dpi")
    if not value:
        return None
    try:
        x, y = float(value[0]), float(value[1])
    except (TypeError, ValueError, IndexError):
        return None
    # Pillow reports 1×1 or 72×72 "dpi" for files whose writer stored an aspect ratio only;
    # below 20 it is no scanner's resolution.
    if x < 20 or y < 20:
        return None
    return x, y


def _fitted_dpi(size: tuple[int, int]) -> float:
    """The resolution an image without one gets on A4 (``SCREEN_DPI``, or more if shrunk)."""
    width_in, height_in = (
        (A4_POINTS[1], A4_POINTS[0]) if size[0] > size[1] else A4_POINTS
    )
    fit = max(size[0] / (width_in / POINTS_PER_INCH), size[1] / (height_in / POINTS_PER_INCH))
    return max(SCREEN_DPI, fit)


def _a4_for(data: bytes) -> tuple[float, float]:
    with Image.open(io.BytesIO(data)) as image:
        landscape = image.width > image.height
    return (A4_POINTS[1], A4_POINTS[0]) if landscape else A4_POINTS


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pixels become white paper (PDF pages and thumbnails have no alpha)."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA"):
        paper = Image.new("RGB", image.size, "white")
        paper.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        paper.info["dpi"] = image.info.get("dpi")
        return paper
    if image.mode in ("I", "I;16", "I;16B", "F"):
        converted = image.point(lambda v: v / 256).convert("L")
        converted.info["dpi"] = image.info.get("dpi")
        return converted
    if image.mode == "CMYK":
        converted = image.convert("RGB")
        converted.info["dpi"] = image.info.get("dpi")
        return converted
    return image


def _png_bytes(image: Image.Image, dpi: tuple[float, float] | None = None) -> bytes:
    out = io.BytesIO()
    dpi = dpi or _dpi(image.info)
    if dpi:
        image.save(out, "PNG", dpi=(round(dpi[0]), round(dpi[1])))
    else:
        image.save(out, "PNG")
    return out.getvalue()


# --- names ---------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """NFC, so that a name typed on a Mac (decomposed ş) compares equal to the same name
    typed here; Turkish letters are kept as they are."""
    return unicodedata.normalize("NFC", name)


def pdf_name(name: str) -> str:
    """``dilekçe.jpg`` → ``dilekçe.pdf``: the name the clerk knows, with the new type."""
    stem = PurePath(normalise_name(name)).stem.strip() or _("Belge")
    return f"{stem}.pdf"



# --- documents: the attachment set as the clerk sees it -------------------------------------


@dataclass(frozen=True)
class Document:
    """One attachment: a file as it came, or a stack of scans, with its pages as edited.

    An untouched file is attached byte for byte (``to_file``); once a page is rotated,
    moved or deleted — or for a scan stack, which has no file of its own — it becomes one
    PDF of its pages.
    """

    name: str
    pages: tuple[Page, ...]
    original: SourceFile | None = None
    _natural: tuple[Page, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_file(cls, name: str, data: bytes) -> Document:
        pages = tuple(load_pages(name, data))
        return cls(pages[0].source.name, pages, pages[0].source, pages)

    @classmethod
    def from_images(cls, name: str, images: Sequence[bytes]) -> Document:
        """A scan stack: one image a page, attached as one PDF named ``name``."""
        if not images:
            raise PageError(_("Tarayıcı hiç sayfa vermedi."))
        return cls(pdf_name(name), tuple(load_images(name, images)))

    @property
    def edited(self) -> bool:
        return self.original is None or self.pages != self._natural

    def with_pages(self, pages: Sequence[Page]) -> Document:
        return replace(self, pages=tuple(pages))

    def to_file(self) -> tuple[str, bytes]:
        """``(name, bytes)`` to attach: the original file if untouched, else a PDF."""
        if not self.edited and self.original is not None:
            return self.original.name, self.original.data
        combined = combine(self.pages, self.name)
        return combined.name, combined.data


@dataclass(frozen=True)
class PagePosition:
    document: int
    page: int


def positions(documents: Sequence[Document]) -> list[PagePosition]:
    """Every page of the set in strip order, as (document, page) indexes."""
    return [
        PagePosition(d, p)
        for d, document in enumerate(documents)
        for p in range(len(document.pages))
    ]


def all_pages(documents: Sequence[Document]) -> list[Page]:
    return [page for document in documents for page in document.pages]


def rotate_page(documents: Sequence[Document], flat: int,
                quarter_turns: int = 1) -> list[Document]:
    at = positions(documents)[flat]
    result = list(documents)
    document = result[at.document]
    result[at.document] = document.with_pages(rotate(document.pages, at.page, quarter_turns))
    return result


def delete_page(documents: Sequence[Document], flat: int) -> list[Document]:
    """Without that page; a document left with no page is removed from the set."""
    at = positions(documents)[flat]
    result = list(documents)
    document = result[at.document]
    remaining = delete(document.pages, at.page)
    if remaining:
        result[at.document] = document.with_pages(remaining)
    else:
        del result[at.document]
    return result


class MoveRefused(PageError):
    """The move would carry a page out of its document; the message says what to do."""


def move_page(documents: Sequence[Document], flat: int,
              step: int) -> tuple[list[Document], int]:
    """Move one page a place left (``step=-1``) or right (``+1``); returns the new set and
    the page's new strip index.

    Inside a document the page swaps with its neighbour. A one-page document (a single
    scan) swaps places with the neighbouring document, so a stack of one-page scans is
    reordered freely. A page of a longer document does not leave it: that would cut two
    files into pieces the clerk did not ask for (``MoveRefused``; combine them first).
    """
    if step not in (-1, 1):
        raise ValueError("step is -1 or +1")
    where = positions(documents)
    if not 0 <= flat + step < len(where):
        return list(documents), flat  # already at the end of the strip
    at = where[flat]
    result = list(documents)
    document = result[at.document]
    target = at.page + step
    if 0 <= target < len(document.pages):
        result[at.document] = document.with_pages(move(document.pages, at.page, target))
        return result, flat + step
    if len(document.pages) > 1:
        raise MoveRefused(
            _("Sayfa kendi belgesinin dışına taşınamaz. Belgeleri önce 'Tek PDF olarak "
              "birleştir' ile birleştirin.")
        )
    neighbour = at.document + step
    result[at.document], result[neighbour] = result[neighbour], result[at.document]
    # The one page now sits before (or after) every page of the neighbour it passed.
    new_flat = sum(len(d.pages) for d in result[:neighbour])
    return result, new_flat


def files_of(documents: Sequence[Document]) -> list[tuple[str, bytes]]:
    """The attachments to save, ``(name, bytes)`` each, in order (may combine: CPU work)."""
    return [document.to_file() for document in documents]
