"""İlk kurulum: the wizard a new desk starts with, through to the settings file it writes."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from bimer_desktop.cli import main
from bimer_desktop.logging_setup import remove_handlers
from bimer_desktop.settings import default_settings, load_settings, read_data_dir_choice
from services.central_client import HealthCheck
from services.credentials import CredentialStore, backend_for
from tests.central_auth import TEST_UNIT, central_for, enrollment_code
from ui.first_run import TEXT, FirstRunWizard
from ui.main_window import MainWindow

PRINTERS = ["Kasa Yazıcısı", "Arşiv Lazer"]  # stand-ins for printers this machine lacks


@pytest.fixture
def wizard(qtbot: QtBot, tmp_path: Path) -> Iterator[FirstRunWizard]:
    made = FirstRunWizard(tmp_path / "varsayilan", default_settings(),
                          config_dir=tmp_path / "config", printers=lambda: PRINTERS)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.central_page.stop()


def finish(wizard: FirstRunWizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_the_wizard_completes_and_writes_a_valid_settings_file(
        wizard: FirstRunWizard, tmp_path: Path) -> None:
    assert wizard.currentPage() is wizard.central_page  # no station to type: none prefilled
    assert wizard.central_page.training  # the safe default: nothing leaves this PC
    wizard.next()
    chosen, scans = tmp_path / "D" / "BIMER", tmp_path / "Taramalar"
    wizard.folders_page.data_dir.field.set_value(str(chosen))
    wizard.folders_page.hot_folder.set_value(str(scans))
    wizard.next()
    wizard.printers_page.fields["receipt_printer"].set_value(PRINTERS[0])
    finish(wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    settings = load_settings(chosen)  # a file the desk accepts
    assert (settings.station_code, settings.central_url) == ("06-01", "")  # training's own
    assert (settings.hot_folder, settings.receipt_printer) == (str(scans), PRINTERS[0])
    assert settings.report_printer == ""  # the system's default
    assert scans.is_dir()
    assert read_data_dir_choice(tmp_path / "config") == chosen
    assert (wizard.data_dir, wizard.settings) == (chosen, settings)


def enroll_on_page(qtbot: QtBot, wizard: FirstRunWizard, url: str, code: str) -> None:
    page = wizard.central_page
    page.set_central_url(url)
    page.enrollment.code.setText(code)
    wizard.next()  # İleri sends the code; the page turns when the service answers
    qtbot.waitUntil(lambda: not page.enrollment.busy, timeout=20_000)


def test_the_station_comes_from_the_enrollment_code_and_a_second_desk_is_refused(
        qtbot: QtBot, wizard: FirstRunWizard, central_url: str, tmp_path: Path) -> None:
    server = central_for(central_url)
    assert server is not None
    code = server.accounts.add_station("34-07", TEST_UNIT).code
    page = wizard.central_page
    enroll_on_page(qtbot, wizard, central_url, code)
    assert wizard.currentPage() is wizard.folders_page
    assert page.enrollment.status.text().startswith("✔ Masa kaydedildi: istasyon 34-07")
    wizard.folders_page.data_dir.field.set_value(str(tmp_path / "veri"))
    wizard.next()
    finish(wizard)
    assert load_settings(tmp_path / "veri").station_code == "34-07"
    stored = CredentialStore(backend_for(tmp_path / "veri")).desk()
    assert stored is not None and stored.station_code == "34-07"

    # A second PC set up with the same code: refused, in Turkish, and the page stays (the
    # coordinator gets no second code for an enrolled station: tests/bimer_central/
    # test_route_credentials.py).
    second = FirstRunWizard(tmp_path / "ikinci", default_settings(), config_dir=None,
                            printers=lambda: PRINTERS)
    qtbot.addWidget(second)
    second.show()
    try:
        enroll_on_page(qtbot, second, central_url, code)
        assert second.currentPage() is second.central_page
        assert "daha önce kullanıldı: 34-07 istasyonu başka bir masaya kayıtlı" in \
            second.central_page.enrollment.status.text()
    finally:
        second.central_page.stop()


def test_a_central_address_is_required_once_chosen_and_must_be_http_s(
        wizard: FirstRunWizard) -> None:
    wizard.central_page.production_choice.setChecked(True)
    wizard.next()
    assert wizard.central_page.url.error_text == TEXT["url_required"]
    wizard.central_page.url.set_value("bimer.kurum.gov.tr")
    wizard.next()
    assert wizard.currentPage() is wizard.central_page
    assert "https://" in wizard.central_page.url.error_text


def test_the_connection_test_reaches_the_real_central_service(
        qtbot: QtBot, wizard: FirstRunWizard, central_url: str, tmp_path: Path) -> None:
    page = wizard.central_page
    wizard.next()
    page.set_central_url(central_url)
    with qtbot.waitSignal(page.connection_checked, timeout=20_000) as answer:
        page.test_button.click()
    result = answer.args[0]
    assert isinstance(result, HealthCheck) and result.ok
    assert page.status.text() == "✔ Bağlantı kuruldu: merkez çalışıyor."

    server = central_for(central_url)
    assert server is not None
    enroll_on_page(qtbot, wizard, central_url, enrollment_code(server, "06-02"))
    wizard.folders_page.data_dir.field.set_value(str(tmp_path / "veri"))
    wizard.next()
    finish(wizard)
    assert load_settings(tmp_path / "veri").central_url == central_url


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_dead_port_gets_a_clear_message(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    page = wizard.central_page
    page.set_central_url(f"http://127.0.0.1:{closed_port()}")
    with qtbot.waitSignal(page.connection_checked, timeout=20_000) as answer:
        assert page.test_connection()
    assert isinstance(answer.args[0], HealthCheck) and not answer.args[0].ok
    assert page.status.text().startswith("✖ Merkeze bağlanılamadı: adres ya da port yanlış")
    assert page.test_button.isEnabled()


def test_a_silent_service_is_waited_for_off_the_gui_thread(
        qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """A port that accepts and never answers: the window keeps working while the test
    waits, and then says the service did not answer."""
    page = wizard.central_page
    page.health_timeout = (1.0, 1.0)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        page.set_central_url(f"http://127.0.0.1:{silent.getsockname()[1]}")
        timer.start()
        with qtbot.waitSignal(page.connection_checked, timeout=20_000) as answer:
            assert page.test_connection()
            assert page.checking and not page.test_button.isEnabled()
            assert page.status.text() == TEXT["testing"]
        timer.stop()
    assert isinstance(answer.args[0], HealthCheck) and not answer.args[0].ok
    assert "cevap vermedi" in page.status.text()
    assert ticks  # the event loop ran while the worker waited


def test_the_first_start_of_the_window_runs_the_wizard_then_opens_the_desk(
        qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "yeni-masa"
    seen: dict[str, object] = {}

    def drive() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, FirstRunWizard) and widget.isVisible() and "wizard" not in seen:
                seen["wizard"] = True
                seen["fixed"] = widget.folders_page.data_dir.field.line.isReadOnly()
                for _page in range(2):
                    widget.next()
                finish(widget)
            elif isinstance(widget, MainWindow) and widget.isVisible():
                seen["title"] = widget.windowTitle()
                widget.close()
                poll.stop()

    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(drive)
    poll.start()
    try:
        assert main(["--data-dir", str(data_dir)]) == 0
    finally:
        poll.stop()
        remove_handlers()
    assert seen == {"wizard": True, "fixed": True, "title": "BİMER Masaüstü — 06-01"}
    stored = json.loads((data_dir / "settings.json").read_text("utf-8"))
    assert stored["central_url"] == ""  # training: it enrolled itself, nothing to type
