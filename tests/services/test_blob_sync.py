"""Attachments reach the central service after their application, each once, resuming.

Everything runs against the real central service, through the real fault-injecting proxy
(``tests/fault_proxy.py``) where the network has to fail; the proxy also counts the
requests, which is how "never re-sent" is proven.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import OutboxItem
from services.central_client import CentralClient, Outcome
from services.sync import LOCAL_BLOB_CORRUPT, SyncService
from tests.conftest import in_person_form, make_desk
from tests.fault_proxy import PASS, FaultProxy, reset, status
from tests.services.attachment_samples import jpeg_photo, png_image, tiff_scan, turkish_pdf


@pytest.fixture
def proxy(central_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(central_url).running() as running:
        yield running


@pytest.fixture
def desk_via_proxy(tmp_path: Path, proxy: FaultProxy) -> Iterator[Desk]:
    with make_desk(tmp_path / "desk", proxy.url) as desk:
        yield desk


def save_with(desk: Desk, files: list[tuple[str, bytes]], **form: str) -> str:
    """Save an application with these files the way the form does; returns its number."""
    draft = desk.drafts.save("memur1", in_person_form(**form))
    for name, data in files:
        desk.attachments.add_to_draft(draft, "memur1", name, data)
    outcome = desk.intake.save(in_person_form(**form), "memur1", draft_id=draft)
    assert outcome.ok and outcome.station_number is not None
    return outcome.station_number


def three_scans() -> list[tuple[str, bytes]]:
    return [("dilekçe.pdf", turkish_pdf(pages=2)), ("ekler.tif", tiff_scan(pages=3)),
            ("foto.jpg", jpeg_photo())]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def remote(central_url: str, desk: Desk, number: str) -> dict[str, object]:
    summary = desk.queries.find(number)
    assert summary is not None and summary.central_number is not None
    answer = requests.get(f"{central_url}/api/v1/applications/{summary.central_number}",
                          headers=desk.desk_auth.headers(), timeout=5)
    assert answer.status_code == 200
    body: dict[str, object] = answer.json()
    return body


def blob_items(desk: Desk) -> list[OutboxItem]:
    with desk.db.sessions() as session:
        return list(session.scalars(
            select(OutboxItem).where(OutboxItem.kind == "blob").order_by(OutboxItem.id)))


def test_the_application_goes_first_then_each_blob_and_it_arrives_complete(
        desk_via_proxy: Desk, proxy: FaultProxy, central_url: str) -> None:
    files = three_scans()
    number = save_with(desk_via_proxy, files)
    proxy.requests.clear()  # the desk's enrollment and login went through it first

    report = desk_via_proxy.sync.drain_once()

    assert (report.sent, report.pending, report.quarantined) == (4, 0, 0)
    methods = [(m, p.rsplit("/", 1)[-1]) for m, p in proxy.requests]
    assert methods == [("POST", "applications")] + [
        (method, sha(data)) for _name, data in files for method in ("HEAD", "PUT")] + [
        # then the upkeep of a sync that went well (docs/reference-and-numbers.md), and the
        # audit events the centre anchors (docs/security.md)
        ("GET", "subjects"), ("GET", "institutions"), ("GET", "holidays"),
        ("POST", "number-blocks"), ("POST", "audit-events")]
    body = remote(central_url, desk_via_proxy, number)
    assert body["complete"] is True and body["missing_blobs"] == []
    assert [(a["name"], a["sha256"]) for a in body["attachments"]] == [  # type: ignore[attr-defined]
        (name, sha(data)) for name, data in files]
    for _name, data in files:
        stored = requests.get(f"{central_url}/api/v1/blobs/{sha(data)}",
                              headers=desk_via_proxy.desk_auth.headers(), timeout=5)
        assert stored.content == data
    assert all(v.uploaded for v in desk_via_proxy.queries.attachments(1))


def test_an_upload_cut_after_the_first_of_three_blobs_resumes_without_resending_it(
        desk_via_proxy: Desk, proxy: FaultProxy, central_url: str) -> None:
    files = three_scans()
    number = save_with(desk_via_proxy, files)
    first, second, third = (sha(data) for _name, data in files)
    # The application and the first blob (HEAD, PUT) get through; then the link dies.
    proxy.script(PASS, PASS, PASS, reset(forward=False))

    interrupted = desk_via_proxy.sync.drain_once()

    assert (interrupted.reachable, interrupted.sent, interrupted.pending) == (False, 2, 2)
    assert remote(central_url, desk_via_proxy, number)["missing_blobs"] == [second, third]
    # ... and the centre stays down for a while: nothing to do but wait.
    proxy.stop()
    down = desk_via_proxy.sync.drain_once(force=True)
    assert (down.reachable, down.sent, down.pending) == (False, 0, 2)

    proxy.start()
    resumed = desk_via_proxy.sync.drain_once(force=True)

    assert (resumed.sent, resumed.pending) == (2, 0)
    assert proxy.count("PUT", first) == 1  # sent once, in the first sync, never again
    assert proxy.count("HEAD", first) == 1
    assert proxy.count("PUT", second) == 1 and proxy.count("PUT", third) == 1
    assert remote(central_url, desk_via_proxy, number)["complete"] is True


def test_a_put_whose_answer_was_lost_is_not_sent_again(
        desk_via_proxy: Desk, proxy: FaultProxy, central_url: str) -> None:
    data = turkish_pdf()
    number = save_with(desk_via_proxy, [("dilekçe.pdf", data)])
    # POST and HEAD pass; the PUT lands at the centre but its answer is lost.
    proxy.script(PASS, PASS, reset(forward=True))

    first = desk_via_proxy.sync.drain_once()
    second = desk_via_proxy.sync.drain_once(force=True)

    assert (first.sent, first.pending) == (1, 1)
    assert (second.sent, second.pending) == (1, 0)
    assert proxy.count("PUT", sha(data)) == 1  # the HEAD of the retry proved it was there
    assert proxy.count("HEAD", sha(data)) == 2
    assert remote(central_url, desk_via_proxy, number)["complete"] is True


def test_blobs_wait_for_their_application(desk_via_proxy: Desk, proxy: FaultProxy) -> None:
    data = png_image()
    save_with(desk_via_proxy, [("a.png", data)])
    proxy.script(status(503))  # the application's POST fails

    report = desk_via_proxy.sync.drain_once()

    assert (report.sent, report.retrying, report.pending) == (0, 1, 2)
    assert proxy.count("HEAD") == 0 and proxy.count("PUT") == 0
    [item] = blob_items(desk_via_proxy)
    assert item.state == "pending" and item.attempts == 0


def test_a_scan_shared_with_a_quarantined_application_still_goes_with_the_other(
        desk_via_proxy: Desk, proxy: FaultProxy) -> None:
    data = tiff_scan(pages=2)
    save_with(desk_via_proxy, [("ortak.tif", data)])
    save_with(desk_via_proxy, [("ortak.tif", data)], text="İkinci başvuru, aynı ek.")
    proxy.script(status(422))  # the first application is refused

    report = desk_via_proxy.sync.drain_once()

    assert (report.sent, report.quarantined, report.pending) == (2, 1, 1)
    assert len(blob_items(desk_via_proxy)) == 1  # one content, one upload
    assert blob_items(desk_via_proxy)[0].state == "done"
    assert proxy.count("PUT", sha(data)) == 1


def test_a_corrupt_local_blob_is_quarantined_unsent_until_the_scan_is_attached_again(
        desk_via_proxy: Desk, proxy: FaultProxy, central_url: str) -> None:
    good = turkish_pdf()
    number = save_with(desk_via_proxy, [("dilekçe.pdf", good)])
    path = desk_via_proxy.blobs.path(sha(good))
    flipped = bytearray(good)
    flipped[100] ^= 0x01  # one bit rotted on disk
    path.write_bytes(bytes(flipped))

    report = desk_via_proxy.sync.drain_once()

    assert (report.sent, report.quarantined) == (1, 1)
    [item] = blob_items(desk_via_proxy)
    assert (item.state, item.last_status, item.last_message) == (
        "quarantined", None, LOCAL_BLOB_CORRUPT)
    assert proxy.count("PUT") == 0
    [view] = desk_via_proxy.queries.attachments(1)
    assert (view.uploaded, view.upload_message) == (False, LOCAL_BLOB_CORRUPT)
    assert remote(central_url, desk_via_proxy, number)["missing_blobs"] == [sha(good)]

    # The clerk attaches the same scan to a new application: the good bytes repair the
    # blob, and its upload goes back in the queue.
    save_with(desk_via_proxy, [("dilekçe.pdf", good)], text="Aynı dilekçe yeniden.")
    again = desk_via_proxy.sync.drain_once()

    assert (again.sent, again.pending) == (2, 0)
    assert remote(central_url, desk_via_proxy, number)["complete"] is True


def test_the_service_refusing_the_bytes_quarantines_the_item(desk: Desk,
                                                             central_url: str) -> None:
    client = CentralClient(central_url, auth=desk.desk_auth)
    right = turkish_pdf()
    wrong = right + b"%"

    result = client.send_blob(sha(right), "application/pdf", lambda: wrong)

    assert (result.outcome, result.status) == (Outcome.QUARANTINED, 422)
    assert "SHA-256 özeti adresteki özetle aynı değil" in result.message
    again = client.send_blob(sha(right), "application/pdf", lambda: right)
    assert (again.outcome, again.status) == (Outcome.DONE, 201)
    never_read = client.send_blob(sha(right), "application/pdf", lambda: pytest.fail("read"))
    assert (never_read.outcome, never_read.status) == (Outcome.DONE, 200)
    client.close()


def test_a_server_error_on_a_blob_is_retried_with_backoff(
        desk_via_proxy: Desk, proxy: FaultProxy) -> None:
    save_with(desk_via_proxy, [("a.png", png_image())])
    proxy.script(PASS, PASS, status(500))  # POST, HEAD, then the PUT fails

    first = desk_via_proxy.sync.drain_once()
    [item] = blob_items(desk_via_proxy)
    assert (first.retrying, item.state, item.last_status) == (1, "retry", 500)
    assert item.next_attempt_at is not None and item.next_attempt_at > item.updated_at
    assert desk_via_proxy.sync.drain_once().sent == 0  # backoff not over

    assert desk_via_proxy.sync.drain_once(force=True).pending == 0


def test_a_sync_without_a_blob_store_leaves_blobs_queued(desk: Desk, central_url: str) -> None:
    save_with(desk, [("a.png", png_image())])
    plain = SyncService(desk.db, CentralClient(central_url, auth=desk.desk_auth), desk.clock,
                        "06-01", desk.queries)

    report = plain.drain_once()

    assert (report.sent, report.pending) == (1, 1)
    assert blob_items(desk)[0].state == "pending"
    assert desk.sync.drain_once().pending == 0


def test_a_desk_that_sends_no_attachments_gets_a_complete_application(
        desk: Desk, central_url: str) -> None:
    number = desk.intake.save(in_person_form(), "memur1").station_number or ""
    desk.sync.drain_once()
    body = remote(central_url, desk, number)
    assert (body["attachments"], body["complete"], body["missing_blobs"]) == ([], True, [])
    with desk.db.sessions() as session:
        payload = json.loads(session.scalars(select(OutboxItem.payload)).one())
    assert "attachments" not in payload
