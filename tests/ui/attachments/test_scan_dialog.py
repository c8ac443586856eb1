"""Tara… from the panel against the fake scanner: a duplex feeder batch, no scanner, a
failed scan, and Vazgeç while a driver hangs."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.fake_scanner import FakeScanner
from services.scan_options import ScanSource
from services.scanning import ScanFailed, ScanSettings
from tests.services.page_samples import read_back
from tests.ui.attachments.conftest import CTRL, WAIT_MS, make_panel, press
from ui.attachments import ScanDialog
from ui.operations import Operations


def test_scan_dialog_adds_a_duplex_feeder_batch(qtbot: QtBot, ops: Operations) -> None:
    scanner = FakeScanner(feeder_sheets=2)
    panel = make_panel(qtbot, ops, scanner=scanner,
                       scan_defaults=ScanSettings(ScanSource.FEEDER, dpi=150))
    press(qtbot, Qt.Key.Key_T, CTRL)
    dialog = panel.scan_dialog
    assert isinstance(dialog, ScanDialog)
    qtbot.waitUntil(lambda: dialog.device.count() == 2, timeout=WAIT_MS)
    assert dialog.settings().dpi == 150
    dialog.duplex.setChecked(True)
    dialog.dpi.setCurrentIndex(dialog.dpi.findData(150))
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    assert scanner.scans == [("fake:adf", ScanSettings(ScanSource.FEEDER, True, 150))]
    [document] = panel.documents()
    assert document.name == "Tarama 1.pdf" and panel.page_count() == 4
    name, data = panel.files()[0]
    assert name == "Tarama 1.pdf" and len(read_back(data)) == 4


def test_scan_dialog_says_why_when_there_is_no_scanner(qtbot: QtBot,
                                                       ops: Operations) -> None:
    panel = make_panel(qtbot, ops, scanner=FakeScanner(devices=[]))
    dialog = panel.open_scan_dialog()
    qtbot.waitUntil(lambda: "bulunamadı" in dialog.status_text(), timeout=WAIT_MS)
    assert not dialog.scan_button.isEnabled()
    dialog.reject()
    none_at_all = make_panel(qtbot, ops, scanner=None).open_scan_dialog()
    assert "bulunamadı" in none_at_all.status_text()


def test_scan_failure_is_shown_in_the_dialog(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops, scanner=FakeScanner(feeder_sheets=0))
    dialog = panel.open_scan_dialog()
    qtbot.waitUntil(lambda: dialog.scan_button.isEnabled(), timeout=WAIT_MS)
    dialog.start_scan()
    qtbot.waitUntil(lambda: "kâğıt yok" in dialog.status_text(), timeout=WAIT_MS)
    assert dialog.isVisible() and panel.page_count() == 0


class StuckScanner(FakeScanner):
    """A driver that hangs until told to stop — as a jammed or confused one does."""

    def __init__(self) -> None:
        super().__init__()
        self.stop = threading.Event()
        self.started = threading.Event()

    def scan(self, device_id: str, settings: ScanSettings) -> list[bytes]:
        self.started.set()
        self.stop.wait(WAIT_MS / 1000)
        raise ScanFailed("Tarama iptal edildi.")

    def cancel(self) -> None:
        self.stop.set()


def test_vazgec_during_a_scan_stops_the_scanner(qtbot: QtBot, ops: Operations) -> None:
    scanner = StuckScanner()
    panel = make_panel(qtbot, ops, scanner=scanner)
    dialog = panel.open_scan_dialog()
    qtbot.waitUntil(lambda: dialog.scan_button.isEnabled(), timeout=WAIT_MS)
    dialog.start_scan()
    assert scanner.started.wait(5)
    assert "Taranıyor" in dialog.status_text() or "taranıyor" in dialog.status_text()
    dialog.reject()
    assert scanner.stop.is_set()
    assert ops.wait(5000)  # the worker is free again
    assert panel.page_count() == 0
