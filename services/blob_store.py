"""Content-addressed files: scans and e-mail attachments, stored once by their SHA-256.

``<root>/ab/cdef…`` holds the bytes whose SHA-256 is ``abcdef…``. The database keeps only
the hash and metadata, so a row can never point at half a file: a blob is written to a
temporary file in its final directory, fsynced, then renamed over its name, and the
directory is fsynced so that the rename itself survives a power cut.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SHA256 = re.compile(r"[0-9a-f]{64}")
TEMP_PREFIX = ".tmp-"


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
        if _has_size(target, len(data)):
            return blob
        shard = target.parent
        if not shard.is_dir():
            shard.mkdir(parents=True, exist_ok=True)
            # The new shard's name lives in the root directory: make that entry durable too.
            _fsync_directory(self.root)
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
        _fsync_directory(shard)
        return blob

    def open(self, sha256: str) -> bytes:
        """The stored bytes; ``FileNotFoundError`` if this desk does not hold them."""
        return self.path(sha256).read_bytes()

    def path(self, sha256: str) -> Path:
        # The hash becomes a file name: anything but 64 lowercase hex digits could escape root.
        if not _SHA256.fullmatch(sha256):
            raise ValueError("SHA-256 must be 64 lowercase hexadecimal digits")
        return self.root / sha256[:2] / sha256[2:]

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()


def _has_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


def _fsync_directory(directory: Path) -> None:
    # Windows cannot open a directory for fsync; NTFS journals the rename itself.
    if os.name == "nt":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
