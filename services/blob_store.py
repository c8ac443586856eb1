"""Content-addressed files: scans and e-mail attachments, stored once by their SHA-256.

``<root>/ab/cdef…`` holds the bytes whose SHA-256 is ``abcdef…``. The database keeps only
the hash and metadata, so a row can never point at half a file: a blob is written to a
temporary file in its final directory, fsynced, then renamed over its name, and the
directory is fsynced so that the rename itself survives a power cut.

A blob's modification time is the last time someone stored it: storing existing content
touches it, so the collector (``services/blob_gc.py``) measures an unreferenced blob's age
from its last use, not from its first.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.durable_files import fsync_directory

_SHA256 = re.compile(r"[0-9a-f]{64}")
_SHARD = re.compile(r"[0-9a-f]{2}")
_REST = re.compile(r"[0-9a-f]{62}")
TEMP_PREFIX = ".tmp-"
_CHUNK = 1024 * 1024


class BlobCorrupt(ValueError):
    """The stored bytes no longer hash to their name: the disk or someone changed them."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes) -> StoredBlob:
        """Store ``data`` durably; storing the same content again writes nothing."""
        digest = hashlib.sha256(data).hexdigest()
        blob = StoredBlob(digest, len(data))
        target = self.path(digest)
        if _has_size(target, len(data)) and self._intact(digest):
            # Touch, not rewrite: the age the collector counts restarts with this use.
            try:
                os.utime(target)
                return blob
            except FileNotFoundError:
                pass  # collected a moment ago: write it again below
        shard = target.parent
        if not shard.is_dir():
            shard.mkdir(parents=True, exist_ok=True)
            # The new shard's name lives in the root directory: make that entry durable too.
            fsync_directory(self.root)
        descriptor, temp_name = tempfile.mkstemp(dir=shard, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        fsync_directory(shard)
        return blob

    def open(self, sha256: str) -> bytes:
        """The stored bytes; ``FileNotFoundError`` if this desk does not hold them."""
        return self.path(sha256).read_bytes()

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
        digest = hashlib.sha256()
        try:
            with self.path(sha256).open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return False
        return digest.hexdigest() == sha256

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
        return _has_size(self.path(sha256), size)


def _has_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


