"""Correcting a refused application: a new frozen version that refers to the old one,
sent to the real central service on loopback exactly once; the old one never again."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import requests
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import Application, Attachment, AuditEvent, OutboxItem
from models.enums import OutboxState
from services.corrections import CORRECTED_EVENT, CorrectionRefused
from services.printouts import DocumentKind, PdfFile, PrintRequest
from services.reserved_numbers import TopUpOutcome
from tests.conftest import VALID_TCKN, in_person_form, make_desk
from tests.services.attachment_samples import turkish_pdf
from tests.services.test_blob_sync import save_with, sha
from tests.services.test_reserved_numbers import configure

BAD_TCKN = "12345678901"


def application_item(desk: Desk, station_number: str, version: int) -> OutboxItem:
    with desk.db.sessions() as session:
        return session.scalars(
            select(OutboxItem).join(Application, Application.id == OutboxItem.application_id)
            .where(Application.station_number == station_number,
                   Application.version == version, OutboxItem.kind == "application")
        ).one()


def damage_tckn(desk: Desk, item_id: int) -> None:
    """The frozen payload as a buggy older desk version might have written it: the service
    will refuse it with a 422 (this desk's own form would never let it through)."""
    with desk.db.sessions.begin() as session:
        item = session.get_one(OutboxItem, item_id)
        envelope = json.loads(item.payload)
        envelope["application"]["tckn"] = BAD_TCKN
        item.payload = json.dumps(envelope, ensure_ascii=False)


def quarantined_by_422(desk: Desk) -> tuple[str, OutboxItem]:
    saved = desk.intake.save(in_person_form(), "memur1")
    assert saved.station_number is not None
    damage_tckn(desk, application_item(desk, saved.station_number, 1).id)
    report = desk.sync.drain_once()
    assert report.quarantined == 1
    item = application_item(desk, saved.station_number, 1)
    assert (item.state, item.last_status) == ("quarantined", 422)
    return saved.station_number, item


def central_rows(central_db: Path, station_number: str) -> list[tuple[str, str | None]]:
    with closing(sqlite3.connect(central_db)) as connection:
        return connection.execute(
            "SELECT uuid, corrects FROM received_applications WHERE station_number = ? "
            "ORDER BY id", (station_number,)).fetchall()


def remote(central_url: str, desk: Desk, station_number: str) -> dict[str, object]:
    summary = desk.queries.find(station_number)
    assert summary is not None and summary.central_number is not None
    body: dict[str, object] = requests.get(
        f"{central_url}/api/v1/applications/{summary.central_number}",
        headers=desk.desk_auth.headers(), timeout=5).json()
    return body


def test_the_correction_form_starts_from_the_refused_version_as_it_was_sent(desk: Desk) -> None:
    number, item = quarantined_by_422(desk)

    source = desk.corrections.source(item.application_id)

    assert (source.station_number, source.version, source.next_version) == (number, 1, 2)
    assert source.form.tckn == BAD_TCKN  # what was sent, not what the row says
    assert source.form.first_name == "Ayşe"
    assert source.http_status == 422
    assert "T.C. Kimlik No" in source.reason


def test_a_corrected_application_reaches_the_centre_once_naming_the_refused_one(
        desk: Desk, central_url: str, central_db_path: Path) -> None:
    number, old = quarantined_by_422(desk)
    form = desk.corrections.source(old.application_id).form

    outcome = desk.corrections.correct(old.application_id, replace(form, tckn=VALID_TCKN),
                                       "memur2")
    assert outcome.ok and (outcome.station_number, outcome.version) == (number, 2)
    report = desk.sync.drain_once()
    again = desk.sync.drain_once(force=True)

    assert (report.sent, report.quarantined, report.pending) == (1, 0, 0)
    assert (again.sent, again.quarantined) == (0, 0)
    assert central_rows(central_db_path, number) == [(outcome.uuid, old.idempotency_key)]
    stored = remote(central_url, desk, number)
    assert stored["corrects"] == old.idempotency_key
    assert stored["uuid"] == outcome.uuid
    assert stored["station_number"] == number
    superseded = application_item(desk, number, 1)
    assert superseded.state == "superseded"
    assert superseded.attempts == 1  # never sent again
    assert [a.http_status for a in desk.sync.attempts(superseded.id)] == [422]  # history kept


def test_a_conflict_409_is_corrected_under_a_new_key(
        desk: Desk, central_url: str, central_db_path: Path) -> None:
    saved = desk.intake.save(in_person_form(), "memur1")
    assert saved.station_number is not None
    old = application_item(desk, saved.station_number, 1)
    other = json.loads(old.payload)
    other["application"]["text"] = "Başka bir masanın aynı anahtarla gönderdiği metin"
    assert requests.post(f"{central_url}/api/v1/applications", json=other,
                         headers={"Idempotency-Key": old.idempotency_key,
                                  **desk.desk_auth.headers()},
                         timeout=5).status_code == 201
    assert desk.sync.drain_once().quarantined == 1
    assert application_item(desk, saved.station_number, 1).last_status == 409

    source = desk.corrections.source(old.application_id)
    outcome = desk.corrections.correct(old.application_id, source.form, "memur1")
    report = desk.sync.drain_once()

    assert report.sent == 1
    assert central_rows(central_db_path, saved.station_number) == [
        (old.idempotency_key, None), (outcome.uuid, old.idempotency_key)]
    summary = desk.queries.find(saved.station_number)
    assert summary is not None and summary.version == 2
    assert remote(central_url, desk, saved.station_number)["uuid"] == outcome.uuid


def test_only_a_quarantined_application_can_be_corrected(desk: Desk) -> None:
    saved = desk.intake.save(in_person_form(), "memur1")
    assert saved.station_number is not None
    pending = application_item(desk, saved.station_number, 1)

    outcome = desk.corrections.correct(pending.application_id, in_person_form(), "memur1")

    assert not outcome.ok
    assert outcome.refusal is not None
    assert "Yalnızca merkezin kabul etmediği" in outcome.refusal
    assert "Bekliyor" in outcome.refusal
    try:
        desk.corrections.source(pending.application_id)
    except CorrectionRefused as refusal:
        assert "karantinadaki" in str(refusal)
    else:
        raise AssertionError("a pending application offered for correction")
    with desk.db.sessions() as session:
        assert len(session.scalars(select(Application)).all()) == 1


def test_a_version_is_corrected_once(desk: Desk) -> None:
    number, old = quarantined_by_422(desk)
    fixed = in_person_form()
    assert desk.corrections.correct(old.application_id, fixed, "memur1").ok

    twice = desk.corrections.correct(old.application_id, fixed, "memur1")

    assert twice.refusal is not None and "Düzeltildi" in twice.refusal
    with desk.db.sessions() as session:
        versions = session.scalars(select(Application.version)
                                   .where(Application.station_number == number)).all()
    assert sorted(versions) == [1, 2]


def test_field_errors_save_nothing_and_leave_it_quarantined(desk: Desk) -> None:
    number, old = quarantined_by_422(desk)

    outcome = desk.corrections.correct(old.application_id, in_person_form(tckn=BAD_TCKN),
                                       "memur1")

    assert not outcome.ok and outcome.refusal is None
    assert "son iki hane doğrulanamadı" in outcome.errors["tckn"]
    assert application_item(desk, number, 1).state == "quarantined"


def test_the_channel_stays_what_it_was(desk: Desk) -> None:
    _number, old = quarantined_by_422(desk)
    letter = in_person_form(channel="letter", mother_maiden_first="", mother_maiden_last="",
                            received_date="01.11.2026")

    outcome = desk.corrections.correct(old.application_id, letter, "memur1")

    assert outcome.refusal is not None and "başvuru yolu değiştirilemez" in outcome.refusal


def test_a_refused_correction_can_be_corrected_again(desk: Desk) -> None:
    number, first = quarantined_by_422(desk)
    second = desk.corrections.correct(first.application_id, in_person_form(), "memur1")
    second_item = application_item(desk, number, 2)
    damage_tckn(desk, second_item.id)
    assert desk.sync.drain_once().quarantined == 1

    third = desk.corrections.correct(second_item.application_id, in_person_form(), "memur1")
    assert third.version == 3
    assert desk.sync.drain_once().sent == 1

    with desk.db.sessions() as session:
        rows = session.execute(select(Application.version, Application.uuid,
                                      Application.corrects_id)
                               .where(Application.station_number == number)
                               .order_by(Application.version)).all()
    assert [r.version for r in rows] == [1, 2, 3]
    assert rows[2].corrects_id == second_item.application_id
    payload = json.loads(application_item(desk, number, 3).payload)
    assert payload["corrects"] == second.uuid


def test_the_correction_is_one_audited_transaction_with_its_attachments(
        desk: Desk, central_url: str) -> None:
    scan = turkish_pdf(pages=2)
    number = save_with(desk, [("dilekçe.pdf", scan)])
    old = application_item(desk, number, 1)
    damage_tckn(desk, old.id)
    desk.sync.drain_once()

    outcome = desk.corrections.correct(old.application_id, in_person_form(), "memur2")
    report = desk.sync.drain_once()

    assert outcome.ok and report.sent == 2  # the corrected application, then the scan
    with desk.db.sessions() as session:
        rows = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        event = session.scalars(select(AuditEvent)
                                .where(AuditEvent.action == CORRECTED_EVENT)).one()
        new_id = session.scalars(select(Application.id)
                                 .where(Application.uuid == outcome.uuid)).one()
    assert [(r.application_id, r.sha256, r.original_name) for r in rows] == [
        (old.application_id, sha(scan), "dilekçe.pdf"), (new_id, sha(scan), "dilekçe.pdf")]
    assert (event.user, event.application_id) == ("memur2", new_id)
    assert VALID_TCKN not in event.detail and "Ayşe" not in event.detail
    stored = remote(central_url, desk, number)
    assert stored["complete"] is True
    assert [a["sha256"] for a in stored["attachments"]] == [sha(scan)]  # type: ignore[attr-defined]


def test_the_desk_counts_and_lists_the_case_once(desk: Desk) -> None:
    number, old = quarantined_by_422(desk)
    assert desk.queries.pending_count() == 1

    desk.corrections.correct(old.application_id, in_person_form(), "memur1")

    assert desk.queries.pending_count() == 1  # the correction, not the superseded version
    listed = [s for s in desk.queries.list_applications() if s.station_number == number]
    assert [(s.version, s.sync_state) for s in listed] == [(2, OutboxState.PENDING)]
    document = desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, number), "memur1",
                                      PdfFile(desk.config.data_dir / "receipt.pdf"))
    with desk.db.sessions() as session:
        printed_for = session.scalars(select(Application.version).where(
            Application.id == select(AuditEvent.application_id)
            .where(AuditEvent.action == "receipt.printed").scalar_subquery())).one()
    assert document.station_number == number and printed_for == 2


