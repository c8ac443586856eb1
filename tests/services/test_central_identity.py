"""A central service that is not the one the desk knew (issue 18, item 2).

Probed: after the central service was restored from an older backup (or a synced desk was
opened against another centre) the service handed out central numbers the desk already
held; the desk's UNIQUE constraint failed, ``sync`` exited 1 on every run and everything
behind the item was never sent. Here, with real services on real SQLite files: every
answer names its database, a desk stops at another one with a Turkish message, ``rehome``
sends again what the new one lacks keeping the numbers on paper, a number conflict
quarantines one item and the rest flows, and the centre refuses a reissued station number.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import requests

from bimer_central.cli import main as central_main
from bimer_central.server import CentralServer
from bimer_desktop.app import TRAINING_CENTRAL_FILE_NAME, Desk, DeskConfig
from bimer_desktop.cli import main
from bimer_desktop.settings import load_settings
from models.auth_reasons import AuthReason
from models.enums import OutboxState
from models.roles import Role
from services.central_client import CENTRAL_ID_HEADER
from services.central_identity import CENTRAL_CHANGED
from services.sync import NUMBER_HELD_ELSEWHERE
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, register
from tests.conftest import in_person_form, make_desk

TIMEOUT = 10


def central_id(server: CentralServer) -> str:
    return requests.get(f"{server.url}/api/v1/health", timeout=TIMEOUT).headers[
        CENTRAL_ID_HEADER]


def stored(path: Path) -> dict[str, tuple[str, str]]:
    """uuid → (station number, central number) of what a central database holds."""
    with sqlite3.connect(path) as database:
        return {uuid: (station, central) for uuid, station, central in database.execute(
            "SELECT uuid, station_number, central_number FROM received_applications")}


def held(desk: Desk) -> dict[str, tuple[str, str | None]]:
    return {a.uuid: (a.station_number, a.central_number)
            for a in desk.queries.list_applications()}


def save(desk: Desk, count: int) -> None:
    for _n in range(count):
        assert desk.intake.save(in_person_form(), "memur1").ok


def test_every_answer_names_its_database_and_each_database_has_its_own(
        tmp_path: Path) -> None:
    with CentralServer(f"sqlite:///{tmp_path / 'a.db'}") as first, \
            CentralServer(f"sqlite:///{tmp_path / 'b.db'}") as second:
        identity = central_id(first)
        refused = requests.get(f"{first.url}/api/v1/applications/BMR-2026-0000001",
                               timeout=TIMEOUT)
        missing = requests.get(f"{first.url}/yok", timeout=TIMEOUT)
        assert refused.status_code == 401 and missing.status_code in (401, 404)
        assert refused.headers[CENTRAL_ID_HEADER] == missing.headers[CENTRAL_ID_HEADER] \
            == identity
        assert central_id(second) != identity
        # A desk bound to the first database is refused by the second before anything runs.
        body = envelope()
        expecting = requests.post(second.url + APPLICATIONS_PATH, json=body, timeout=TIMEOUT,
                                  headers={**key_header(body), **register(second),
                                           "X-BIMER-Expect-Central-Id": identity})
        assert expecting.status_code == 412
        assert expecting.json()["reason"] == "central_changed"
        assert stored(tmp_path / "b.db") == {}
    with CentralServer(f"sqlite:///{tmp_path / 'a.db'}") as again:
        assert central_id(again) == identity  # made with the database, kept with it


def test_another_database_stops_sending_and_rehome_resends_keeping_the_numbers(
        tmp_path: Path) -> None:
    desk_dir = tmp_path / "desk"
    with CentralServer(f"sqlite:///{tmp_path / 'a.db'}") as old, \
            make_desk(desk_dir, old.url) as desk:
        assert desk.central_identity.known == central_id(old)  # recorded at enrolment
        save(desk, 3)
        assert desk.sync.drain_once(force=True).sent == 3
        before = held(desk)
    assert all(central for _station, central in before.values())

    new_db = tmp_path / "b.db"
    with CentralServer(f"sqlite:///{new_db}") as new:
        # The new database has issued a number of its own meanwhile: the first one the desk
        # holds is another application's there.
        body = envelope()
        body["station_number"] = "07-01-2026-000001"
        body["station_code"] = "07-01"
        body["created_by"] = "memur7"
        taken = requests.post(new.url + APPLICATIONS_PATH, json=body, timeout=TIMEOUT,
                              headers={**key_header(body), **register(new, "07-01", "memur7")})
        assert taken.status_code == 201, taken.text
        with make_desk(desk_dir, new.url) as desk:  # enrolled there; its id is not recorded
            save(desk, 1)
            report = desk.sync.drain_once(force=True)
            assert report.paused is AuthReason.CENTRAL_CHANGED
            assert report.message == CENTRAL_CHANGED
            assert (report.sent, report.pending) == (0, 1)
            assert len(stored(new_db)) == 1  # nothing of the desk's went there

            result = desk.rehome()
            assert not isinstance(result, str), result
            assert (result.central_id, result.applications) == (central_id(new), 3)
            assert desk.central_identity.known == central_id(new)
            report = desk.sync.drain_once(force=True)
            assert (report.sent, report.quarantined, report.pending) == (4, 0, 0)
            after = held(desk)

    there = stored(new_db)
    # Every application is there once, under its station number, with the desk's number.
    assert {uuid: there[uuid] for uuid in after} == after
    for uuid, (station, central) in before.items():
        assert after[uuid][0] == station
        if central != taken.json()["central_number"]:
            assert after[uuid][1] == central  # the number on paper, kept
    changed = [uuid for uuid in before if after[uuid] != before[uuid]]
    assert len(changed) == 1  # only the number the new database had already given away
    assert len(set(central for _s, central in there.values())) == len(there)


def test_a_restored_central_that_gives_a_held_number_again_quarantines_that_item_only(
        tmp_path: Path) -> None:
    central_db = tmp_path / "central.db"
    backup = tmp_path / "backup.db"
    desk_dir = tmp_path / "desk"
    with CentralServer(f"sqlite:///{central_db}") as central, \
            make_desk(desk_dir, central.url) as desk:
        live, copy = sqlite3.connect(central_db), sqlite3.connect(backup)
        live.backup(copy)  # the night's backup: enrolled, nothing received yet
        live.close()
        copy.close()
        save(desk, 2)
        assert desk.sync.drain_once(force=True).sent == 2
    shutil.copyfile(backup, central_db)  # restored, same database id: nothing looks amiss
    for leftover in ("-wal", "-shm"):
        Path(f"{central_db}{leftover}").unlink(missing_ok=True)

    with CentralServer(f"sqlite:///{central_db}") as restored, \
            make_desk(desk_dir, restored.url) as desk:
        save(desk, 3)
        report = desk.sync.drain_once(force=True)
        # The restored service hands out again the two numbers the desk holds: those two
        # items are quarantined with their reason, the third goes, and nothing wedges.
        assert (report.sent, report.quarantined, report.pending) == (1, 2, 2)
        rows = desk.outbox.rows_by_id(report.quarantined_ids)
        assert all(row.state is OutboxState.QUARANTINED for row in rows)
        assert all((row.last_message or "").startswith(NUMBER_HELD_ELSEWHERE.split("{")[0])
                   for row in rows)
        again = desk.sync.drain_once(force=True)  # the next sync is not wedged either
        assert (again.sent, again.quarantined, again.retrying) == (0, 0, 0)
        before = held(desk)

    # The procedure (docs/operator.md): the restored database gets a new id, the desk is
    # re-homed, and everything it holds is at the centre once, with one number each.
    assert central_main(["--db", f"sqlite:///{central_db}", "identity", "--renew"]) == 0
    with CentralServer(f"sqlite:///{central_db}") as renewed, \
            make_desk(desk_dir, renewed.url) as desk:
        assert desk.sync.drain_once(force=True).paused is AuthReason.CENTRAL_CHANGED
        result = desk.rehome()
        assert not isinstance(result, str) and result.applications == 5
        report = desk.sync.drain_once(force=True)
        assert (report.sent, report.quarantined, report.pending) == (5, 0, 0)
        after = held(desk)
    there = stored(central_db)
    assert {uuid: there[uuid] for uuid in after} == after
    assert len(there) == 5 and len({central for _s, central in there.values()}) == 5
    # The numbers the restored service had not given away again are kept.
    kept = [uuid for uuid in before if before[uuid][1] and after[uuid] == before[uuid]]
    assert len(kept) >= 1


def test_the_centre_refuses_a_station_number_it_holds_for_another_application(
        tmp_path: Path) -> None:
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}") as central:
        headers = register(central)
        first, second = envelope(), envelope()
        second["station_number"] = first["station_number"]
        accepted = requests.post(central.url + APPLICATIONS_PATH, json=first, timeout=TIMEOUT,
                                 headers={**key_header(first), **headers})
        reissued = requests.post(central.url + APPLICATIONS_PATH, json=second,
                                 timeout=TIMEOUT, headers={**key_header(second), **headers})
        replay = requests.post(central.url + APPLICATIONS_PATH, json=first, timeout=TIMEOUT,
                               headers={**key_header(first), **headers})
    assert accepted.status_code == 201 and replay.status_code == 201
    assert reissued.status_code == 409
    assert reissued.json()["reason"] == "station_number_reissued"
    assert reissued.json()["detail"].startswith(
        f"{first['station_number']} istasyon numarası merkezde başka bir başvurunun")
    assert f"en yüksek numarası {first['station_number']}" in reissued.json()["detail"]


def test_the_commands_say_it_and_rehome_is_one_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = tmp_path / "desk"
    with CentralServer(f"sqlite:///{tmp_path / 'a.db'}") as old, \
            make_desk(desk_dir, old.url) as desk:
        save(desk, 2)
        assert desk.sync.drain_once(force=True).sent == 2
    with CentralServer(f"sqlite:///{tmp_path / 'b.db'}") as new:
        with make_desk(desk_dir, new.url) as desk:  # enrolled at the new centre
            save(desk, 1)
        tckn = new.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                        frozenset({Role.CLERK}), TEST_PASSWORD)
        monkeypatch.setenv("BIMER_TCKN", tckn)
        monkeypatch.setenv("BIMER_PASSWORD", TEST_PASSWORD)
        data = ["--data-dir", str(desk_dir), "--central", new.url]
        capsys.readouterr()
        assert main([*data, "sync"]) == 1
        output = capsys.readouterr()
        assert "Gönderilen: 0" in output.out and "Bekleyen: 1" in output.out
        assert output.err.strip().splitlines()[-1] == f"Uyarı: {CENTRAL_CHANGED}"

        assert main([*data, "rehome"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == (f"Masa yeni merkez veritabanına bağlandı ({central_id(new)}). "
                            "Yeniden gönderilecek: 2 başvuru, 0 ek.")
        assert any("Gönderilen: 3" in line and "Bekleyen: 0" in line for line in lines)
        assert not any("verilemedi" in line for line in lines)  # every number kept

        assert main([*data, "rehome"]) == 0
        assert capsys.readouterr().out.strip() == (
            f"Masa zaten bu merkez veritabanına bağlı ({central_id(new)}); yapılacak bir "
            "şey yok.")
    assert len(stored(tmp_path / "b.db")) == 3


def training_desk(desk_dir: Path) -> Desk:
    settings = load_settings(desk_dir).with_overrides(central_url="")
    return Desk(DeskConfig(data_dir=desk_dir, settings=settings, user="memur1"))


def test_a_synced_desk_opened_in_training_mode_sends_nothing_to_the_training_centre(
        tmp_path: Path) -> None:
    desk_dir = tmp_path / "desk"
    with CentralServer(f"sqlite:///{tmp_path / 'a.db'}") as central, \
            make_desk(desk_dir, central.url) as desk:
        save(desk, 2)
        assert desk.sync.drain_once(force=True).sent == 2
    with training_desk(desk_dir) as desk:
        save(desk, 1)
        report = desk.sync.drain_once(force=True)
        assert report.paused is AuthReason.CENTRAL_CHANGED and report.pending == 1
    assert stored(desk_dir / TRAINING_CENTRAL_FILE_NAME) == {}


def test_a_desk_that_only_practised_is_enrolled_in_production_without_a_rehome(
        tmp_path: Path) -> None:
    desk_dir = tmp_path / "desk"
    with training_desk(desk_dir) as desk:
        save(desk, 1)
        assert desk.sync.drain_once(force=True).sent == 1
        assert desk.central_identity.known is None  # the training centre is not recorded
    with CentralServer(f"sqlite:///{tmp_path / 'a.db'}") as central, \
            make_desk(desk_dir, central.url) as desk:
        assert desk.central_identity.known == central_id(central)
        save(desk, 1)
        report = desk.sync.drain_once(force=True)
        # Not stopped. (The practice application keeps its training central number: when
        # production gives the same number, that one item is quarantined, nothing wedges.)
        assert report.paused is None and report.reachable
        assert report.sent + report.quarantined == 1
