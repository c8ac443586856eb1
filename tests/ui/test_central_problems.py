"""What the window's status bar says when the settings or the central service stop the
sending (issue 18, items 2 and 7): one Turkish line in the tooltip of "Sorun var", and
the desk keeps taking applications."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from bimer_central.server import CentralServer
from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings
from services.central_client import MissingCaBundle
from services.central_identity import CENTRAL_CHANGED
from services.sync import SyncReport
from tests.conftest import in_person_form, make_desk
from tests.ui.conftest import WindowFactory, sync_window
from ui.status_bar import CentralState
from ui.sync_control import SyncResult


def test_another_central_database_stops_sending_and_the_status_bar_says_so(
        qtbot: QtBot, tmp_path: Path, make_window: WindowFactory) -> None:
    desk_dir = tmp_path / "desk"
    with CentralServer(f"sqlite:///{tmp_path / 'a.db'}") as old, \
            make_desk(desk_dir, old.url) as desk:
        assert desk.intake.save(in_person_form(), "memur1").ok
        assert desk.sync.drain_once(force=True).sent == 1
    with CentralServer(f"sqlite:///{tmp_path / 'b.db'}") as new, \
            make_desk(desk_dir, new.url) as desk:
        assert desk.intake.save(in_person_form(), "memur1").ok
        window = make_window(desk)
        outcome = sync_window(qtbot, window)
        assert isinstance(outcome, SyncResult) and isinstance(outcome.report, SyncReport)
        assert outcome.report.pending == 1
        assert window.status.state is CentralState.PROBLEM
        assert window.status.central_label.text() == "Sorun var"
        assert window.status.dot.toolTip().startswith(CENTRAL_CHANGED)
        window.shutdown()  # before the desk closes (make_window's own comes later)


def test_a_missing_ca_file_is_the_status_bar_s_line_not_a_crash(
        qtbot: QtBot, tmp_path: Path, make_window: WindowFactory) -> None:
    data = tmp_path / "desk"
    missing = tmp_path / "kurum-ca.pem"
    settings = load_settings(data).with_overrides(central_url="https://127.0.0.1:9",
                                                  ca_bundle=str(missing))
    with Desk(DeskConfig(data_dir=data, settings=settings, user="memur1")) as desk:
        assert desk.intake.save(in_person_form(), "memur1").ok  # intake goes on
        window = make_window(desk)
        outcome = sync_window(qtbot, window)
        assert isinstance(outcome, MissingCaBundle)
        assert window.status.state is CentralState.PROBLEM
        assert window.status.dot.toolTip() == str(outcome)
        assert str(missing) in window.status.dot.toolTip()
        window.shutdown()