def test_a_correction_keeps_the_central_number_printed_on_the_receipt(
        tmp_path: Path, central_url: str, central_db_path: Path) -> None:
    with make_desk(configure(tmp_path / "desk", block_size=3, threshold=1),
                   central_url) as desk:
        assert desk.numbers.top_up(desk.central_client()).outcome is TopUpOutcome.RESERVED
        saved = desk.intake.save(in_person_form(), "memur1")
        assert saved.station_number is not None and saved.reserved_central_number is not None
        printed = saved.reserved_central_number
        damage_tckn(desk, application_item(desk, saved.station_number, 1).id)
        assert desk.sync.drain_once().quarantined == 1

        old = application_item(desk, saved.station_number, 1)
        form = desk.corrections.source(old.application_id).form
        outcome = desk.corrections.correct(old.application_id, replace(form, tckn=VALID_TCKN),
                                           "memur1")
        found_before_sync = desk.queries.find(printed)
        report = desk.sync.drain_once()
        found = desk.queries.find(printed)

    assert outcome.ok and report.sent == 1
    assert found_before_sync is not None and found_before_sync.version == 2
    assert found is not None and (found.version, found.central_number) == (2, printed)
    assert central_rows(central_db_path, saved.station_number) == [
        (outcome.uuid, old.idempotency_key)]
