"""Scanned attachments: checked by content, stored once, attached to a draft or application.

A file is accepted only when its bytes are a PDF, JPEG, PNG or TIFF that really parses: the
type comes from the magic bytes, never from the name, and the parse proves the rest (a
renamed program, a half-copied scan or an encrypted PDF is refused with a Turkish message
that says why). Images are measured from their headers before a single pixel is decoded,
so a decompression bomb is refused, not decoded. The size limits are checked here, before
anything is saved, never at sync.

Thread use: every method opens its own session and returns plain data, so the UI calls
``check`` and ``add_to_draft`` from a worker thread (DESIGN.md, "Background work").
Nothing here logs a file name: a citizen's file is named after the citizen more often than
not.
"""

from __future__ import annotations

import io
import json
import logging
import stat
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePath

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from models.database import Database
from models.entities import Attachment, DraftRecord, OutboxItem
from models.enums import OutboxKind, OutboxState
from models.envelope import AttachmentRef
from models.file_names import sanitize_file_name
from models.i18n import _, format_number
from services.attachment_limits import AttachmentLimits
from services.blob_store import BlobStore
from services.clock import Clock
from services.drafts import DraftNotFound
from services.pdf_bounds import PAGES, PIXELS, PdfTooLarge, check_bounds

log = logging.getLogger("bimer.attachments")

# A scan stack has tens of pages; thousands of tiny frames are a way to keep a worker busy.
MAX_PAGES = 1000
ATTACHMENTS_FIELD = "attachments"
# A forwarded e-mail, kept whole as evidence by the e-mail import (never rendered as pages).
MESSAGE_MEDIA_TYPE = "message/rfc822"
# Where a PDF's header may start: Acrobat accepts junk before it within the first kilobyte.
_PDF_HEADER_WINDOW = 1024


class MediaType(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    TIFF = "image/tiff"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self][0]


_LABELS = {MediaType.PDF: "PDF", MediaType.JPEG: "JPEG", MediaType.PNG: "PNG",
           MediaType.TIFF: "TIFF"}
_EXTENSIONS = {
    MediaType.PDF: (".pdf",),
    MediaType.JPEG: (".jpg", ".jpeg", ".jpe", ".jfif"),
    MediaType.PNG: (".png",),
    MediaType.TIFF: (".tif", ".tiff"),
}
_TYPE_OF_EXTENSION = {ext: kind for kind, exts in _EXTENSIONS.items() for ext in exts}
# Programs: the most common "scan" that is not one. Named so the message can say so.
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe",
                     b"\xfe\xed\xfa\xcf", b"\xfe\xed\xfa\xce", b"\xca\xfe\xba\xbe", b"#!")


