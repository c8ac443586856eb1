"""Evveliyat: this desk's applications and the centre's, merged, against a real centre."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import OutboxItem
from models.enums import ApplicationType, Channel
from models.roles import Role
from models.tckn import check_digits
from services.auth import LoginStatus
from services.central_client import CentralClient
from services.history import ApplicantHistory, HistoryService
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, central_for
from tests.conftest import VALID_TCKN, in_person_form, make_desk

OTHER_TCKN = "234567891" + check_digits("234567891")
CLOSED_PORT = "http://127.0.0.1:9"


class SteppingClock:
    """A desk clock in the past that moves one day per reading: orders are certain."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(days=1)
        return self.now


@pytest.fixture
def clocked_desk(tmp_path: Path, central_url: str) -> Iterator[Desk]:
    """Station 06-01, its clock in 2024: everything the centre receives today is newer. Its
    clerk is a Koordinatör: evveliyat shows the unit's stations (a Kullanıcı sees only its
    own station's, docs/security.md)."""
    clock = SteppingClock(datetime(2024, 3, 1, 9, 0, tzinfo=UTC))
    instance = make_desk(tmp_path / "desk", central_url, clock=clock)
    server = central_for(central_url)
    assert server is not None
    tckn = server.accounts.ensure_user("koord1", "koord1", TEST_UNIT,
                                       frozenset({Role.COORDINATOR}), TEST_PASSWORD)
    assert instance.auth.login(tckn, TEST_PASSWORD).status is LoginStatus.OK
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def other_desk(tmp_path: Path, central_url: str) -> Iterator[Desk]:
    """Another station (06-02) syncing to the same centre."""
    instance = make_desk(tmp_path / "other", central_url, station="06-02", user="memur2")
    try:
        yield instance
    finally:
        instance.close()


def numbers(history: ApplicantHistory) -> list[tuple[str | None, str | None, str]]:
    return [(e.station_number, e.central_number, e.source) for e in history.entries]


def central_number_of(desk: Desk, station_number: str | None) -> str | None:
    summary = desk.queries.find(station_number or "")
    assert summary is not None
    return summary.central_number


def test_an_invalid_id_number_is_refused_in_turkish(offline_desk: Desk) -> None:
    with pytest.raises(ValueError, match="son iki hane doğrulanamadı"):
        offline_desk.history.local("10000000147")
    with pytest.raises(ValueError, match="11 haneli"):
        offline_desk.history.full("123")


def test_local_lists_this_desks_applications_of_the_applicant_newest_first(
    clocked_desk: Desk,
) -> None:
    first = clocked_desk.intake.save(in_person_form(), "memur1")
    clocked_desk.intake.save(in_person_form(tckn=OTHER_TCKN), "memur1")
    second = clocked_desk.intake.save(
        in_person_form(channel="letter", application_type="information_request",
                       subject_code="03", sub_subject_code="03.03",
                       received_date="2024-03-01"), "memur1")

    history = clocked_desk.history.local(VALID_TCKN)

    assert history.tckn_masked == "100******46"
    assert history.central_reachable is False
    assert numbers(history) == [(second.station_number, None, "local"),
                                (first.station_number, None, "local")]
    newest = history.entries[0]
    assert newest.channel is Channel.LETTER
    assert newest.application_type is ApplicationType.INFORMATION_REQUEST
    assert newest.subject_label == "Eğitim / Burs ve yurt"
    assert newest.received_at.tzinfo is not None
    assert clocked_desk.history.local(
        "345678912" + check_digits("345678912")).entries == ()


def test_full_merges_this_desk_unsynced_synced_and_another_desks_applications(
    clocked_desk: Desk, other_desk: Desk
) -> None:
    synced = clocked_desk.intake.save(in_person_form(), "memur1")
    assert clocked_desk.sync.drain_once().sent == 1
    unsynced = clocked_desk.intake.save(in_person_form(application_type="request"), "memur1")
    elsewhere = other_desk.intake.save(
        in_person_form(subject_code="04", sub_subject_code="04.02"), "memur2")
    other_desk.intake.save(in_person_form(tckn=OTHER_TCKN), "memur2")
    assert other_desk.sync.drain_once().sent == 2

    assert len(clocked_desk.history.local(VALID_TCKN).entries) == 2
    history = clocked_desk.history.full(VALID_TCKN)

    assert history.central_reachable is True
    # The other desk's is the newest (the centre received it today; this desk's clock is
    # in 2024), then this desk's unsynced one, then its synced one, listed once.
    assert numbers(history) == [
        (elsewhere.station_number, central_number_of(other_desk, elsewhere.station_number),
         "central"),
        (unsynced.station_number, None, "local"),
        (synced.station_number, central_number_of(clocked_desk, synced.station_number),
         "both"),
    ]
    from_elsewhere = history.entries[0]
    assert from_elsewhere.station_number is not None
    assert from_elsewhere.station_number.startswith("06-02-")
    assert from_elsewhere.subject_label == "Sağlık / Aile hekimliği"
    assert from_elsewhere.received_at.tzinfo is not None
    # The synced one keeps the desk's own date: when the citizen applied.
    assert history.entries[2].received_at == clocked_desk.history.local(
        VALID_TCKN).entries[1].received_at


