"""The desk's reference data: the central service's copy, cached, used offline, refreshed.

Every test talks to a real central service on loopback (through the real fault proxy
where requests are counted or the network has to fail).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bimer_central.server import CentralServer
from bimer_desktop.app import REFERENCE_CACHE_DIR_NAME, Desk
from models.entities import OutboxItem
from services.central_client import CentralClient, FetchStatus
from services.reference import HOLIDAYS, INSTITUTIONS, SUBJECTS, RefreshOutcome, Source
from tests.bimer_central.test_reference import copy_reference, retire
from tests.central_auth import desk_auth_for
from tests.conftest import in_person_form, make_desk, provision
from tests.fault_proxy import FaultProxy, reset, status

BUNDLED_VERSION = "2026-12-05"


@pytest.fixture
def reference_dir(tmp_path: Path) -> Path:
    """The catalogue the central service publishes; a test may change it between runs."""
    return copy_reference(tmp_path / "central-reference")


@pytest.fixture
def central(tmp_path: Path, reference_dir: Path) -> Iterator[CentralServer]:
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}",
                       reference_dir=reference_dir) as server:
        yield server


@pytest.fixture
def proxy(central: CentralServer) -> Iterator[FaultProxy]:
    with FaultProxy(central.url).running() as running:
        yield running


@pytest.fixture
def desk_dir(tmp_path: Path) -> Path:
    return tmp_path / "desk"


@pytest.fixture
def desk(desk_dir: Path, proxy: FaultProxy) -> Iterator[Desk]:
    with make_desk(desk_dir, proxy.url) as instance:
        yield instance


def subject_codes_offered(desk: Desk) -> list[str]:
    return [s.code for s in desk.reference.subjects.offered()]


def test_the_first_run_uses_the_bundled_copy_and_writes_nothing(desk: Desk,
                                                                 desk_dir: Path) -> None:
    assert desk.reference.source(SUBJECTS) is Source.BUNDLED
    assert desk.reference.source(INSTITUTIONS) is Source.BUNDLED
    assert desk.reference.etag(SUBJECTS) is None
    assert desk.reference.subjects.version == BUNDLED_VERSION
    assert desk.reference.institutions.find("10000023") is not None  # Ankara Valiliği
    assert not (desk_dir / REFERENCE_CACHE_DIR_NAME).exists()


def test_a_refresh_downloads_once_then_the_service_answers_304(
    desk: Desk, proxy: FaultProxy, desk_dir: Path
) -> None:
    first = desk.reference.refresh(desk.central_client())
    cache = desk_dir / REFERENCE_CACHE_DIR_NAME
    written = {path.name: path.read_bytes() for path in cache.iterdir()}

    second = desk.reference.refresh(desk.central_client())

    assert [(r.name, r.outcome) for r in first] == [
        (SUBJECTS, RefreshOutcome.UPDATED), (INSTITUTIONS, RefreshOutcome.UPDATED),
        (HOLIDAYS, RefreshOutcome.UPDATED)]
    assert [(r.name, r.outcome) for r in second] == [
        (SUBJECTS, RefreshOutcome.CURRENT), (INSTITUTIONS, RefreshOutcome.CURRENT),
        (HOLIDAYS, RefreshOutcome.CURRENT)]
    assert [r.message for r in second] == ["zaten güncel"] * 3
    assert proxy.count("GET", "/api/v1/reference/subjects") == 2
    assert proxy.count("GET", "/api/v1/reference/institutions") == 2
    assert proxy.count("GET", "/api/v1/reference/holidays") == 2
    # The 304 changed nothing on disk.
    assert {path.name: path.read_bytes() for path in cache.iterdir()} == written
    assert set(written) == {"subjects.json", "subjects.etag", "institutions.json",
                            "institutions.etag", "holidays.json", "holidays.etag"}
    assert written["subjects.etag"].decode() == desk.reference.etag(SUBJECTS)
    assert desk.reference.source(SUBJECTS) is Source.CACHE


def test_the_client_sees_the_304_and_keeps_the_etag(central: CentralServer) -> None:
    client = CentralClient(central.url, auth=desk_auth_for(central))
    try:
        fetched = client.fetch_reference(SUBJECTS, None)
        again = client.fetch_reference(SUBJECTS, fetched.etag)
    finally:
        client.close()

    assert (fetched.status, fetched.http_status) == (FetchStatus.UPDATED, 200)
    assert fetched.body is not None and fetched.body["version"] == BUNDLED_VERSION
    assert (again.status, again.http_status, again.body) == (FetchStatus.NOT_MODIFIED, 304,
                                                             None)
    assert again.etag == fetched.etag


def test_a_changed_catalogue_is_swapped_in(
    tmp_path: Path, reference_dir: Path, desk_dir: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    with CentralServer(db_url, reference_dir=reference_dir) as server, \
            make_desk(desk_dir, server.url) as desk:
        desk.reference.refresh(desk.central_client())
        old_etag = desk.reference.etag(SUBJECTS)
    retire(reference_dir, "10", version="2026-12-01")

    with CentralServer(db_url, reference_dir=reference_dir) as server, \
            make_desk(desk_dir, server.url) as desk:
        results = desk.reference.refresh(desk.central_client())

        assert results[0].outcome is RefreshOutcome.UPDATED
        assert results[0].message == "güncellendi (sürüm 2026-12-01)"
        assert results[1].outcome is RefreshOutcome.CURRENT
        assert desk.reference.etag(SUBJECTS) != old_etag
        assert desk.reference.subjects.version == "2026-12-01"
        assert "10" not in subject_codes_offered(desk)
        # Retired, not forgotten: old cases keep their subject's name.
        assert desk.reference.subjects.subject_name("10") == "Diğer"


def test_offline_the_desk_keeps_using_its_cache(
    desk: Desk, proxy: FaultProxy, reference_dir: Path
) -> None:
    desk.reference.refresh(desk.central_client())
    etag = desk.reference.etag(SUBJECTS)
    # The network drops, then the centre fails.
    proxy.script(reset(forward=False), status(503), status(503))

    results = desk.reference.refresh(desk.central_client())

    assert [r.outcome for r in results] == [RefreshOutcome.UNREACHABLE] * 3
    assert results[0].message == (
        f"merkeze ulaşılamadı, yerel kopya kullanılıyor (sürüm {BUNDLED_VERSION})")
    assert desk.reference.etag(SUBJECTS) == etag
    assert desk.reference.source(SUBJECTS) is Source.CACHE
    assert desk.intake.validate(in_person_form()).ok


def test_the_cache_survives_a_restart_of_the_desk(
    tmp_path: Path, reference_dir: Path, desk_dir: Path
) -> None:
    retire(reference_dir, "10", version="2026-12-01")
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}",
                       reference_dir=reference_dir) as server, \
            make_desk(desk_dir, server.url) as desk:
        desk.reference.refresh(desk.central_client())
        etag = desk.reference.etag(SUBJECTS)

    # Restarted with no central service at all: it starts from its own cache.
    with make_desk(desk_dir, "http://127.0.0.1:9") as restarted:
        assert restarted.reference.source(SUBJECTS) is Source.CACHE
        assert restarted.reference.subjects.version == "2026-12-01"
        assert restarted.reference.etag(SUBJECTS) == etag
        assert "10" not in subject_codes_offered(restarted)
        results = restarted.reference.refresh(restarted.central_client())
        assert [r.outcome for r in results] == [RefreshOutcome.UNREACHABLE] * 3
        assert restarted.reference.subjects.version == "2026-12-01"


def test_a_damaged_cache_falls_back_to_the_bundled_copy_and_is_downloaded_again(
    desk_dir: Path, proxy: FaultProxy, caplog: pytest.LogCaptureFixture
) -> None:
    with make_desk(desk_dir, proxy.url) as desk:
        desk.reference.refresh(desk.central_client())
    (desk_dir / REFERENCE_CACHE_DIR_NAME / "subjects.json").write_text('{"version": ', "utf-8")

    with caplog.at_level(logging.WARNING, "bimer.reference"), \
            make_desk(desk_dir, proxy.url) as desk:
        assert desk.reference.source(SUBJECTS) is Source.BUNDLED
        assert desk.reference.etag(SUBJECTS) is None
        results = desk.reference.refresh(desk.central_client())
        assert results[0].outcome is RefreshOutcome.UPDATED
        assert desk.reference.source(SUBJECTS) is Source.CACHE
    assert "reference cache subjects.json unusable" in caplog.text


def test_a_successful_sync_refreshes_the_reference_data(
    desk: Desk, proxy: FaultProxy
) -> None:
    desk.intake.save(in_person_form(), "memur1")

    report = desk.sync.drain_once()

    assert report.sent == 1
    assert desk.reference.source(SUBJECTS) is Source.CACHE
    assert proxy.count("GET", "/api/v1/reference/subjects") == 1


def test_a_new_application_with_a_retired_code_is_refused_in_turkish(
    tmp_path: Path, reference_dir: Path, desk_dir: Path
) -> None:
    retire(reference_dir, "02")
    data = json.loads((reference_dir / "subjects.json").read_text("utf-8"))
    sub = next(s for s in data["subjects"] if s["code"] == "03")["sub_subjects"][0]
    sub["active"] = False  # 03.01 Okul kayıt ve nakil
    (reference_dir / "subjects.json").write_text(json.dumps(data), "utf-8")
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}",
                       reference_dir=reference_dir) as server, \
            make_desk(desk_dir, server.url) as desk:
        desk.reference.refresh(desk.central_client())

        retired_subject = desk.intake.save(in_person_form(), "memur1")  # 02 / 02.02
        retired_sub = desk.intake.validate(in_person_form(subject_code="03",
                                                          sub_subject_code="03.01"))
        still_fine = desk.intake.validate(in_person_form(subject_code="03",
                                                         sub_subject_code="03.02"))

    assert not retired_subject.ok
    assert retired_subject.errors == {"subject_code": (
        "'02 Belediye hizmetleri' konusu artık kullanılmıyor; yeni başvurular için güncel "
        "listeden başka bir konu seçin.")}
    assert retired_sub.errors == {"sub_subject_code": (
        "'03.01 Okul kayıt ve nakil' alt konusu artık kullanılmıyor; yeni başvurular için "
        "güncel listeden başka bir alt konu seçin.")}
    assert still_fine.ok


def test_a_queued_application_with_a_since_retired_subject_is_still_accepted(
    tmp_path: Path, reference_dir: Path, desk_dir: Path
) -> None:
    # The desk's address is a proxy that is down: the desk is offline.
    proxy = FaultProxy("http://127.0.0.1:9")
    proxy.start()
    proxy.stop()
    with make_desk(desk_dir, proxy.url) as desk:
        saved = desk.intake.save(in_person_form(), "memur1")  # subject 02, active today
        assert saved.ok
        assert not desk.sync.drain_once().reachable

        # Meanwhile the centre retires subject 02.
        retire(reference_dir, "02")
        with CentralServer(f"sqlite:///{tmp_path / 'central.db'}",
                           reference_dir=reference_dir) as server:
            proxy.upstream = server.url
            with proxy.running():
                # The centre is there: the desk enrolls and its clerk logs in (as on the
                # first day it can reach the centre).
                provision(desk, server, proxy.url, "06-01", "memur1")
                # The desk learns of it first: its queued envelope is still not re-checked.
                desk.reference.refresh(desk.central_client())
                assert "02" not in subject_codes_offered(desk)
                report = desk.sync.drain_once(force=True)  # "Şimdi gönder"

        assert (report.sent, report.quarantined, report.pending) == (1, 0, 0)
        summary = desk.queries.find(saved.station_number or "")
        assert summary is not None and summary.central_number is not None
        with desk.db.sessions() as session:
            payload = json.loads(session.scalars(select(OutboxItem.payload)).one())
        assert payload["application"]["subject_code"] == "02"


@pytest.mark.parametrize("garbled", [b"\xff\xfe\x00\x9c", b'"abc"\r\nX-Injected: 1',
                                     b"W/\"" + b"9" * 5000 + b"\""])
def test_a_garbled_etag_is_dropped_and_the_document_fetched_again(
    desk_dir: Path, proxy: FaultProxy, garbled: bytes
) -> None:
    """Issue 18, item 6: a garbled ``.etag`` was a traceback at start (not UTF-8) or at
    every refresh (a header requests refuses)."""
    with make_desk(desk_dir, proxy.url) as desk:
        desk.reference.refresh(desk.central_client())
    (desk_dir / REFERENCE_CACHE_DIR_NAME / "subjects.etag").write_bytes(garbled)

    with make_desk(desk_dir, proxy.url) as desk:
        assert desk.reference.source(SUBJECTS) is Source.CACHE  # the document itself is fine
        assert desk.reference.etag(SUBJECTS) is None
        results = desk.reference.refresh(desk.central_client())
        assert results[0].outcome is RefreshOutcome.UPDATED
        assert desk.reference.etag(SUBJECTS) is not None