class AttachmentRefused(ValueError):
    """A file that cannot be attached. ``str()`` is the Turkish reason alone, safe for a
    log; ``file_name`` (the sanitised name) is for the screen only."""

    field = ATTACHMENTS_FIELD

    def __init__(self, message: str, *, file_name: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.file_name = file_name


class AttachmentUnavailable(LookupError):
    """This desk no longer holds (or never held intact) the bytes of an attachment."""


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check; not stored yet (``AttachmentService.store``)."""

    name: str
    media_type: MediaType
    page_count: int
    data: bytes = field(repr=False)
    notices: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class NewAttachment:
    """An attachment whose bytes are in the blob store, ready to become a row."""

    sha256: str
    size: int
    media_type: str
    name: str
    page_count: int | None


@dataclass(frozen=True)
class AttachedFile:
    """An attachment row as plain data (for any thread)."""

    id: int
    sha256: str
    size: int
    media_type: str
    name: str
    page_count: int | None


class AttachmentService:
    def __init__(
        self, db: Database, blobs: BlobStore, limits: AttachmentLimits, clock: Clock
    ) -> None:
        self._db = db
        self._blobs = blobs
        self._limits = limits
        self._clock = clock

    @property
    def limits(self) -> AttachmentLimits:
        return self._limits

    def check(self, name: str, data: bytes, *, attached_bytes: int = 0) -> CheckedFile:
        """The file as it would be attached, or ``AttachmentRefused`` saying why not.

        ``attached_bytes``: what the application already carries, for the per-application
        limit. Pure computation: safe on any thread, touches neither disk nor database.
        """
        return check_file(name, data, self._limits, attached_bytes=attached_bytes)

    def read_file(
        self, path: Path, *, name: str | None = None, attached_bytes: int = 0
    ) -> CheckedFile:
        """Read and check a file on disk; its size is checked before it is read."""
        shown = sanitize_file_name(name or path.name, 1, "")
        try:
            status = path.stat()
            size = status.st_size
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):  # a named pipe, a device: reading may block
                raise AttachmentRefused(_("Bu sıradan bir dosya değil (adlandırılmış kanal ya "
                                          "da aygıt); taranmış belgeyi dosya olarak "
                                          "kaydedip ekleyin."), file_name=shown)
            problem = self._limits.file_problem(size)
            if problem:
                raise AttachmentRefused(problem, file_name=shown)
            data = path.read_bytes()
        except FileNotFoundError:
            raise AttachmentRefused(_("Dosya bulunamadı."), file_name=shown) from None
        except IsADirectoryError:
            raise AttachmentRefused(_("Bu bir klasör, dosya değil."),
                                    file_name=shown) from None
        except PermissionError:
            raise AttachmentRefused(_("Dosyayı okuma izni yok."), file_name=shown) from None
        except OSError as error:
            raise AttachmentRefused(_("Dosya okunamadı ({reason}).").format(reason=error.strerror),
                                    file_name=shown) from None
        return self.check(name or path.name, data, attached_bytes=attached_bytes)

    def store(self, checked: CheckedFile) -> NewAttachment:
        """Put the bytes in the blob store (durably; the same content is stored once)."""
        blob = self._blobs.put(checked.data)
        return NewAttachment(blob.sha256, blob.size, checked.media_type.value, checked.name,
                             checked.page_count)

    def store_message(self, name: str, data: bytes, *, attached_bytes: int = 0) -> NewAttachment:
        """A forwarded e-mail (the e-mail import's ``.eml`` attachment), kept whole: it is
        evidence, not a scan, so only the size limits apply; it is never rendered."""
        if not data:
            raise AttachmentRefused(_("Dosya boş (0 bayt); taramanın tamamlandığını kontrol "
                                      "edin."), file_name=name)
        problem = self._limits.file_problem(len(data)) or self._limits.application_problem(
            attached_bytes + len(data))
        if problem:
            raise AttachmentRefused(problem, file_name=name)
        blob = self._blobs.put(data)
        return NewAttachment(blob.sha256, blob.size, MESSAGE_MEDIA_TYPE, name, None)

    def add_to_draft(self, draft_id: int, user: str, name: str, data: bytes) -> AttachedFile:
        """Check, store and attach a file to this user's draft.

        ``AttachmentRefused`` (nothing stored) or ``DraftNotFound``.
        """
        return self.add_checked_to_draft(
            draft_id, user, self.check(name, data, attached_bytes=self.draft_bytes(draft_id))
        )

    def add_checked_to_draft(self, draft_id: int, user: str, checked: CheckedFile) -> AttachedFile:
        """Attach a file ``check`` already accepted (the per-application total is checked
        again here, against what the draft holds now)."""
        problem = self._limits.application_problem(self.draft_bytes(draft_id) + checked.size)
        if problem:
            raise AttachmentRefused(problem, file_name=checked.name)
        # The blob before its row: a crash in between leaves an unreferenced blob for the
        # collector, never a row without its bytes.
        new = self.store(checked)
        now = self._clock()
        with self._db.sessions.begin() as session:
            _touch_draft(session, draft_id, user, now)
            total = _draft_total(session, draft_id) + new.size
            problem = self._limits.count_problem(
                _draft_count(session, draft_id) + 1) or self._limits.application_problem(total)
            if problem:  # another worker attached meanwhile
                raise AttachmentRefused(problem, file_name=checked.name)
            row = _row(new, now, draft_id=draft_id)
            session.add(row)
            session.flush()
            attached = _attached(row)
        # The collector may have removed an old unreferenced copy between our put and our
        # commit; now that the row exists it will not again, so one re-put closes the gap.
        if not self._blobs.holds(new.sha256, new.size):
            self._blobs.put(checked.data)
        log.info("attachment added to draft %d (%s, %d pages)", draft_id, new.media_type,
                 new.page_count or 0)
        return attached

    def draft_bytes(self, draft_id: int) -> int:
        """The total size of the draft's attachments."""
        with self._db.sessions() as session:
            return _draft_total(session, draft_id)

    def draft_attachments(self, draft_id: int, user: str) -> list[AttachedFile]:
        """The draft's attachments in the order they were added; ``DraftNotFound`` if the
        draft is not this user's."""
        with self._db.sessions() as session:
            _owned_draft(session, draft_id, user)
            rows = session.scalars(
                select(Attachment).where(Attachment.draft_id == draft_id).order_by(Attachment.id)
            ).all()
            return [_attached(row) for row in rows]

    def remove_from_draft(self, draft_id: int, user: str, attachment_id: int) -> None:
        """Detach one file from this user's draft; its blob stays for the collector.
        Removing what is already gone is not an error."""
        with self._db.sessions.begin() as session:
            _touch_draft(session, draft_id, user, self._clock())
            session.execute(
                delete(Attachment).where(Attachment.id == attachment_id,
                                         Attachment.draft_id == draft_id)
            )

    def read(self, sha256: str) -> bytes:
        """An attachment's bytes, verified against their hash (for the viewer and print)."""
        try:
            return self._blobs.read_verified(sha256)
        except FileNotFoundError:
            raise AttachmentUnavailable(
                _("Ekin bu masadaki kopyası yok: merkeze ulaştıktan sonra saklama süresi "
                  "dolduğu için silinmiş olabilir.")
            ) from None
        except ValueError:
            raise AttachmentUnavailable(
                _("Ekin bu masadaki kopyası bozulmuş; dosyayı yeniden ekleyin.")
            ) from None


# -- inside the intake transaction -------------------------------------------------------


def attach_to_application(
    session: Session, application_id: int, files: Sequence[NewAttachment], now: datetime
) -> None:
    """Inside the caller's transaction: rows for files already in the blob store."""
    for new in files:
        session.add(_row(new, now, application_id=application_id))
    session.flush()


def application_attachments(session: Session, application_id: int) -> list[Attachment]:
    return list(session.scalars(
        select(Attachment).where(Attachment.application_id == application_id)
        .order_by(Attachment.id)
    ))


def envelope_attachments(rows: Sequence[Attachment]) -> list[AttachmentRef]:
    """The application envelope's ``attachments`` (models/envelope.py), in the rows' order."""
    return [
        AttachmentRef(sha256=row.sha256, size=row.size, media_type=row.media_type,
                      name=row.original_name, page_count=row.page_count)
        for row in rows
    ]


def rows_problem(rows: Sequence[Attachment], limits: AttachmentLimits) -> str | None:
    """The last check before saving: per file and per application, whatever the source
    (a scan checked on attach, an e-mail's file that was not)."""
    for row in rows:
        problem = limits.file_problem(row.size)
        if problem:
            return f"{row.original_name}: {problem}"
    return limits.count_problem(len(rows)) or limits.application_problem(
        sum(row.size for row in rows))


def queue_blob_uploads(
    session: Session, application_id: int, rows: Sequence[Attachment], now: datetime
) -> None:
    """Inside the caller's transaction: one outbox item per distinct blob (key = its hash).

    A blob another application already queued is not queued again: the service stores by
    hash, so one upload serves both. A blob quarantined earlier (a corrupt local copy) goes
    back in the queue: attaching it again has just stored good bytes.
    """
    for sha256 in dict.fromkeys(row.sha256 for row in rows):
        media_type = next(row.media_type for row in rows if row.sha256 == sha256)
        size = next(row.size for row in rows if row.sha256 == sha256)
        existing = session.scalars(
            select(OutboxItem).where(OutboxItem.idempotency_key == sha256)
        ).one_or_none()
        if existing is None:
            session.add(OutboxItem(
                application_id=application_id,
                kind=OutboxKind.BLOB.value,
                idempotency_key=sha256,
                payload=json.dumps({"sha256": sha256, "media_type": media_type, "size": size},
                                   sort_keys=True),
                state=OutboxState.PENDING.value,
                attempts=0,
                created_at=now,
                updated_at=now,
            ))
        elif existing.state == OutboxState.QUARANTINED.value:
            existing.state = OutboxState.PENDING.value
            existing.next_attempt_at = None
            existing.updated_at = now


def _row(new: NewAttachment, now: datetime, *, draft_id: int | None = None,
         application_id: int | None = None) -> Attachment:
    return Attachment(sha256=new.sha256, size=new.size, media_type=new.media_type,
                      original_name=new.name, page_count=new.page_count, draft_id=draft_id,
                      application_id=application_id, created_at=now)


def _attached(row: Attachment) -> AttachedFile:
    return AttachedFile(row.id, row.sha256, row.size, row.media_type, row.original_name,
                        row.page_count)


def _owned_draft(session: Session, draft_id: int, user: str) -> None:
    owned = session.scalar(
        select(DraftRecord.id).where(DraftRecord.id == draft_id, DraftRecord.user == user)
    )
    if owned is None:
        raise DraftNotFound(draft_id)


def _touch_draft(session: Session, draft_id: int, user: str, now: datetime) -> None:
    touched = session.execute(
        update(DraftRecord)
        .where(DraftRecord.id == draft_id, DraftRecord.user == user)
        .values(updated_at=now)
        .returning(DraftRecord.id)
    ).scalar_one_or_none()
    if touched is None:
        raise DraftNotFound(draft_id)


def _draft_count(session: Session, draft_id: int) -> int:
    return int(session.scalar(
        select(func.count()).select_from(Attachment).where(Attachment.draft_id == draft_id)
    ) or 0)


def _draft_total(session: Session, draft_id: int) -> int:
    return int(session.scalar(
        select(func.coalesce(func.sum(Attachment.size), 0)).where(Attachment.draft_id == draft_id)
    ) or 0)


# -- the checks ---------------------------------------------------------------------------


def check_file(
    name: str, data: bytes, limits: AttachmentLimits, *, attached_bytes: int = 0
) -> CheckedFile:
    """See ``AttachmentService.check``."""
    claimed = _TYPE_OF_EXTENSION.get(PurePath(_last_part(name)).suffix.lower())
    shown = sanitize_file_name(name, 1, claimed.value if claimed else "")

    def refuse(message: str) -> AttachmentRefused:
        return AttachmentRefused(message, file_name=shown)

    if not data:
        raise refuse(_("Dosya boş (0 bayt); taramanın tamamlandığını kontrol edin."))
    problem = limits.file_problem(len(data)) or limits.application_problem(
        attached_bytes + len(data))
    if problem:
        raise refuse(problem)
    kind = detect_type(data)
    if kind is None:
        raise refuse(_unknown_content_message(data, claimed))
    try:
        pages = _count_pages(kind, data, limits.max_pixels)
    except _Refusal as refusal:
        raise refuse(str(refusal)) from None
    final_name, notices = _name_for(shown, kind, claimed)
    return CheckedFile(final_name, kind, pages, data, notices)


def detect_type(data: bytes) -> MediaType | None:
    """The accepted type these bytes start like, from their magic bytes alone."""
    if data.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return MediaType.TIFF
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return MediaType.PDF
    return None



def _last_part(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _unknown_content_message(data: bytes, claimed: MediaType | None) -> str:
    if data.startswith(_EXECUTABLE_MAGIC):
        message = _("Dosya bir program (çalıştırılabilir dosya), belge değil; eklenemez.")
    else:
        message = _("Dosyanın içeriği PDF, JPEG, PNG ya da TIFF değil; yalnızca bu türler "
                    "eklenebilir.")
    if claimed is not None:
        message += " " + _("Adı {type} gibi görünse de içeriği {type} değil.").format(
            type=claimed.label)
    return message


def _name_for(
    shown: str, kind: MediaType, claimed: MediaType | None
) -> tuple[str, tuple[str, ...]]:
    """Keep the name, but give it an extension that says what the content is."""
    stem, dot, extension = shown.rpartition(".")
    if dot and f".{extension.lower()}" in _EXTENSIONS[kind]:
        return shown, ()
    if claimed is None:  # no extension, or one that names no scan type: add the right one
        return f"{shown}{kind.extension}", ()
    name = f"{stem}{kind.extension}"
    return name, (_("Dosyanın içeriği {type}; adı '{name}' olarak düzeltildi.").format(
        type=kind.label, name=name),)


class _Refusal(Exception):
    """Internal: a parse-time reason, turned into ``AttachmentRefused`` with the name."""


def _count_pages(kind: MediaType, data: bytes, max_pixels: int) -> int:
    if kind is MediaType.PDF:
        return _pdf_pages(data, max_pixels)
    return _image_pages(kind, data, max_pixels)


def _pdf_pages(data: bytes, max_pixels: int) -> int:
    from pypdf import PdfReader  # ≈0.1 s to import; only when a PDF is checked

    broken = _("PDF bozuk ya da eksik, okunamadı; belgeyi yeniden kaydedip ya da tarayıp "
               "ekleyin.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _Refusal(_("PDF şifreli (parola korumalı); şifresiz kaydedip yeniden "
                             "ekleyin."))
        check_bounds(reader, max_pages=MAX_PAGES, max_pixels=max_pixels)
        pages = len(reader.pages)
        if pages > MAX_PAGES:
            raise _Refusal(_too_many_pages(pages))
        for page in reader.pages:
            page.mediabox  # noqa: B018  (every page object must at least be readable)
    except _Refusal:
        raise
    except PdfTooLarge as bound:
        raise _Refusal(_pdf_too_large(bound, max_pixels)) from None
    except Exception:  # pypdf raises many kinds on hostile input; all mean "broken"
        raise _Refusal(broken) from None
    if pages == 0:
        raise _Refusal(_("PDF'de hiç sayfa yok."))
    if pages > MAX_PAGES:
        raise _Refusal(_too_many_pages(pages))
    return pages


def _image_pages(kind: MediaType, data: bytes, max_pixels: int) -> int:
    from PIL import Image

    broken = _("{type} görüntüsü bozuk ya da eksik, okunamadı; yeniden tarayıp "
               "ekleyin.").format(type=kind.label)
    # Measured from the headers by our own reader first: Pillow is not handed a bomb.
    try:
        sizes = _header_sizes(kind, data)
    except (struct.error, IndexError, ValueError):
        raise _Refusal(broken) from None
    if not sizes:
        raise _Refusal(broken)
    if len(sizes) > MAX_PAGES:
        raise _Refusal(_too_many_pages(len(sizes)))
    for number, (width, height) in enumerate(sizes, start=1):
        _check_pixels(width, height, max_pixels, number if len(sizes) > 1 else None)
    try:
        with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[kind]]) as image:
            # A JPEG or PNG is one page even if it carries more frames (MPO previews, APNG).
            frames = getattr(image, "n_frames", 1) if kind is MediaType.TIFF else 1
            if frames != len(sizes) and kind is MediaType.TIFF:
                raise _Refusal(broken)
            for index in range(frames):
                image.seek(index)
                # Pillow's own view of the frame, checked again before it is decoded.
                _check_pixels(*image.size, max_pixels, index + 1 if frames > 1 else None)
                image.load()
    except _Refusal:
        raise
    except Exception:  # Pillow raises many kinds on hostile input; all mean "broken"
        raise _Refusal(broken) from None
    return len(sizes) if kind is MediaType.TIFF else 1


