"""Issue 4's promise, end to end: a 10-page scan stack from the hot folder, pages reordered
and rotated, saved with the application, and complete at the real central service."""

from __future__ import annotations

from pathlib import Path

import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings
from services.fake_scanner import fake_page
from tests.central_auth import central_for
from tests.conftest import in_person_form, provision
from tests.ui.conftest import WAIT_MS, FormFactory, save_form
from ui.attachments import AttachmentsDialog


def test_a_hot_folder_stack_arrives_complete_at_the_centre(
    qtbot: QtBot, tmp_path: Path, central_url: str, make_form: FormFactory
) -> None:
    hot = tmp_path / "scans"
    hot.mkdir()
    data_dir = tmp_path / "desk"
    settings = load_settings(data_dir).with_overrides(central_url=central_url,
                                                      hot_folder=str(hot))
    with Desk(DeskConfig(data_dir=data_dir, settings=settings, user="memur1")) as desk:
        server = central_for(central_url)
        assert server is not None
        provision(desk, server, central_url, "06-01", "memur1")  # enrolled, clerk logged in
        form = make_form(desk)
        form.show()
        form.set_form_value(in_person_form())
        dialog = form.open_attachments()
        assert isinstance(dialog, AttachmentsDialog)
        panel = dialog.panel
        for number in range(1, 11):  # written after the watch started, as a scanner does
            (hot / f"Tarama {number:04d}.png").write_bytes(
                fake_page(number, f"Sayfa {number}", dpi=50))
        qtbot.waitUntil(lambda: panel.hot_list.count() == 10, timeout=15_000)

        panel.take_hot_files()
        qtbot.waitUntil(lambda: panel.page_count() == 10 and not panel.is_busy(),
                        timeout=20_000)
        panel.combine_all()
        qtbot.waitUntil(lambda: len(panel.documents()) == 1 and not panel.is_busy(),
                        timeout=20_000)
        panel.set_current_index(9)
        panel.move_current(-1)  # the last page was scanned out of order
        panel.set_current_index(0)
        panel.rotate_current(1)  # and the first one upside down... a quarter at a time
        files = dialog.files()
        with qtbot.waitSignal(form.attachments.changed, timeout=WAIT_MS):
            dialog.accept()

        assert len(files) == 1
        assert form.attachment_names() and form.attachment_names()[0].endswith("KB")
        save_form(qtbot, form)
        report = desk.sync.drain_once()
        assert report.pending == 0, report

        [saved] = desk.queries.list_applications()
        [attachment] = desk.queries.attachments(saved.id)
        assert attachment.page_count == 10 and attachment.uploaded
        remote = requests.get(f"{central_url}/api/v1/applications/{saved.central_number}",
                              headers=desk.desk_auth.headers(), timeout=10).json()
        assert remote["complete"] is True and remote["missing_blobs"] == []
        assert [a["sha256"] for a in remote["attachments"]] == [attachment.sha256]
        assert sorted(p.name for p in hot.iterdir() if p.is_file()) == []


def test_ctrl_h_takes_the_waiting_scans_into_the_open_form(
    qtbot: QtBot, tmp_path: Path, make_form: FormFactory
) -> None:
    hot = tmp_path / "scans"
    hot.mkdir()
    data_dir = tmp_path / "desk"
    settings = load_settings(data_dir).with_overrides(central_url="http://127.0.0.1:9",
                                                      hot_folder=str(hot))
    with Desk(DeskConfig(data_dir=data_dir, settings=settings, user="memur1")) as desk:
        form = make_form(desk)
        form.show()
        (hot / "Tarama 0001.png").write_bytes(fake_page(1, "Sayfa 1", dpi=50))
        (hot / "fatura.pdf").write_bytes(b"MZ" + bytes(200))  # a program, not a PDF
        watcher = desk.hot_folder()
        assert watcher is not None
        qtbot.waitUntil(lambda: len(watcher.pending()) == 2, timeout=10_000)
        qtbot.waitUntil(lambda: "2 dosya bekliyor" in form.attachments.hot_waiting.text(),
                        timeout=5_000)

        form.first_editor().setFocus()
        with qtbot.waitSignal(form.attachments.changed, timeout=WAIT_MS):
            qtbot.keyClick(form.first_editor(), "h", Qt.KeyboardModifier.ControlModifier)

        assert [name.split(" — ")[0] for name in form.attachment_names()] == [
            "Tarama 0001.png"]
        assert (hot / "taken" / "Tarama 0001.png").exists()
        assert (hot / "fatura.pdf").exists()  # refused, left where it was, with its reason
        assert "fatura.pdf: " in form.attachments.errors.text()
