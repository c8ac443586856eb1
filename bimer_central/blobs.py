"""Attachment bytes the service holds, content-addressed, verified as they arrive.

The bytes are files in a blob directory, ``<dir>/ab/cdef…`` by SHA-256, never rows: they
stream to disk without being held in memory, and a database backup stays small. Where that
directory is (``default_blob_dir``): beside a SQLite database file (``central.db`` →
``central-blobs/``); for any other database (PostgreSQL, in-memory SQLite) it must be given
(``bimer-central --blobs DIR``), or — for tests and the embedded training service — a
temporary directory lives as long as the app.

An upload is hashed while it is written to a temporary file; only if the hash is the name
is the file fsynced, renamed into place and its row (``ReceivedBlob``) inserted. A crash
leaves a temporary file, never a wrong blob; a row always has its file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bimer_central.db import ApplicationBlob, ReceivedApplication, ReceivedBlob, Station
from models.central_limits import MAX_BLOB_BYTES
from models.durable_files import fsync_directory
from models.roles import CaseScope

logger = logging.getLogger(__name__)

SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
DEFAULT_MAX_BLOB_BYTES = MAX_BLOB_BYTES  # declared with the desk's side of it
TEMP_PREFIX = ".upload-"


# What a desk attaches (services/attachments.py MediaType): the only types stored and served.
ACCEPTED_MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*")


def starts_like(media_type: str, head: bytes) -> bool:
    """Whether the first bytes of a file are those of ``media_type`` (its magic bytes)."""
    if media_type == "application/pdf":
        return b"%PDF-" in head[:1024]
    if media_type == "image/jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if media_type == "image/png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if media_type == "image/tiff":
        return head.startswith(_TIFF_MAGIC)
    return False


class NotItsType(Exception):
    """The bytes do not start like the type they were sent as."""


class HashMismatch(Exception):
    """The received bytes do not hash to the name they were sent under."""


class TooLarge(Exception):
    """The body is over the service's per-blob limit."""


@dataclass(frozen=True)
class BlobInfo:
    sha256: str
    size: int
    media_type: str


@dataclass(frozen=True)
class Stored:
    info: BlobInfo
    created: bool  # False: the service already held it (an idempotent repeat)


class BlobArchive:
    def __init__(
        self,
        root: Path,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
        max_bytes: int = DEFAULT_MAX_BLOB_BYTES,
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._sessions = sessions
        self._clock = clock

    def path(self, sha256: str) -> Path:
        if not SHA256_PATTERN.fullmatch(sha256):
            raise ValueError("SHA-256 must be 64 lowercase hexadecimal digits")
        return self.root / sha256[:2] / sha256[2:]

    def find(self, sha256: str) -> BlobInfo | None:
        """The blob if the service holds it: its row written and its file in place."""
        with self._sessions() as session:
            row = session.scalars(
                select(ReceivedBlob).where(ReceivedBlob.sha256 == sha256)
            ).one_or_none()
        if row is None or not self.path(sha256).is_file():
            return None
        return BlobInfo(row.sha256, row.size, row.media_type)

    def carried_by_one_of(self, sha256: str, may_see: Callable[[CaseScope], bool]) -> bool:
        """Whether some application that carries this blob passes ``may_see``."""
        with self._sessions() as session:
            rows = session.execute(
                select(ReceivedApplication.station_code, Station.unit,
                       ReceivedApplication.application, ReceivedApplication.created_by)
                .join(ApplicationBlob, ApplicationBlob.application_id == ReceivedApplication.id)
                .outerjoin(Station, Station.code == ReceivedApplication.station_code)
                .where(ApplicationBlob.sha256 == sha256)
            ).all()
        return any(may_see(CaseScope(code, unit or "",
                                     str(body.get("hide_identity", "")).lower() == "true",
                                     created_by))
                   for code, unit, body, created_by in rows)

    def missing(self, hashes: Iterable[str]) -> list[str]:
        """Those of ``hashes`` the service does not hold, in their first order, once each."""
        wanted = list(dict.fromkeys(hashes))
        if not wanted:
            return []
        with self._sessions() as session:
            held = set(session.scalars(
                select(ReceivedBlob.sha256).where(ReceivedBlob.sha256.in_(wanted))
            ))
        return [sha for sha in wanted if sha not in held or not self.path(sha).is_file()]

    async def receive(
        self, sha256: str, media_type: str, chunks: AsyncIterator[bytes]
    ) -> tuple[Path, int]:
        """Stream an upload into a temporary file beside its final place, hashing it.

        Returns (temporary path, size); ``TooLarge`` or ``HashMismatch`` (temporary file
        removed) otherwise. ``commit`` puts it in place.
        """
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
        temp = Path(temp_name)
        digest = hashlib.sha256()
        size = 0
        head = b""
        try:
            with os.fdopen(descriptor, "wb") as handle:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise TooLarge
                    if len(head) < 1024:
                        head += chunk[:1024 - len(head)]
                    digest.update(chunk)
                    handle.write(chunk)
            if digest.hexdigest() != sha256:
                raise HashMismatch
            if not starts_like(media_type, head):
                raise NotItsType
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return temp, size

    def commit(self, sha256: str, media_type: str, temp: Path, size: int) -> Stored:
        """Fsync a verified upload, rename it into place and record it; idempotent. Blocking:
        run it on a worker thread."""
        target = self.path(sha256)
        existing = self.find(sha256)
        if existing is not None:
            temp.unlink(missing_ok=True)
            return Stored(existing, created=False)
        # Durable before it is renamed into place (here, on a worker thread: an fsync must
        # not stall the event loop that streams other uploads).
        descriptor = os.open(temp, os.O_RDWR)  # Windows flushes only a writable handle
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temp, target)
        fsync_directory(target.parent)
        info = BlobInfo(sha256, size, media_type)
        with self._sessions() as session:
            session.add(ReceivedBlob(sha256=sha256, size=size, media_type=media_type,
                                     received_at=self._clock()))
            try:
                session.commit()
            except IntegrityError:
                # Another upload of the same content won the race: one row, one file.
                session.rollback()
                return Stored(info, created=False)
        logger.info("blob stored (%d bytes)", size)
        return Stored(info, created=True)


def default_blob_dir(engine: Engine) -> Path | None:
    """Beside a SQLite database file (``central.db`` → ``central-blobs``); None otherwise."""
    url = engine.url
    database = url.database
    if url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    if url.query.get("mode") == "memory" or database.startswith("file:"):
        return None
    path = Path(database)
    return path.with_name(f"{path.stem}-blobs")