_PILLOW_FORMATS = {MediaType.JPEG: "JPEG", MediaType.PNG: "PNG", MediaType.TIFF: "TIFF"}


def _check_pixels(width: int, height: int, max_pixels: int, page: int | None) -> None:
    if width <= 0 or height <= 0:
        raise _Refusal(_("Görüntünün boyutları geçersiz; dosya bozuk."))
    pixels = width * height
    if pixels > max_pixels:
        where = _("{page}. sayfa").format(page=page) if page is not None else _("Görüntü")
        raise _Refusal(
            _("{where} çok büyük: {width}×{height} piksel ({pixels} milyon); bir sayfa en çok "
              "{limit} milyon piksel olabilir. Daha düşük çözünürlükte (örneğin 300 dpi) "
              "tarayın.").format(where=where, width=width, height=height,
                                 pixels=_millions(pixels), limit=_millions(max_pixels))
        )


def _pdf_too_large(bound: PdfTooLarge, max_pixels: int) -> str:
    if bound.kind == PAGES:
        return _too_many_pages(bound.amount)
    if bound.kind == PIXELS:
        return _("PDF'deki bir görüntü çok büyük ({pixels} milyon piksel); en çok {limit} "
                 "milyon piksel olabilir.").format(pixels=_millions(bound.amount),
                                                   limit=_millions(max_pixels))
    return _("PDF açıldığında aşırı büyüyor (sıkıştırma bombası ya da bozuk dosya); "
             "belgeyi yeniden kaydedip ya da tarayıp ekleyin.")


