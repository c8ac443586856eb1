"""Content-addressed files: scans and e-mail attachments, stored once by their SHA-256.

``<root>/ab/cdef…`` holds the bytes whose SHA-256 is ``abcdef…``. The database keeps only
the hash and metadata, so a row can never point at half a file: a blob is written to a
temporary file in its final directory, fsynced, then renamed over its name, and the
directory is fsynced so that the rename itself survives a power cut.

A blob's modification time is the last time someone stored it: storing existing content
touches it, so the collector (``services/blob_gc.py``) measures an unreferenced blob's age
from its last use, not from its first.

With a ``BlobCipher`` (every desk: ``bimer_desktop/app.py``) each file is sealed with
AES-GCM under the desk's key (``models/data_cipher.py``); the name stays the SHA-256 of the
plain bytes, which the file alone no longer reveals to anyone without the key. Plain blobs of
a desk from before encryption are sealed in place once (``seal_plain_blobs``) and read as
they are until then.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.data_cipher import BLOB_OVERHEAD, BlobCipher, BlobUnreadable, is_sealed
from models.durable_files import fsync_directory

_SHA256 = re.compile(r"[0-9a-f]{64}")
_SHARD = re.compile(r"[0-9a-f]{2}")
_REST = re.compile(r"[0-9a-f]{62}")
TEMP_PREFIX = ".tmp-"
SEALED_MARKER_SUFFIX = ".sealed"  # <root>.sealed: every blob under the root is sealed


class BlobCorrupt(ValueError):
    """The stored bytes no longer hash to their name: the disk or someone changed them."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int


class BlobStore:
    def __init__(self, root: Path, cipher: BlobCipher | None = None) -> None:
        """``cipher`` None: plain files (the store's own tests of its file handling)."""
        self.root = root
        self._cipher = cipher

    def _stored_size(self, size: int) -> int:
        return size + BLOB_OVERHEAD if self._cipher is not None else size

    def put(self, data: bytes) -> StoredBlob:
        """Store ``data`` durably; storing the same content again writes nothing."""
        digest = hashlib.sha256(data).hexdigest()
        blob = StoredBlob(digest, len(data))
        target = self.path(digest)
        if _has_size(target, self._stored_size(len(data))) and self._intact(digest):
            # Touch, not rewrite: the age the collector counts restarts with this use.
            try:
                os.utime(target)
                return blob
            except FileNotFoundError:
                pass  # collected a moment ago: write it again below
        self._write(target, self._cipher.seal(data, digest) if self._cipher else data)
        return blob

    def _write(self, target: Path, stored: bytes) -> None:
        shard = target.parent
        if not shard.is_dir():
            shard.mkdir(parents=True, exist_ok=True)
            # The new shard's name lives in the root directory: make that entry durable too.
            fsync_directory(self.root)
        descriptor, temp_name = tempfile.mkstemp(dir=shard, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(stored)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        fsync_directory(shard)

    def open(self, sha256: str) -> bytes:
        """The stored bytes (opened with the desk's key); ``FileNotFoundError`` if this desk
        does not hold them, ``BlobCorrupt`` if they do not open under its key."""
        stored = self.path(sha256).read_bytes()
        if self._cipher is None or not is_sealed(stored):
            return stored  # a plain blob of an older desk, until seal_plain_blobs has run
        try:
            return self._cipher.open(stored, sha256)
        except BlobUnreadable as error:
            raise BlobCorrupt("stored blob does not open under this desk's key") from error

    def read_verified(self, sha256: str) -> bytes:
        """The stored bytes, checked against their name; ``BlobCorrupt`` if they differ,
        ``FileNotFoundError`` if this desk does not hold them."""
        data = self.open(sha256)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BlobCorrupt("stored blob does not match its SHA-256")
        return data

    def _intact(self, sha256: str) -> bool:
        # A damaged copy of the same size must not pass for the content being stored now:
        # storing the scan again is how a corrupt blob is repaired.
        try:
            self.read_verified(sha256)
        except (FileNotFoundError, BlobCorrupt):
            return False
        return True

    def seal_plain_blobs(self) -> int:
        """Seal, in place, every plain blob a desk from before encryption stored; once (a
        marker remembers the pass is done). Returns how many were sealed."""
        marker = self.root.with_name(self.root.name + SEALED_MARKER_SUFFIX)
        if self._cipher is None or marker.exists():
            return 0
        sealed = 0
        for sha256, path in list(self.stored()):
            stored = path.read_bytes()
            if is_sealed(stored) or hashlib.sha256(stored).hexdigest() != sha256:
                continue  # sealed already, or damaged: left for read_verified to report
            self._write(path, self._cipher.seal(stored, sha256))
            sealed += 1
        marker.touch()
        fsync_directory(marker.parent)
        return sealed

    def stored(self) -> Iterator[tuple[str, Path]]:
        """Every blob on disk, as (sha256, path); stray files are not blobs."""
        if not self.root.is_dir():
            return
        for shard in sorted(self.root.iterdir()):
            if not (shard.is_dir() and _SHARD.fullmatch(shard.name)):
                continue
            for entry in sorted(shard.iterdir()):
                if _REST.fullmatch(entry.name) and entry.is_file():
                    yield shard.name + entry.name, entry

    def leftovers(self, prefix: str = TEMP_PREFIX) -> Iterator[Path]:
        """Files in the shards whose name starts with ``prefix`` (a crashed write's temp)."""
        if not self.root.is_dir():
            return
        for shard in sorted(self.root.iterdir()):
            if shard.is_dir() and _SHARD.fullmatch(shard.name):
                yield from sorted(p for p in shard.iterdir() if p.name.startswith(prefix))

    def path(self, sha256: str) -> Path:
        # The hash becomes a file name: anything but 64 lowercase hex digits could escape root.
        if not _SHA256.fullmatch(sha256):
            raise ValueError("SHA-256 must be 64 lowercase hexadecimal digits")
        return self.root / sha256[:2] / sha256[2:]

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def holds(self, sha256: str, size: int) -> bool:
        """This desk holds a whole local copy: the file is there at its size (a truncated
        copy — a full disk, a copy interrupted by hand — is not a copy). Cheap: no hash;
        ``read_verified`` checks the bytes when they are used."""
        path = self.path(sha256)
        return _has_size(path, self._stored_size(size)) or (
            self._cipher is not None and _has_size(path, size))  # plain, not yet sealed


def _has_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


