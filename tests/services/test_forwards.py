"""Forwards (sevk) end to end: saved offline with their application, sent through the outbox
to the real central service on loopback after it, exactly once; movements back on the
desk; the do-not-send list enforced at the desk and by the service; hidden identity
travels nowhere."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import AuditEvent, OutboxItem
from models.enums import OutboxState, Urgency
from models.forwards import Forward, ForwardKind, ForwardSubject, ForwardTarget
from models.roles import Role
from tests.conftest import VALID_TCKN, in_person_form, make_desk
from tests.fault_proxy import FaultProxy
from tests.services.test_corrections import damage_tckn

GOVERNORSHIP = "10000023"  # Ankara Valiliği
GOVERNORSHIP_UNIT = "20600001"  # Ankara İl Millî Eğitim Müdürlüğü
HEALTH = "20600002"  # Ankara İl Sağlık Müdürlüğü
METROPOLITAN = "30600000"  # Ankara Büyükşehir Belediyesi
MUNICIPALITY = "30600700"  # Çankaya Belediyesi, under it
SUBJECT = ForwardSubject("02", "02.02")


def two_targets() -> Forward:
    return Forward(
        targets=(ForwardTarget(GOVERNORSHIP_UNIT, ForwardKind.ACTION, "Gereği için; yerinde "
                               "inceleme."),
                 ForwardTarget(HEALTH, ForwardKind.INFORMATION, "Bilgi için.")),
        subjects=(SUBJECT,), priority=Urgency.URGENT)


@pytest.fixture
def proxy(central_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(central_url).running() as running:
        yield running


@pytest.fixture
def desk_via_proxy(tmp_path: Path, proxy: FaultProxy) -> Iterator[Desk]:
    with make_desk(tmp_path / "desk", proxy.url) as desk:
        yield desk


def central(central_db_path: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(central_db_path)) as connection:
        return connection.execute(sql, args).fetchall()


def forward_items(desk: Desk) -> list[OutboxItem]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(OutboxItem).where(OutboxItem.kind == "forward")
                                    .order_by(OutboxItem.id)))


def test_a_forward_saved_offline_goes_once_after_its_application(
        desk_via_proxy: Desk, proxy: FaultProxy, central_db_path: Path) -> None:
    desk = desk_via_proxy
    proxy.stop()  # the centre is unreachable: the clerk saves and forwards anyway
    saved = desk.intake.save(in_person_form(), "memur1", forward=two_targets())
    assert saved.ok, saved.errors
    offline = desk.sync.drain_once()
    assert not offline.reachable and offline.sent == 0
    assert [i.state for i in forward_items(desk)] == ["pending"]

    proxy.start()
    report = desk.sync.drain_once(force=True)  # "Şimdi gönder" (the retry's backoff)
    again = desk.sync.drain_once(force=True)

    assert (report.sent, report.quarantined, report.pending) == (2, 0, 0)
    assert again.sent == 0
    posts = [p for m, p in proxy.requests if m == "POST" and p.startswith("/api/v1/appl")]
    assert posts[0] == "/api/v1/applications"
    assert posts[1].endswith("/forwards") and len(posts) == 2  # after it, exactly once
    rows = central(central_db_path, "SELECT to_unit, kind, priority, note, from_unit FROM "
                   "movements ORDER BY id")
    assert rows == [(GOVERNORSHIP_UNIT, "action", "urgent", "Gereği için; yerinde inceleme.",
                     "10000023"),
                    (HEALTH, "information", "urgent", "Bilgi için.", "10000023")]
    assert saved.station_number is not None
    moves = desk.forwards.movement_lines(saved.station_number)
    assert [(m.to_name, m.kind, m.note) for m in moves] == [
        ("Ankara İl Millî Eğitim Müdürlüğü", ForwardKind.ACTION,
         "Gereği için; yerinde inceleme."),
        ("Ankara İl Sağlık Müdürlüğü", ForwardKind.INFORMATION, "Bilgi için.")]
    assert moves[0].from_name == "Ankara Valiliği"
    [line] = desk.forwards.forward_lines(saved.station_number)
    assert line.state is OutboxState.DONE


def test_the_forward_is_saved_in_the_applications_transaction(desk: Desk) -> None:
    bad = Forward((ForwardTarget("99999999", ForwardKind.ACTION),), (SUBJECT,))

    refused = desk.intake.save(in_person_form(), "memur1", forward=bad)

    assert not refused.ok and "kurum listesinde yok" in refused.errors["forward"]
    assert desk.queries.pending_count() == 0  # nothing saved: not the application either
    saved = desk.intake.save(in_person_form(), "memur1", forward=two_targets())
    with desk.db.sessions() as session:
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert saved.ok and actions[-2:] == ["application.saved", "forward.saved"]


def test_a_quarantined_application_holds_its_forward_until_the_correction_is_accepted(
        desk: Desk, central_db_path: Path) -> None:
    from dataclasses import replace

    from tests.services.test_corrections import application_item

    saved = desk.intake.save(in_person_form(), "memur1", forward=two_targets())
    assert saved.station_number is not None
    damage_tckn(desk, application_item(desk, saved.station_number, 1).id)
    first = desk.sync.drain_once()
    assert (first.sent, first.quarantined) == (0, 1)
    [item] = forward_items(desk)
    assert item.state == "pending" and item.attempts == 0  # held back, never sent
    [line] = desk.forwards.forward_lines(saved.station_number)
    assert "karantinada" in line.message

    old = application_item(desk, saved.station_number, 1)
    form = desk.corrections.source(old.application_id).form
    corrected = desk.corrections.correct(old.application_id, replace(form, tckn=VALID_TCKN),
                                         "memur1")
    assert corrected.ok
    second = desk.sync.drain_once()
    desk.sync.drain_once(force=True)

    assert second.sent == 2
    [item] = forward_items(desk)
    assert (item.state, item.attempts) == ("done", 1)
    assert central(central_db_path, "SELECT count(*) FROM received_forwards") == [(1,)]
    assert len(desk.forwards.movement_lines(saved.station_number)) == 2


def test_do_not_send_and_its_sub_units_are_refused_at_the_desk(desk: Desk) -> None:
    to_sub_unit = Forward((ForwardTarget(MUNICIPALITY, ForwardKind.ACTION),), (SUBJECT,))

    refused = desk.intake.save(in_person_form(), "memur1", forward=to_sub_unit,
                               do_not_send=[METROPOLITAN])
    to_itself = desk.intake.save(in_person_form(), "memur1", do_not_send=[METROPOLITAN],
                                 forward=Forward((ForwardTarget(METROPOLITAN,
                                                                ForwardKind.ACTION),),
                                                 (SUBJECT,)))
    not_a_complaint = desk.intake.save(in_person_form(application_type="request"), "memur1",
                                       do_not_send=[METROPOLITAN])

    assert "Ankara Büyükşehir Belediyesi birimine bağlı" in refused.errors["forward"]
    assert "gönderilmeyecek kurumlar listesinde" in to_itself.errors["forward"]
    assert "yalnızca şikâyet ve ihbar" in not_a_complaint.errors["do_not_send"]
    saved = desk.intake.save(in_person_form(), "memur1", do_not_send=[METROPOLITAN],
                             forward=two_targets())
    assert saved.ok and saved.station_number is not None
    # A later forward from the case's detail meets the same list.
    with desk.db.sessions() as session:
        application_id = session.scalars(select(OutboxItem.application_id)).first()
    assert application_id is not None
    later = desk.forwards.add(application_id, to_sub_unit, "memur1")
    assert not later.ok and "bağlı" in later.errors["forward"]


def test_the_service_refuses_a_do_not_send_unit_and_the_desk_quarantines_it(
        desk: Desk, central_url: str, central_db_path: Path) -> None:
    saved = desk.intake.save(in_person_form(), "memur1", do_not_send=[METROPOLITAN],
                             forward=two_targets())
    assert saved.ok and saved.station_number is not None
    assert desk.sync.drain_once().sent == 2
    # A desk that skipped its own check (an older version, a hand-made request): the
    # service holds the list the first forward told it and refuses the sub-unit.
    with desk.db.sessions() as session:
        application_id = session.scalars(select(OutboxItem.application_id)).first()
        assert application_id is not None
    with desk.db.sessions.begin() as session:
        key = desk.forwards.queue(
            session, application_id=application_id, station_number=saved.station_number,
            user="memur1", forward=Forward((ForwardTarget(MUNICIPALITY, ForwardKind.ACTION),),
                                           (SUBJECT,)),
            do_not_send=[], now=desk.clock())
    report = desk.sync.drain_once()

    assert report.quarantined == 1
    item = next(i for i in forward_items(desk) if i.idempotency_key == key)
    assert (item.state, item.last_status) == ("quarantined", 422)
    assert "Ankara Büyükşehir Belediyesi birimine bağlı" in (item.last_message or "")
    lines = desk.forwards.forward_lines(saved.station_number)
    assert lines[-1].state is OutboxState.QUARANTINED and "bağlı" in lines[-1].message
    assert central(central_db_path, "SELECT count(*) FROM movements WHERE to_unit IN (?, ?)",
                   METROPOLITAN, MUNICIPALITY) == [(0,)]


def test_lifting_an_entry_another_clerk_refused_a_superior_allowed_and_audited(
        desk: Desk) -> None:
    saved = desk.intake.save(in_person_form(), "memur1", do_not_send=[METROPOLITAN],
                             roles=[Role.CLERK.value])
    station_number = saved.station_number
    assert station_number is not None
    [entry] = desk.forwards.do_not_send_lines(station_number)

    other = desk.forwards.lift_do_not_send(entry.id, "memur2", [Role.CLERK.value])
    superior = desk.forwards.lift_do_not_send(entry.id, "koordinator1",
                                              [Role.COORDINATOR.value])

    assert "yalnızca onu ekleyen kullanıcı (memur1)" in other
    assert superior == ""
    [lifted] = desk.forwards.do_not_send_lines(station_number)
    assert (lifted.lifted_by, lifted.active) == ("koordinator1", False)
    with desk.db.sessions() as session:
        events = [(e.action, e.user, e.detail) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("do_not_send.%"))
            .order_by(AuditEvent.id))]
    assert events == [("do_not_send.set", "memur1", METROPOLITAN),
                      ("do_not_send.lifted", "koordinator1",
                       f"{METROPOLITAN} set_by=memur1")]


def test_a_hidden_identity_forward_carries_no_identity(
        desk: Desk, central_url: str, central_db_path: Path) -> None:
    saved = desk.intake.save(in_person_form(hide_identity="true"), "memur1",
                             forward=two_targets())
    assert saved.ok
    [item] = forward_items(desk)
    payload = item.payload
    assert desk.sync.drain_once().sent == 2

    stored = central(central_db_path, "SELECT body FROM received_forwards")[0][0]
    for text in (payload, stored):
        # The whole phone number, in its forms: "532" alone is in one UUID of 250.
        for identity in (VALID_TCKN, "Ayşe", "Yılmaz", "ayse.yilmaz", "5321234567",
                         "532 123 45 67"):
            assert identity not in text
    body = json.loads(stored)
    assert set(body) == {"uuid", "station_code", "station_number", "created_at",
                         "created_by", "priority", "subjects", "targets", "do_not_send",
                         "lifted"}


def test_the_service_refuses_identity_on_a_hidden_identity_forward(
        desk: Desk, central_url: str) -> None:
    saved = desk.intake.save(in_person_form(hide_identity="true"), "memur1")
    assert saved.ok and desk.sync.drain_once().sent == 1
    summary = desk.queries.find(saved.station_number or "")
    assert summary is not None and summary.central_number
    url = f"{central_url}/api/v1/applications/{summary.central_number}/forwards"

    def post(**changes: Any) -> requests.Response:
        import uuid

        key = str(uuid.uuid4())
        body = {"uuid": key, "station_code": "06-01", "station_number": saved.station_number,
                "created_at": "2026-12-05T10:00:00+03:00", "created_by": "memur1",
                "priority": "normal",
                "subjects": [{"subject_code": "02", "sub_subject_code": "02.02"}],
                "targets": [{"unit": GOVERNORSHIP_UNIT, "kind": "action", "note": ""}]}
        body.update(changes)
        return requests.post(url, json=body, timeout=10, headers={
            **desk.desk_auth.headers(), "Idempotency-Key": key})

    with_field = post(tckn=VALID_TCKN)
    in_note = post(targets=[{"unit": GOVERNORSHIP_UNIT, "kind": "action",
                             "note": f"Başvuran AYŞE YILMAZ ({VALID_TCKN})"}])
    clean = post()

    assert with_field.status_code == 422
    assert in_note.status_code == 422 and "kimlik bilgisi" in in_note.text
    assert clean.status_code == 201 and clean.json()["movements"][0]["to_unit"] == \
        GOVERNORSHIP_UNIT


def test_movements_on_the_case_detail_and_the_report(desk: Desk, tmp_path: Path) -> None:
    from services.printouts import DocumentKind, PdfFile, PrintRequest
    from tests.printing.pdf_helpers import normalize_space, pdf_text

    saved = desk.intake.save(in_person_form(), "memur1", do_not_send=[METROPOLITAN],
                             forward=two_targets())
    assert saved.ok and saved.station_number is not None
    assert desk.sync.drain_once().sent == 2

    detail = desk.case_details.by_number(saved.station_number, desk.viewer())
    assert detail is not None
    assert [(m.to_unit, m.kind) for m in detail.movements] == [
        (GOVERNORSHIP_UNIT, ForwardKind.ACTION), (HEALTH, ForwardKind.INFORMATION)]
    assert [e.unit for e in detail.do_not_send] == [METROPOLITAN]
    printed = desk.printouts.produce(PrintRequest(DocumentKind.REPORT, saved.station_number),
                                     "memur1", PdfFile(tmp_path / "report.pdf"))
    flat = normalize_space(pdf_text(printed.pdf))
    for text in ("Hareketler", "Ankara Valiliği", "Ankara İl Millî Eğitim Müdürlüğü",
                 "Ankara İl Sağlık Müdürlüğü", "Gereği — Gereği için; yerinde inceleme.",
                 "Bilgi — Bilgi için.", "Acele"):
        assert text in flat, text
    assert "Henüz hareket yok." not in flat
    assert "Büyükşehir" not in flat  # the do-not-send unit appears nowhere on the paper


def import_line(**extra: object) -> bytes:
    from dataclasses import asdict

    return json.dumps({**asdict(in_person_form()), **extra}, ensure_ascii=False).encode()


def test_the_import_forwards_a_batch_and_refuses_do_not_send_units(desk: Desk) -> None:
    targets = [{"unit": GOVERNORSHIP_UNIT, "kind": "Gereği", "note": "Gereği için."},
               {"unit": HEALTH, "kind": "bilgi"}]
    report = desk.importer.import_lines([
        import_line(forwards=targets, do_not_send=[METROPOLITAN]),
        import_line(forwards=[{"unit": MUNICIPALITY, "kind": "Gereği"}],
                    do_not_send=[METROPOLITAN]),
        import_line(forwards=[{"unit": METROPOLITAN, "kind": "Gereği"}],
                    do_not_send=[METROPOLITAN]),
        import_line(forwards=[{"unit": GOVERNORSHIP_UNIT, "kind": "Havale"}]),
        import_line(forwards="20600001"),
        import_line(do_not_send="30600000"),
        import_line(application_type="request", do_not_send=[METROPOLITAN]),
    ], "memur1")

    assert [number for number, _station in report.saved] == [1]
    rejected = {(r.line, r.field): r.message for r in report.rejected}
    assert "birimine bağlı" in rejected[(2, "forwards")]
    assert "listesinde; ona sevk edilemez" in rejected[(3, "forwards")]
    assert "Gereği ya da Bilgi" in rejected[(4, "forwards")]
    assert "birimlerden oluşan bir liste" in rejected[(5, "forwards")]
    assert "DETSİS kodlarından oluşan bir liste" in rejected[(6, "do_not_send")]
    assert "yalnızca şikâyet ve ihbar" in rejected[(7, "do_not_send")]
    assert {r.field_label for r in report.rejected if r.field == "forwards"} == {"Sevk"}
    assert desk.sync.drain_once().sent == 2  # the saved line and its one forward
    station = report.saved[0][1]
    assert [(m.to_unit, m.kind, m.priority) for m in desk.forwards.movement_lines(station)] \
        == [(GOVERNORSHIP_UNIT, ForwardKind.ACTION, Urgency.NORMAL),
            (HEALTH, ForwardKind.INFORMATION, Urgency.NORMAL)]


def test_done_when_a_complaint_forwarded_offline_reaches_the_centre_and_not_the_municipality(
        desk_via_proxy: Desk, proxy: FaultProxy, central_db_path: Path) -> None:
    """The issue's "done when": offline, a complaint with the complained-about municipality
    on its do-not-send list, forwarded to the governorship's unit with a note; after sync
    the centre holds the application and the movement, and the municipality is no target
    anywhere (the centre keeps it only on the case's list, to refuse it later)."""
    desk = desk_via_proxy
    proxy.stop()
    forward = Forward((ForwardTarget(GOVERNORSHIP_UNIT, ForwardKind.ACTION,
                                     "Belediyenin çöp toplama hizmeti incelensin."),),
                      (SUBJECT,))
    saved = desk.intake.save(in_person_form(application_type="complaint"), "memur1",
                             forward=forward, do_not_send=[MUNICIPALITY])
    assert saved.ok and saved.station_number is not None
    assert not desk.sync.drain_once().reachable
    proxy.start()
    assert desk.sync.drain_once(force=True).sent == 2

    assert central(central_db_path, "SELECT station_number FROM received_applications") == [
        (saved.station_number,)]
    assert central(central_db_path, "SELECT to_unit, kind, note FROM movements") == [
        (GOVERNORSHIP_UNIT, "action", "Belediyenin çöp toplama hizmeti incelensin.")]
    bodies = [json.loads(body) for (body,) in central(central_db_path,
                                                     "SELECT body FROM received_forwards")]
    assert [t["unit"] for body in bodies for t in body["targets"]] == [GOVERNORSHIP_UNIT]
    assert central(central_db_path, "SELECT unit FROM do_not_send_units") == [(MUNICIPALITY,)]
    assert [m.to_unit for m in desk.forwards.movement_lines(saved.station_number)] == [
        GOVERNORSHIP_UNIT]