def _too_many_pages(pages: int) -> str:
    return _("Dosyada çok fazla sayfa var ({pages}); en çok {limit} olabilir.").format(
        pages=pages, limit=MAX_PAGES)


def _millions(pixels: int) -> str:
    return format_number(round(pixels / 1_000_000, 1))


def _header_sizes(kind: MediaType, data: bytes) -> list[tuple[int, int]]:
    if kind is MediaType.PNG:
        return [_png_size(data)]
    if kind is MediaType.JPEG:
        return [_jpeg_size(data)]
    return _tiff_sizes(data)


def _png_size(data: bytes) -> tuple[int, int]:
    # IHDR is always the first chunk: length (13), type, then width and height.
    if data[12:16] != b"IHDR":
        raise ValueError("no IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int, int]:
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            raise ValueError("not a marker")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # standalone markers carry no length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return width, height
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header came
            raise ValueError("no frame header")
        position += 2 + length
    raise ValueError("no frame header")


def _tiff_sizes(data: bytes) -> list[tuple[int, int]]:
    order = "<" if data[:2] == b"II" else ">"
    (offset,) = struct.unpack(order + "I", data[4:8])
    sizes: list[tuple[int, int]] = []
    seen: set[int] = set()
    while offset:
        # A loop in the IFD chain would never end; more pages than we accept is enough.
        if offset in seen or len(sizes) > MAX_PAGES:
            if offset in seen:
                raise ValueError("IFD loop")
            break
        seen.add(offset)
        (count,) = struct.unpack(order + "H", data[offset:offset + 2])
        width = height = 0
        for index in range(count):
            start = offset + 2 + 12 * index
            tag, field_type = struct.unpack(order + "HH", data[start:start + 4])
            if tag not in (256, 257):
                continue
            if field_type == 3:  # SHORT
                (value,) = struct.unpack(order + "H", data[start + 8:start + 10])
            elif field_type == 4:  # LONG
                (value,) = struct.unpack(order + "I", data[start + 8:start + 12])
            else:
                raise ValueError("dimension of an unexpected type")
            if tag == 256:
                width = value
            else:
                height = value
        sizes.append((width, height))
        next_at = offset + 2 + 12 * count
        (offset,) = struct.unpack(order + "I", data[next_at:next_at + 4])
    return sizes
