"""``bimer-desktop enroll`` on a new desk: whatever station its code names, the desk starts
as that station afterwards — also after a code was refused first (the desk's database was
made, and stamped with the settings' station, before the central service answered)."""

from __future__ import annotations

from pathlib import Path

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings
from models.roles import Role
from services.auth import LoginStatus
from tests.bimer_desktop.test_cli import run
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, central_for, enrollment_code
from tests.conftest import in_person_form


def test_a_desk_enrolled_for_another_station_than_the_default_starts_as_it(
        tmp_path: Path, central_url: str) -> None:
    server = central_for(central_url)
    assert server is not None
    tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                       frozenset({Role.CLERK}), TEST_PASSWORD)
    used = enrollment_code(server, "06-01")
    assert run("--data-dir", str(tmp_path / "first"), "enroll", central_url,
               used).returncode == 0
    data = ["--data-dir", str(tmp_path / "desk")]
    refused = run(*data, "enroll", central_url, used)
    assert refused.returncode == 1 and "daha önce kullanıldı" in refused.stderr

    enrolled = run(*data, "enroll", central_url, enrollment_code(server, "34-07"))
    assert enrolled.returncode == 0, enrolled.stderr
    assert "istasyon 34-07" in enrolled.stdout

    clerk = {"BIMER_TCKN": tckn, "BIMER_PASSWORD": TEST_PASSWORD}
    listed = run(*data, "list", env=clerk)
    assert listed.returncode == 0, listed.stderr
    desk = Desk(DeskConfig(data_dir=tmp_path / "desk",
                           settings=load_settings(tmp_path / "desk")))
    try:
        assert desk.config.station_code == "34-07"
        assert desk.auth.login(tckn, TEST_PASSWORD).status is LoginStatus.OK
        assert desk.intake.save(in_person_form(), "memur1").station_number.startswith("34-07-")
    finally:
        desk.close()


def test_a_desk_holding_another_station_s_numbers_is_not_enrolled_as_a_new_station(
        tmp_path: Path, central_url: str) -> None:
    server = central_for(central_url)
    assert server is not None
    tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                       frozenset({Role.CLERK}), TEST_PASSWORD)
    data = ["--data-dir", str(tmp_path / "desk")]
    assert run(*data, "enroll", central_url, enrollment_code(server, "06-05")).returncode == 0
    config = DeskConfig(data_dir=tmp_path / "desk", settings=load_settings(tmp_path / "desk"))
    desk = Desk(config)
    try:
        assert desk.auth.login(tckn, TEST_PASSWORD).status is LoginStatus.OK
        number = desk.intake.save(in_person_form(), "memur1").station_number
        assert number.startswith("06-05-")
        refused = desk.enroll(central_url, enrollment_code(server, "35-01"))
        assert isinstance(refused, str)
        assert "06-05 istasyonunun başvurularını tutuyor" in refused
    finally:
        desk.close()
    assert run(*data, "list", env={"BIMER_TCKN": tckn,
                                   "BIMER_PASSWORD": TEST_PASSWORD}).returncode == 0


def test_a_desk_left_unstartable_by_an_earlier_enrollment_starts_as_its_station(
        tmp_path: Path, central_url: str) -> None:
    """Desks enrolled before this fix: the database stamped 06-01 at the enrollment, the
    settings and the credential 34-08, no number issued — the next start takes 34-08."""
    from sqlalchemy import update

    from models.entities import DeskIdentity

    server = central_for(central_url)
    assert server is not None
    data = ["--data-dir", str(tmp_path / "desk")]
    assert run(*data, "enroll", central_url, enrollment_code(server, "34-08")).returncode == 0
    config = DeskConfig(data_dir=tmp_path / "desk", settings=load_settings(tmp_path / "desk"))
    desk = Desk(config)
    with desk.db.sessions.begin() as session:  # as the release before this fix left it
        session.execute(update(DeskIdentity).values(station_code="06-01"))
    desk.close()
    again = Desk(config)
    try:
        assert again.config.station_code == "34-08"
    finally:
        again.close()
