"""Collecting local copies of attachments the desk no longer needs (KVKK: keep data minimal).

A blob is deleted only when all of these hold:

* no draft refers to it (a clerk is still working with it);
* every application that refers to it has been acknowledged by the central service, and
  so have the blob's own bytes (its outbox item is done): the central service holds a copy;
* the retention period has passed since the latest of those acknowledgements and since the
  blob was last stored at this desk (``BlobStore.put`` touches it).

A blob no row refers to at all (a discarded draft, a file removed from a draft, a crash
between storing the bytes and writing the row) has nothing to wait for but the retention
period since it was last stored. Attachment rows stay: they are the record of what the
application carried; ``AttachmentService.read`` says the local copy is gone.

Deleting races with a clerk attaching the same scan in another thread or process, so a
doomed blob is first renamed aside, its references are read again, and only then is it
unlinked (or renamed back). The attaching side re-stores the bytes if they vanished before
its row was committed (``AttachmentService.add_checked_to_draft``).
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.database import Database
from models.durable_files import fsync_directory
from models.entities import Attachment, OutboxItem
from models.enums import OutboxKind, OutboxState
from services.blob_store import TEMP_PREFIX, BlobStore
from services.clock import Clock

log = logging.getLogger("bimer.blob_gc")

TOMBSTONE_PREFIX = ".gc-"
# A temp file this old belongs to a write that crashed, not to one in progress.
STALE_TEMP_AGE = timedelta(hours=6)


@dataclass(frozen=True)
class GcReport:
    dry_run: bool
    deleted: int  # blobs deleted (or, in a dry run, that would be)
    freed_bytes: int
    kept: int
    leftovers_removed: int  # temp files of crashed writes, interrupted collections
    deleted_hashes: tuple[str, ...] = field(default=(), repr=False)


@dataclass
class _Refs:
    drafts: int = 0
    applications: set[int] = field(default_factory=set)


class BlobCollector:
    def __init__(self, db: Database, blobs: BlobStore, clock: Clock, retention: timedelta) -> None:
        self._db = db
        self._blobs = blobs
        self._clock = clock
        self._retention = retention

    def collect(self, *, dry_run: bool = False) -> GcReport:
        """Delete every blob whose time has come; with ``dry_run``, only count them."""
        now = self._clock()
        leftovers = 0 if dry_run else self._clean_leftovers(now)
        stored = list(self._blobs.stored())
        with self._db.sessions() as session:
            refs, app_acks, blob_acks = _load(session, None)
        deleted: list[str] = []
        freed = 0
        for sha256, path in stored:
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            if not _expired(sha256, _mtime(stat.st_mtime), refs, app_acks, blob_acks, now,
                            self._retention):
                continue
            if dry_run or self._delete(sha256, path, now):
                deleted.append(sha256)
                freed += stat.st_size
        if deleted and not dry_run:
            log.info("%d unneeded attachment copies deleted (%d bytes)", len(deleted), freed)
        return GcReport(dry_run, len(deleted), freed, len(stored) - len(deleted), leftovers,
                        tuple(deleted))

    def _delete(self, sha256: str, path: Path, now: datetime) -> bool:
        tombstone = path.with_name(TOMBSTONE_PREFIX + path.name)
        try:
            os.replace(path, tombstone)
        except FileNotFoundError:
            return False
        # From here no reader finds the blob; whoever wants it now writes it anew. Ask again
        # whether anyone still needs it (a draft may have attached it a moment ago).
        with self._db.sessions() as session:
            refs, app_acks, blob_acks = _load(session, sha256)
        mtime = _mtime(tombstone.stat().st_mtime)
        if _expired(sha256, mtime, refs, app_acks, blob_acks, now, self._retention):
            tombstone.unlink()
            fsync_directory(path.parent)
            return True
        if not path.exists():
            os.replace(tombstone, path)
        else:
            tombstone.unlink()  # written anew meanwhile: the same bytes are already back
        return False

    def _clean_leftovers(self, now: datetime) -> int:
        removed = 0
        for temp in self._blobs.leftovers(TEMP_PREFIX):
            try:
                if now - _mtime(temp.stat().st_mtime) >= STALE_TEMP_AGE:
                    temp.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        # A collection interrupted between its rename and its decision: put the blob back
        # and let this run decide again.
        for tombstone in self._blobs.leftovers(TOMBSTONE_PREFIX):
            original = tombstone.with_name(tombstone.name.removeprefix(TOMBSTONE_PREFIX))
            try:
                if original.exists():
                    tombstone.unlink()
                else:
                    os.replace(tombstone, original)
                removed += 1
            except FileNotFoundError:
                continue
        return removed


def _load(
    session: Session, only: str | None
) -> tuple[dict[str, _Refs], dict[int, datetime | None], dict[str, datetime | None]]:
    """Who refers to which blob, and when (if ever) the central service acknowledged each
    referring application (None: not yet) and each blob's bytes."""
    rows = select(Attachment.sha256, Attachment.draft_id, Attachment.application_id)
    if only is not None:
        rows = rows.where(Attachment.sha256 == only)
    refs: dict[str, _Refs] = defaultdict(_Refs)
    for sha256, draft_id, application_id in session.execute(rows):
        if draft_id is not None:
            refs[sha256].drafts += 1
        if application_id is not None:
            refs[sha256].applications.add(application_id)
    app_acks: dict[int, datetime | None] = {}
    application_ids = {a for r in refs.values() for a in r.applications}
    if application_ids:
        items = select(OutboxItem.application_id, OutboxItem.state, OutboxItem.acknowledged_at
                       ).where(OutboxItem.kind == OutboxKind.APPLICATION.value)
        if only is not None:
            items = items.where(OutboxItem.application_id.in_(application_ids))
        for application_id, state, acknowledged in session.execute(items):
            app_acks[application_id] = _ack(state, acknowledged)
    blobs = select(OutboxItem.idempotency_key, OutboxItem.state, OutboxItem.acknowledged_at
                   ).where(OutboxItem.kind == OutboxKind.BLOB.value)
    if only is not None:
        blobs = blobs.where(OutboxItem.idempotency_key == only)
    blob_acks = {key: _ack(state, acknowledged) for key, state, acknowledged
                 in session.execute(blobs)}
    return refs, app_acks, blob_acks


def _ack(state: str, acknowledged: datetime | None) -> datetime | None:
    if state == OutboxState.SUPERSEDED.value:
        # Never sent: its correction carries the same blobs and is waited for instead.
        return datetime.min.replace(tzinfo=UTC)
    if state != OutboxState.DONE.value:
        return None
    # A done item always has its moment; "the distant past" if a damaged row lacks it.
    return acknowledged or datetime.min.replace(tzinfo=UTC)


def _expired(
    sha256: str,
    stored_at: datetime,
    refs: dict[str, _Refs],
    app_acks: dict[int, datetime | None],
    blob_acks: dict[str, datetime | None],
    now: datetime,
    retention: timedelta,
) -> bool:
    since = stored_at
    ref = refs.get(sha256)
    if ref is not None:
        if ref.drafts:
            return False
        if ref.applications:
            moments = [app_acks.get(a) for a in ref.applications] + [blob_acks.get(sha256)]
            acknowledged = [m for m in moments if m is not None]
            if len(acknowledged) < len(moments):
                return False  # something still has to reach the central service
            since = max([since, *acknowledged])
    return now - since >= retention


def _mtime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)
