"""The hot folder's tray: scans taken into the set with Ctrl+H, refused ones left in the
folder, and a workbench that hands its scans over only when confirmed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.hot_folder import TAKEN_DIR_NAME, HotFolderWatcher
from tests.services.page_samples import COLOURS, image_bytes
from tests.ui.attachments.conftest import CTRL, WAIT_MS, add, make_panel, press
from ui.attachments import AttachmentsPanel
from ui.operations import Operations


def test_delete_in_the_hot_folder_tray_does_not_delete_a_page(
        qtbot: QtBot, ops: Operations, tmp_path: Path) -> None:
    panel = make_panel(qtbot, ops, hot_folder=HotFolderWatcher(tmp_path))
    add(qtbot, panel, ("ek.png", image_bytes("mor")))
    panel.hot_list.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert panel.page_count() == 1


def test_hot_folder_tray_to_the_form_with_ctrl_h(qtbot: QtBot, ops: Operations,
                                                 tmp_path: Path) -> None:
    for number, colour in enumerate(COLOURS, start=1):
        (tmp_path / f"Tarama {number:04d}.png").write_bytes(image_bytes(colour))
    (tmp_path / "yarım.pdf.part").write_bytes(b"%PDF-")
    watcher = HotFolderWatcher(tmp_path, interval=0.02)
    panel = make_panel(qtbot, ops, hot_folder=watcher)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: panel.hot_list.count() == 5, timeout=WAIT_MS)
        assert "5 dosya bekliyor" in panel.tray.title()
        with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
            press(qtbot, Qt.Key.Key_H, CTRL)
        assert panel.page_count() == 5
        assert sorted(p.name for p in (tmp_path / TAKEN_DIR_NAME).iterdir()) == [
            f"Tarama {n:04d}.png" for n in range(1, 6)]
        qtbot.waitUntil(lambda: panel.hot_list.count() == 0, timeout=WAIT_MS)
        assert "bekleyen dosya yok" in panel.tray.title()
    finally:
        watcher.stop()


def test_a_refused_hot_file_stays_in_the_folder(qtbot: QtBot, ops: Operations,
                                                tmp_path: Path) -> None:
    (tmp_path / "bozuk.pdf").write_bytes(b"%PDF-1.4 truncated")
    watcher = HotFolderWatcher(tmp_path)
    watcher.poll()
    watcher.poll()
    panel = make_panel(qtbot, ops, hot_folder=watcher)
    with qtbot.waitSignal(panel.messages_changed, timeout=WAIT_MS):
        panel.take_hot_files()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=WAIT_MS)
    assert panel.page_count() == 0
    assert panel.messages()[0].startswith("bozuk.pdf: PDF bozuk")
    assert (tmp_path / "bozuk.pdf").exists()


def waiting_scans(tmp_path: Path, count: int) -> HotFolderWatcher:
    for number, colour in enumerate(list(COLOURS)[:count], start=1):
        (tmp_path / f"Tarama {number:04d}.png").write_bytes(image_bytes(colour))
    watcher = HotFolderWatcher(tmp_path)
    watcher.poll()
    watcher.poll()
    return watcher


def take_all(qtbot: QtBot, panel: AttachmentsPanel) -> None:
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        panel.take_hot_files()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=WAIT_MS)


def test_a_workbench_hands_over_hot_files_only_when_confirmed(
        qtbot: QtBot, ops: Operations, tmp_path: Path) -> None:
    watcher = waiting_scans(tmp_path, 3)
    panel = make_panel(qtbot, ops, hot_folder=watcher, take_hot_files_at_once=False)
    take_all(qtbot, panel)
    assert panel.page_count() == 3 and panel.hot_list.count() == 0
    assert not (tmp_path / TAKEN_DIR_NAME).exists()  # nothing moved yet
    # A page deleted from the set goes back to the tray at once.
    panel.set_current_index(0)
    with qtbot.waitSignal(panel.files_changed):
        panel.delete_current()
    assert [f.name for f in watcher.pending()] == ["Tarama 0001.png"]
    # Combined into one PDF, the other two still count as taken from the folder.
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        panel.combine_all()
    take, restore = panel.hand_over_hot_files()
    assert sorted(file.name for file in take) == ["Tarama 0002.png", "Tarama 0003.png"]
    assert restore == []  # the deleted page's file went back at once
    assert not (tmp_path / TAKEN_DIR_NAME).exists()  # the attach moves them, not the panel


def test_a_cancelled_workbench_gives_hot_files_back(
        qtbot: QtBot, ops: Operations, tmp_path: Path) -> None:
    watcher = waiting_scans(tmp_path, 2)
    panel = make_panel(qtbot, ops, hot_folder=watcher, take_hot_files_at_once=False)
    take_all(qtbot, panel)
    assert watcher.pending() == []
    panel.release_hot_files()
    assert [f.name for f in watcher.pending()] == ["Tarama 0001.png", "Tarama 0002.png"]
    assert panel.hot_list.count() == 2
    assert panel.hand_over_hot_files() == ([], [])  # released: nothing left to hand over