def test_an_answer_the_desk_never_stored_is_matched_by_station_number(
    desk: Desk, central_url: str
) -> None:
    saved = desk.intake.save(in_person_form(), "memur1")
    with desk.db.sessions() as session:
        item = session.scalars(select(OutboxItem)).one()
        key, payload = item.idempotency_key, json.loads(item.payload)
    # The centre accepted it, but the answer was lost on the way back.
    answer = requests.post(f"{central_url}/api/v1/applications", json=payload,
                           headers={"Idempotency-Key": key, **desk.desk_auth.headers()},
                           timeout=5)
    assert answer.status_code == 201

    history = desk.history.full(VALID_TCKN)

    assert numbers(history) == [
        (saved.station_number, answer.json()["central_number"], "both")
    ]


def test_offline_full_falls_back_to_this_desk_quickly(offline_desk: Desk) -> None:
    saved = offline_desk.intake.save(in_person_form(), "memur1")

    started = time.monotonic()
    history = offline_desk.history.full(VALID_TCKN)

    assert time.monotonic() - started < 5
    assert history.central_reachable is False
    assert numbers(history) == [(saved.station_number, None, "local")]


def test_a_centre_that_cannot_be_provided_counts_as_unreachable(desk: Desk) -> None:
    def no_centre() -> CentralClient | None:
        raise OSError("the training centre did not start")

    desk.intake.save(in_person_form(), "memur1")
    for provider in (no_centre, lambda: None):
        history = HistoryService(desk.db, desk.reference, provider).full(VALID_TCKN)
        assert (len(history.entries), history.central_reachable) == (1, False)


def test_training_mode_asks_the_embedded_centre(tmp_path: Path) -> None:
    with make_desk(tmp_path / "training", "") as desk:
        desk.intake.save(in_person_form(), "memur1")
        desk.sync.drain_once()
        history = desk.history.full(VALID_TCKN)
    assert history.central_reachable is True
    assert [entry.source for entry in history.entries] == ["both"]


def test_client_returns_none_when_the_centre_cannot_answer(desk: Desk,
                                                           central_url: str) -> None:
    auth = desk.desk_auth
    assert CentralClient(CLOSED_PORT, auth=auth).applicant_history(VALID_TCKN) is None
    # Not a central service at all (no such path): no answer, not an exception.
    assert CentralClient(central_url + "/nothing-here", auth=auth).applicant_history(
        VALID_TCKN) is None
    # Refused by the centre (invalid ID number), or asked by nobody in particular.
    assert CentralClient(central_url, auth=auth).applicant_history("10000000147") is None
    assert CentralClient(central_url).applicant_history(VALID_TCKN) is None
    assert CentralClient(central_url, auth=auth).applicant_history(VALID_TCKN) == []


def test_no_log_record_holds_the_id_number_while_the_history_is_fetched(
    clocked_desk: Desk, other_desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    clocked_desk.intake.save(in_person_form(), "memur1")
    clocked_desk.sync.drain_once()
    other_desk.intake.save(in_person_form(), "memur2")
    other_desk.sync.drain_once()
    caplog.clear()

    assert len(clocked_desk.history.full(VALID_TCKN).entries) == 2
    assert CentralClient(CLOSED_PORT).applicant_history(VALID_TCKN) is None
    assert CentralClient(clocked_desk.sync.central_url, auth=clocked_desk.desk_auth
                         ).applicant_history("10000000147") is None

    assert caplog.records, "urllib3 logs every request at DEBUG: the test must see them"
    assert any("/applicant-history" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        for text in (record.getMessage(), str(record.msg), str(record.args),
                     record.exc_text or ""):
            assert VALID_TCKN not in text, record.name
            assert "10000000147" not in text, record.name


def test_a_corrected_case_is_one_line_its_newest_version(offline_desk: Desk) -> None:
    saved = offline_desk.intake.save(in_person_form(sub_subject_code="02.02"), "memur1")
    # As if the centre had refused it: the clerk corrects the sub-subject.
    with offline_desk.db.sessions.begin() as session:
        item = session.scalars(select(OutboxItem)).one()
        item.state = "quarantined"
        application_id = item.application_id
    assert offline_desk.corrections.correct(
        application_id, in_person_form(sub_subject_code="02.03"), "memur1").ok

    entries = offline_desk.history.local(VALID_TCKN).entries

    assert [(e.station_number, e.sub_subject_code) for e in entries] == [
        (saved.station_number, "02.03")]
