"""The Gönderim Kuyruğu as plain data: every item with its state, attempts and last word."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import OutboxItem
from models.enums import OutboxKind, OutboxState
from tests.conftest import in_person_form, make_desk
from tests.services.attachment_samples import turkish_pdf
from tests.services.test_blob_sync import save_with


def refuse_next_send(desk: Desk, item_id: int) -> None:
    """Damage the frozen payload so that the central service answers 422."""
    with desk.db.sessions.begin() as session:
        item = session.get_one(OutboxItem, item_id)
        envelope = json.loads(item.payload)
        envelope["application"]["tckn"] = "12345678901"
        item.payload = json.dumps(envelope)


def test_rows_show_each_item_with_its_application_and_last_answer(desk: Desk) -> None:
    sent = save_with(desk, [("dilekçe.pdf", turkish_pdf())])
    refused = desk.intake.save(in_person_form(first_name="Mehmet"), "memur1")
    with desk.db.sessions() as session:
        refused_id = session.scalars(select(OutboxItem.id).order_by(OutboxItem.id.desc())).first()
    assert refused_id is not None
    refuse_next_send(desk, refused_id)
    desk.sync.drain_once()

    rows = desk.outbox.rows()

    assert [(r.station_number, r.kind, r.state, r.attempts, r.last_status) for r in rows] == [
        (refused.station_number, OutboxKind.APPLICATION, OutboxState.QUARANTINED, 1, 422),
        (sent, OutboxKind.BLOB, OutboxState.DONE, 1, 201),
        (sent, OutboxKind.APPLICATION, OutboxState.DONE, 1, 201),
    ]
    assert [r.kind_label for r in rows] == ["Başvuru", "Ek", "Başvuru"]
    assert [r.correctable for r in rows] == [True, False, False]
    assert rows[0].last_message is not None and "T.C. Kimlik No" in rows[0].last_message
    assert all(r.version == 1 and r.next_attempt_at is None for r in rows)


def test_rows_filter_by_state_and_counts_cover_every_state(offline_desk: Desk) -> None:
    for index in range(3):
        offline_desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1")
    offline_desk.sync.drain_once()  # the first one fails: retry; the rest stay pending

    retrying = offline_desk.outbox.rows({OutboxState.RETRY})
    counts = offline_desk.outbox.counts()

    assert len(retrying) == 1 and retrying[0].next_attempt_at is not None
    assert retrying[0].last_status is None
    assert (counts[OutboxState.RETRY], counts[OutboxState.PENDING], counts.quarantined) == (
        1, 2, 0)
    assert counts.waiting == 3 == offline_desk.queries.pending_count()


def test_a_superseded_version_is_listed_but_no_longer_waiting(desk: Desk) -> None:
    saved = desk.intake.save(in_person_form(), "memur1")
    [item] = desk.outbox.rows()
    refuse_next_send(desk, item.id)
    desk.sync.drain_once()
    desk.corrections.correct(item.application_id, in_person_form(), "memur1")

    rows = desk.outbox.rows()
    counts = desk.outbox.counts()

    assert [(r.station_number, r.version, r.state) for r in rows] == [
        (saved.station_number, 2, OutboxState.PENDING),
        (saved.station_number, 1, OutboxState.SUPERSEDED)]
    assert rows[1].state.label == "Düzeltildi" and not rows[1].requeueable
    assert (counts.waiting, counts[OutboxState.SUPERSEDED]) == (1, 1)


def test_rows_by_id_fetch_the_ones_asked_for(tmp_path: Path) -> None:
    with make_desk(tmp_path / "d", "http://127.0.0.1:9") as desk:
        for index in range(3):
            desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1")
        ids = [r.id for r in desk.outbox.rows()]

        found = desk.outbox.rows_by_id([ids[0], ids[2], 999])

    assert [r.id for r in found] == sorted([ids[0], ids[2]])


def test_the_screen_gets_every_waiting_item_however_many_were_sent_since(desk: Desk) -> None:
    old = desk.intake.save(in_person_form(text="Eski başvuru"), "memur1")
    [item] = desk.outbox.rows()
    refuse_next_send(desk, item.id)
    for index in range(3):
        desk.intake.save(in_person_form(text=f"Yeni {index}"), "memur1")
    desk.sync.drain_once()
    waiting = frozenset(state for state in OutboxState if not state.finished)

    first = desk.outbox.page(waiting, limit=1)
    assert [(r.state, r.station_number) for r in first.rows] == [
        (OutboxState.QUARANTINED, old.station_number)]
    assert first.end
    # Every item, a page of two at a time, newest first, each once.
    everything = desk.outbox.page(None, limit=2)
    seen = [r.id for r in everything.rows]
    while not everything.end:
        everything = desk.outbox.page(None, everything.cursor, limit=2)
        seen += [r.id for r in everything.rows]
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 4
    done = desk.outbox.page({OutboxState.DONE, OutboxState.QUARANTINED}, limit=3)
    assert [r.state for r in done.rows] == [OutboxState.DONE] * 3 and not done.end
