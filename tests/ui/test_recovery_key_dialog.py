"""The recovery key shown once at a new desk's first start, saved as a sheet, confirmed."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from tests.printing.pdf_helpers import normalize_space, page_count, pdf_text
from tests.ui.test_print_dialogs import office
from ui.recovery_key_dialog import RecoveryKeyDialog


def test_the_key_is_shown_saved_on_paper_and_gone_once_confirmed(
        qtbot: QtBot, offline_desk: Desk, tmp_path: Path) -> None:
    recovery = offline_desk.data_keys.pending_recovery_key()
    assert recovery is not None
    printers = office("Kasa", default="Kasa")
    dialog = RecoveryKeyDialog(offline_desk, recovery, printers)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key_label.text() == recovery
    assert not dialog.ok_button.isEnabled()  # not before the operator says it is kept

    target = tmp_path / "kasa" / "kurtarma.pdf"
    dialog.save_to(target)
    qtbot.waitUntil(lambda: target.exists() and "Kaydedildi" in dialog.status.text(),
                    timeout=20_000)
    pdf = target.read_bytes()
    text = normalize_space(pdf_text(pdf))
    assert page_count(pdf) == 1
    assert all(group in text for group in recovery.split("-"))
    assert offline_desk.config.station_code in text and "recover-key" in text

    dialog.later_button.click()  # "Sonra": still pending, shown at the next start
    assert offline_desk.data_keys.pending_recovery_key() == recovery

    dialog.print_button.click()  # the office's default printer gets the same sheet
    qtbot.waitUntil(lambda: "Yazıcıya gönderildi" in dialog.status.text(), timeout=20_000)
    [(printed, _title)] = printers.printers["Kasa"].received
    assert all(group in normalize_space(pdf_text(printed)) for group in recovery.split("-"))

    again = RecoveryKeyDialog(offline_desk, recovery, office())
    qtbot.addWidget(again)
    again.kept.setChecked(True)
    assert again.ok_button.isEnabled()
    again.ok_button.click()
    assert offline_desk.data_keys.pending_recovery_key() is None
