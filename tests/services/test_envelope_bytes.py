"""The outbox payloads are frozen JSON, and the central service hashes them for idempotency:
for the same input, the desk must queue exactly the bytes it queued before the envelope was
declared in models/envelope.py. envelope_bytes_golden.txt holds, one per line, what the
dict-literal builders of main (commit 1b13da2: services/intake.py ``_save``,
services/corrections.py ``correct``) queued for the scenario below, byte for byte."""

from __future__ import annotations

import base64
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bimer_desktop.app import Desk
from models.entities import Application, OutboxItem, ReservedNumber
from models.enums import OutboxKind, OutboxState
from tests.conftest import in_person_form, make_desk

MOMENT = datetime(2026, 11, 28, 10, 15, tzinfo=timezone(timedelta(hours=3)))
# A 1×1 PNG, written out so that no encoder's version can change its bytes (or its hash).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


@pytest.fixture
def fixed_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))


def quarantine(desk: Desk, station_number: str) -> int:
    """Mark the newest version's application item as refused; that version's id."""
    with desk.db.sessions.begin() as session:
        application_id, item_id = session.execute(
            select(Application.id, OutboxItem.id)
            .join(OutboxItem, OutboxItem.application_id == Application.id)
            .where(Application.station_number == station_number,
                   OutboxItem.kind == OutboxKind.APPLICATION.value)
            .order_by(Application.version.desc())
        ).first() or (None, None)
        assert application_id is not None
        session.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(
            state=OutboxState.QUARANTINED.value, last_message="Başvuru doğrulanamadı.",
            last_status=422))
    return application_id


def scenario(desk: Desk) -> list[str]:
    """Every kind of application item: plain, with an attachment, with a reserved number,
    and corrections of the last two. Returns the queued payloads in order."""
    user = desk.config.user
    plain = desk.intake.save(in_person_form(), user)
    draft = desk.drafts.save(user, in_person_form(text="Ekli dilekçem ektedir."))
    desk.attachments.add_to_draft(draft, user, "Dilekçe sayfası.png", PNG)
    attached = desk.intake.save(in_person_form(text="Ekli dilekçem ektedir."), user,
                                draft_id=draft)
    with desk.db.sessions.begin() as session:
        session.add(ReservedNumber(
            number="BMR-2026-0000042", station_code="06-01", block_key=str(uuid.UUID(int=99)),
            reserved_at=MOMENT.astimezone(UTC),
            expires_at=MOMENT.astimezone(UTC) + timedelta(days=30)))
    letter = in_person_form(channel="letter", tckn="", mother_maiden_first="",
                            mother_maiden_last="", received_date="2026-11-27",
                            text="Mektupla gelen başvuru: “tırnaklı” ve ğüşıöç.")
    reserved = desk.intake.save(letter, user)
    assert plain.ok and attached.ok and reserved.ok
    assert reserved.reserved_central_number == "BMR-2026-0000042"
    assert attached.station_number is not None and reserved.station_number is not None
    for number, text in ((reserved.station_number, "Düzeltilmiş mektup metni."),
                         (attached.station_number, "Düzeltilmiş ekli dilekçe.")):
        application_id = quarantine(desk, number)
        source = desk.corrections.source(application_id)
        fixed = replace(source.form, text=text)
        assert desk.corrections.correct(application_id, fixed, user).ok
    with desk.db.sessions() as session:
        return list(session.scalars(
            select(OutboxItem.payload).where(OutboxItem.kind == OutboxKind.APPLICATION.value)
            .order_by(OutboxItem.id)))


@pytest.fixture
def desk(tmp_path: Path, fixed_keys: None) -> Iterator[Desk]:
    instance = make_desk(tmp_path / "desk", "http://127.0.0.1:9", clock=lambda: MOMENT)
    try:
        yield instance
    finally:
        instance.close()


GOLDEN = Path(__file__).with_name("envelope_bytes_golden.txt")


def test_the_desk_queues_the_same_bytes_as_before(desk: Desk) -> None:
    payloads = scenario(desk)

    assert [payload.encode("utf-8") for payload in payloads] == GOLDEN.read_bytes().splitlines()
