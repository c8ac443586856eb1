"""Local copies of attachments are deleted only when acknowledged and past retention."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.data_cipher import BLOB_OVERHEAD
from models.entities import OutboxItem
from services.attachments import AttachmentUnavailable
from services.blob_gc import TOMBSTONE_PREFIX, BlobCollector
from services.blob_store import TEMP_PREFIX
from tests.conftest import in_person_form, make_desk
from tests.services.attachment_samples import jpeg_photo, png_image, turkish_pdf

RETENTION = timedelta(days=30)


class Clock:
    """The desk's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed_desk(tmp_path: Path, central_url: str, clock: Clock) -> Iterator[Desk]:
    with make_desk(tmp_path / "desk", central_url, clock=clock) as desk:
        yield desk


def collector(desk: Desk, clock: Clock) -> BlobCollector:
    return BlobCollector(desk.db, desk.blobs, clock, RETENTION)


def save_with(desk: Desk, *files: tuple[str, bytes], text: str | None = None) -> int:
    draft = desk.drafts.save("memur1", in_person_form())
    for name, data in files:
        desk.attachments.add_to_draft(draft, "memur1", name, data)
    form = in_person_form(text=text) if text else in_person_form()
    assert desk.intake.save(form, "memur1", draft_id=draft).ok
    return desk.queries.list_applications()[0].id


def test_a_blob_is_kept_until_acknowledged_and_then_for_the_retention_period(
        timed_desk: Desk, clock: Clock) -> None:
    scan = turkish_pdf()
    application = save_with(timed_desk, ("dilekçe.pdf", scan))
    [view] = timed_desk.queries.attachments(application)

    clock.advance(days=100)  # not sent yet: however old, it stays
    assert collector(timed_desk, clock).collect().deleted == 0

    assert timed_desk.sync.drain_once().pending == 0  # acknowledged now (desk clock)
    clock.advance(days=29, hours=23)
    assert collector(timed_desk, clock).collect().deleted == 0
    assert timed_desk.blobs.exists(view.sha256)

    clock.advance(hours=2)
    report = collector(timed_desk, clock).collect()

    # Freed on the disk: the sealed file, the scan and its encryption's nonce and tag.
    assert (report.deleted, report.freed_bytes, report.kept) == (1, len(scan) + BLOB_OVERHEAD, 0)
    assert not timed_desk.blobs.exists(view.sha256)
    [after] = timed_desk.queries.attachments(application)  # the record stays
    assert (after.sha256, after.name, after.uploaded) == (view.sha256, view.name, True)
    with pytest.raises(AttachmentUnavailable, match="saklama süresi"):
        timed_desk.attachments.read(view.sha256)


def test_a_dry_run_deletes_nothing(timed_desk: Desk, clock: Clock) -> None:
    save_with(timed_desk, ("a.png", png_image()))
    timed_desk.sync.drain_once()
    clock.advance(days=31)

    dry = collector(timed_desk, clock).collect(dry_run=True)

    assert (dry.dry_run, dry.deleted, dry.kept) == (True, 1, 0)
    assert len(list(timed_desk.blobs.stored())) == 1
    assert collector(timed_desk, clock).collect().deleted == 1


def test_a_draft_keeps_its_blobs_however_old(timed_desk: Desk, clock: Clock) -> None:
    draft = timed_desk.drafts.save("memur1", in_person_form())
    timed_desk.attachments.add_to_draft(draft, "memur1", "a.jpg", jpeg_photo())
    clock.advance(days=365)
    assert collector(timed_desk, clock).collect().deleted == 0


def test_a_scan_shared_with_an_unsent_application_is_kept(
        timed_desk: Desk, clock: Clock) -> None:
    scan = png_image()
    save_with(timed_desk, ("ortak.png", scan))
    timed_desk.sync.drain_once()
    save_with(timed_desk, ("ortak.png", scan), text="İkinci başvuru")  # not sent yet
    clock.advance(days=60)

    assert collector(timed_desk, clock).collect().deleted == 0
    timed_desk.sync.drain_once()
    clock.advance(days=29)
    assert collector(timed_desk, clock).collect().deleted == 0  # counted from the 2nd ack
    clock.advance(days=2)
    assert collector(timed_desk, clock).collect().deleted == 1


def test_an_unreferenced_blob_goes_after_the_retention_period_since_it_was_stored(
        timed_desk: Desk, clock: Clock) -> None:
    draft = timed_desk.drafts.save("memur1", in_person_form())
    attached = timed_desk.attachments.add_to_draft(draft, "memur1", "a.png", png_image())
    timed_desk.drafts.discard(draft, "memur1")
    path = timed_desk.blobs.path(attached.sha256)

    clock.advance(days=29)
    assert collector(timed_desk, clock).collect().deleted == 0
    # Storing the same content again (another clerk's draft) restarts its age.
    twenty_days_ago = (clock.now - timedelta(days=20)).timestamp()
    os.utime(path, (twenty_days_ago, twenty_days_ago))
    clock.advance(days=2)  # 31 days after the first store, 22 after the last
    assert collector(timed_desk, clock).collect().deleted == 0
    clock.advance(days=9)
    assert collector(timed_desk, clock).collect().deleted == 1


