"""Sync against the real central service on loopback: exactly once, whatever fails."""

from __future__ import annotations

import json
from pathlib import Path

import requests
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import OutboxItem
from tests.conftest import in_person_form, make_desk
from tests.desk_sql import desk_sql


def outbox(desk: Desk) -> list[OutboxItem]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))


def test_drain_sends_everything_and_stores_central_numbers(desk: Desk, central_url: str) -> None:
    first = desk.intake.save(in_person_form(), "memur1")
    desk.intake.save(in_person_form(first_name="Mehmet", text="İkinci başvuru"), "memur1")

    report = desk.sync.drain_once()

    assert (report.sent, report.pending, report.reachable) == (2, 0, True)
    summary = desk.queries.find(first.station_number or "")
    assert summary is not None and summary.central_number is not None
    assert summary.sync_state.value == "done"
    assert desk.queries.find(summary.central_number) == summary  # both numbers find it
    remote = requests.get(f"{central_url}/api/v1/applications/{summary.central_number}",
                          headers=desk.desk_auth.headers(), timeout=5).json()
    assert remote["station_number"] == first.station_number
    assert remote["uuid"] == first.uuid
    assert remote["application"]["text"] == "Sokağımızdaki çöpler üç gündür toplanmıyor."


def test_a_second_drain_sends_nothing_again(desk: Desk) -> None:
    desk.intake.save(in_person_form(), "memur1")
    desk.sync.drain_once()
    again = desk.sync.drain_once(force=True)
    assert (again.sent, again.pending) == (0, 0)
    assert outbox(desk)[0].attempts == 1


def test_an_answer_lost_in_a_crash_is_recovered_without_a_duplicate(
    tmp_path: Path, central_url: str
) -> None:
    desk = make_desk(tmp_path / "d", central_url)
    saved = desk.intake.save(in_person_form(), "memur1")
    item = outbox(desk)[0]
    # The request reached the centre, then the desk died before storing the answer.
    first_answer = requests.post(f"{central_url}/api/v1/applications",
                                 json=json.loads(item.payload),
                                 headers={"Idempotency-Key": item.idempotency_key,
                                          **desk.desk_auth.headers()}, timeout=5)
    assert first_answer.status_code == 201
    with desk_sql(tmp_path / "d" / "desk.db") as raw:
        raw.execute("UPDATE outbox SET state = 'in_flight'")
    desk.close()

    restarted = make_desk(tmp_path / "d", central_url)
    report = restarted.sync.drain_once()  # first use recovers in-flight items
    summary = restarted.queries.find(saved.station_number or "")
    restarted.close()

    assert (report.sent, report.pending) == (1, 0)
    assert summary is not None
    assert summary.central_number == first_answer.json()["central_number"]


def test_offline_items_wait_for_their_backoff_then_go_when_forced(offline_desk: Desk) -> None:
    offline_desk.intake.save(in_person_form(), "memur1")

    report = offline_desk.sync.drain_once()
    assert (report.reachable, report.pending, report.retrying) == (False, 1, 1)
    assert report.message == "Merkeze bağlanılamadı."
    [item] = outbox(offline_desk)
    assert item.state == "retry" and item.attempts == 1 and item.last_status is None
    assert item.next_attempt_at is not None and item.next_attempt_at > item.updated_at

    offline_desk.sync.drain_once()  # backoff not over: not tried again
    assert outbox(offline_desk)[0].attempts == 1
    offline_desk.sync.drain_once(force=True)  # "send now" ignores the backoff
    assert outbox(offline_desk)[0].attempts == 2


def test_a_refused_item_is_quarantined_and_does_not_block_the_rest(desk: Desk) -> None:
    bad = desk.intake.save(in_person_form(), "memur1")
    desk.intake.save(in_person_form(first_name="Mehmet"), "memur1")
    # Damage the frozen payload as a buggy older desk version might have written it.
    with desk.db.sessions.begin() as session:
        item = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).first()
        assert item is not None
        envelope = json.loads(item.payload)
        envelope["application"]["tckn"] = "12345678901"
        item.payload = json.dumps(envelope)

    report = desk.sync.drain_once()

    assert (report.sent, report.quarantined, report.pending) == (1, 1, 1)
    quarantined = desk.queries.find(bad.station_number or "")
    assert quarantined is not None
    assert quarantined.sync_state.value == "quarantined"
    assert quarantined.sync_message is not None
    assert "son iki hane doğrulanamadı" in quarantined.sync_message
    assert outbox(desk)[0].last_status == 422


def test_a_reused_key_with_other_content_is_quarantined(desk: Desk, central_url: str) -> None:
    desk.intake.save(in_person_form(), "memur1")
    item = outbox(desk)[0]
    other = json.loads(item.payload)
    other["application"]["text"] = "Başka bir metin"
    assert requests.post(f"{central_url}/api/v1/applications", json=other,
                         headers={"Idempotency-Key": item.idempotency_key,
                                  **desk.desk_auth.headers()},
                         timeout=5).status_code == 201

    report = desk.sync.drain_once()

    assert report.quarantined == 1
    assert outbox(desk)[0].state == "quarantined"
    assert outbox(desk)[0].last_status == 409


def test_an_unreachable_centre_costs_one_attempt_and_leaves_the_rest_untouched(
    offline_desk: Desk,
) -> None:
    for _ in range(3):
        offline_desk.intake.save(in_person_form(), "memur1")

    report = offline_desk.sync.drain_once()

    assert (report.retrying, report.pending, report.reachable) == (1, 3, False)
    states = [(item.state, item.attempts) for item in outbox(offline_desk)]
    assert states == [("retry", 1), ("pending", 0), ("pending", 0)]


def test_progress_is_told_after_every_answered_item(desk: Desk) -> None:
    for index in range(3):
        desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1")
    heard: list[tuple[int, int]] = []

    report = desk.sync.drain_once(progress=lambda done, total: heard.append((done, total)))

    assert report.sent == 3
    assert heard == [(1, 3), (2, 3), (3, 3)]


def test_the_report_names_the_items_it_quarantined(desk: Desk) -> None:
    desk.intake.save(in_person_form(), "memur1")
    desk.intake.save(in_person_form(first_name="Mehmet"), "memur1")
    with desk.db.sessions.begin() as session:
        last = session.scalars(select(OutboxItem).order_by(OutboxItem.id.desc())).first()
        assert last is not None
        envelope = json.loads(last.payload)
        envelope["application"]["tckn"] = "12345678901"
        last.payload = json.dumps(envelope)
        last_id = last.id

    first = desk.sync.drain_once()
    again = desk.sync.drain_once(force=True)

    assert first.quarantined_ids == (last_id,)
    assert again.quarantined_ids == ()  # quarantine is sticky: not quarantined anew