def test_leftovers_of_crashed_writes_and_collections_are_cleaned(
        timed_desk: Desk, clock: Clock) -> None:
    draft = timed_desk.drafts.save("memur1", in_person_form())
    attached = timed_desk.attachments.add_to_draft(draft, "memur1", "a.png", png_image())
    path = timed_desk.blobs.path(attached.sha256)
    stale = path.with_name(TEMP_PREFIX + "crashed")
    stale.write_bytes(b"half a scan")
    fresh = path.with_name(TEMP_PREFIX + "in-progress")
    fresh.write_bytes(b"being written")
    # A collection that died between renaming a blob aside and deciding about it.
    os.replace(path, path.with_name(TOMBSTONE_PREFIX + path.name))
    clock.advance(days=1)
    hour_ago = (clock.now - timedelta(hours=1)).timestamp()
    os.utime(fresh, (hour_ago, hour_ago))

    report = collector(timed_desk, clock).collect()

    assert report.leftovers_removed == 2
    assert not stale.exists() and fresh.exists()
    assert path.exists()  # put back: the draft still needs it
    assert report.deleted == 0


def test_the_gc_command_reports_what_it_would_and_did_delete(
        tmp_path: Path, central_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from bimer_desktop.cli import main

    data_dir = tmp_path / "cli-desk"
    args = ["--data-dir", str(data_dir), "--central", central_url]
    with make_desk(data_dir, central_url) as desk:
        draft = desk.drafts.save(desk.config.user, in_person_form())
        desk.attachments.add_to_draft(draft, desk.config.user, "a.png", png_image())
        desk.drafts.discard(draft, desk.config.user)
        [(_sha, path)] = list(desk.blobs.stored())
    old = (datetime.now(UTC) - timedelta(days=40)).timestamp()
    os.utime(path, (old, old))

    assert main([*args, "gc", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert main([*args, "gc"]) == 0
    done = capsys.readouterr().out

    assert "Silinecek: 1 ek kopyası" in dry and "Deneme: hiçbir dosya silinmedi." in dry
    assert "Silinen: 1 ek kopyası" in done and "saklama süresi 30 gün" in done
    assert not path.exists()


def test_a_blob_attached_while_it_is_being_collected_survives(
        timed_desk: Desk, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    import services.blob_gc as blob_gc

    scan = png_image()
    draft = timed_desk.drafts.save("memur1", in_person_form())
    attached = timed_desk.attachments.add_to_draft(draft, "memur1", "a.png", scan)
    timed_desk.drafts.discard(draft, "memur1")
    clock.advance(days=31)
    real_load = blob_gc._load
    calls = []

    def load_while_a_clerk_attaches(session, only):  # type: ignore[no-untyped-def]
        calls.append(only)
        if only is not None:  # the re-check after the rename: a clerk was quicker
            other = timed_desk.drafts.save("memur1", in_person_form())
            timed_desk.attachments.add_to_draft(other, "memur1", "a.png", scan)
        return real_load(session, only)

    monkeypatch.setattr(blob_gc, "_load", load_while_a_clerk_attaches)

    report = collector(timed_desk, clock).collect()

    assert calls == [None, attached.sha256]
    assert report.deleted == 0
    assert timed_desk.attachments.read(attached.sha256) == scan
    assert [p.name for p in timed_desk.blobs.path(attached.sha256).parent.iterdir()] == [
        attached.sha256[2:]]


def test_a_desk_from_before_0004_counts_retention_from_its_last_sync(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, select

    from models.database import migrate, open_database
    from models.entities import OutboxItem
    from tests.desk_sql import desk_sql

    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0003")
    engine.dispose()
    with desk_sql(path) as raw:
        raw.execute(
            "INSERT INTO applications (uuid, station_number, station_code, channel, "
            "application_type, urgency, subject_code, sub_subject_code, tckn, first_name, "
            "last_name, mother_maiden_first, mother_maiden_last, mobile_phone, email, address, "
            "text, created_at, created_by) VALUES ('u-1', '06-01-2026-000001', '06-01', "
            "'letter', 'request', 'normal', '05', '05.01', '', '', '', '', '', '', '', '', "
            "'Metin', '2026-11-01 09:00:00', 'memur1')")
        for key, state in (("u-1", "done"), ("u-2", "pending")):
            raw.execute(
                "INSERT INTO outbox (application_id, kind, idempotency_key, payload, state, "
                "attempts, created_at, updated_at) VALUES (1, 'application', ?, '{}', ?, 1, "
                "'2026-11-01 09:00:00', '2026-11-02 10:30:00')", (key, state))

    db = open_database(path)
    with db.sessions() as session:
        acks = session.execute(
            select(OutboxItem.state, OutboxItem.acknowledged_at).order_by(OutboxItem.id)).all()
    db.close()

    assert acks == [("done", datetime(2026, 11, 2, 10, 30, tzinfo=UTC)), ("pending", None)]


def test_a_corrected_application_s_old_version_does_not_keep_its_blobs_forever(
        timed_desk: Desk, clock: Clock) -> None:
    """The refused version is never sent, so it never gets acknowledged: its correction,
    which carries the same blobs, is what the collector waits for."""
    scan = turkish_pdf()
    refused = save_with(timed_desk, ("dilekçe.pdf", scan))
    [view] = timed_desk.queries.attachments(refused)
    with timed_desk.db.sessions.begin() as session:
        item = session.scalars(select(OutboxItem).where(
            OutboxItem.application_id == refused, OutboxItem.kind == "application")).one()
        envelope = json.loads(item.payload)
        envelope["application"]["tckn"] = "12345678901"  # the service will say 422
        item.payload = json.dumps(envelope)
    timed_desk.sync.drain_once()
    assert timed_desk.corrections.correct(refused, in_person_form(), "memur1").ok
    clock.advance(days=100)
    assert collector(timed_desk, clock).collect().deleted == 0  # the correction not sent yet

    assert timed_desk.sync.drain_once().pending == 0
    clock.advance(days=31)

    assert collector(timed_desk, clock).collect().deleted == 1
    assert not timed_desk.blobs.exists(view.sha256)
