"""The hot folder on a real directory: new files, growing files, once only, taken/."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from services.hot_folder import TAKEN_DIR_NAME, HotFile, HotFolderWatcher, is_temporary_name
from tests.services.page_samples import image_bytes


def write(path: Path, data: bytes, mtime_offset: int = 0) -> Path:
    path.write_bytes(data)
    if mtime_offset:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + mtime_offset * 10**9))
    return path


def test_a_file_written_after_the_watch_started_is_picked_up(tmp_path: Path) -> None:
    arrived: list[list[HotFile]] = []
    got_one = threading.Event()

    def on_new(files: list[HotFile]) -> None:
        arrived.append(files)
        got_one.set()

    watcher = HotFolderWatcher(tmp_path, interval=0.02, on_new=on_new)
    watcher.start()
    try:
        assert not got_one.wait(0.1)  # empty folder: nothing to say
        write(tmp_path / "Tarama 0001 — Şükrü.pdf", b"%PDF-1.4 scanned")
        assert got_one.wait(5), "the new scan was never reported"
    finally:
        watcher.stop()
    assert not watcher.running
    assert [f.name for f in arrived[0]] == ["Tarama 0001 — Şükrü.pdf"]
    assert [f.name for f in watcher.pending()] == ["Tarama 0001 — Şükrü.pdf"]


def test_a_growing_file_waits_until_its_size_is_stable(tmp_path: Path) -> None:
    watcher = HotFolderWatcher(tmp_path)
    scan = tmp_path / "tarama.tif"
    scan.write_bytes(b"II*\x00" + b"\x00" * 100)
    assert watcher.poll() == []  # first sight
    with scan.open("ab") as handle:
        handle.write(b"\x00" * 5000)  # the scanner is still writing
    assert watcher.poll() == []  # changed since the last poll
    assert watcher.poll() != []  # the same twice: complete
    assert watcher.poll() == []  # and said once only


def test_temporary_names_hidden_files_and_other_types_are_ignored(tmp_path: Path) -> None:
    for name in ("tarama.pdf.part", "~tarama.pdf", "tarama.pdf~", ".gizli.pdf",
                 "iş.xml", "Thumbs.db", "indirme.crdownload"):
        write(tmp_path / name, b"data")
    (tmp_path / "alt klasör.pdf").mkdir()
    (tmp_path / "boş.pdf").write_bytes(b"")  # created, not yet written
    watcher = HotFolderWatcher(tmp_path)
    watcher.poll()
    assert watcher.poll() == []
    assert is_temporary_name("SCAN.PDF.PART") and not is_temporary_name("tarama.pdf")


def test_oldest_first_and_each_file_once(tmp_path: Path) -> None:
    write(tmp_path / "b.png", image_bytes("mavi"), mtime_offset=-30)
    write(tmp_path / "a.png", image_bytes("kırmızı"), mtime_offset=-10)
    write(tmp_path / "c.png", image_bytes("yeşil"), mtime_offset=-20)
    watcher = HotFolderWatcher(tmp_path)
    watcher.poll()
    new = watcher.poll()
    assert [f.name for f in new] == ["b.png", "c.png", "a.png"]
    assert [f.name for f in watcher.pending()] == ["b.png", "c.png", "a.png"]
    assert watcher.poll() == []
    # Written again under the same name: a new scan, offered again.
    write(tmp_path / "a.png", image_bytes("sarı", size=(130, 170)), mtime_offset=5)
    watcher.poll()
    assert [f.name for f in watcher.poll()] == ["a.png"]


def test_mark_taken_moves_into_taken_and_is_not_offered_again(tmp_path: Path) -> None:
    data = image_bytes("mor")
    write(tmp_path / "Dilekçe.png", data)
    watcher = HotFolderWatcher(tmp_path)
    watcher.poll()
    [scan] = watcher.poll()
    moved = watcher.mark_taken(scan)
    assert moved == tmp_path / TAKEN_DIR_NAME / "Dilekçe.png"
    assert moved.read_bytes() == data and not scan.path.exists()
    assert watcher.pending() == []
    # A restarted desk (a new watcher) does not offer it either.
    again = HotFolderWatcher(tmp_path)
    again.poll()
    assert again.poll() == []
    # The same name taken twice keeps both files.
    write(tmp_path / "Dilekçe.png", data)
    watcher.poll()
    [second] = watcher.poll()
    assert watcher.mark_taken(second) == tmp_path / TAKEN_DIR_NAME / "Dilekçe (2).png"


def test_a_file_taken_by_another_desk_disappears_from_the_tray(tmp_path: Path) -> None:
    write(tmp_path / "tarama.pdf", b"%PDF-1.4")
    mine = HotFolderWatcher(tmp_path)
    other = HotFolderWatcher(tmp_path)
    for watcher in (mine, other):
        watcher.poll()
        watcher.poll()
    [scan] = other.pending()
    assert other.mark_taken(scan) is not None
    assert mine.mark_taken(mine.pending()[0]) is None  # gone already: no error
    mine.poll()
    assert mine.pending() == []


def test_a_missing_folder_is_reported_not_raised(tmp_path: Path) -> None:
    watcher = HotFolderWatcher(tmp_path / "ağ paylaşımı")
    assert watcher.poll() == []
    assert watcher.error is not None and "ulaşılamıyor" in watcher.error
    (tmp_path / "ağ paylaşımı").mkdir()
    watcher.poll()
    assert watcher.error is None


def test_dismissed_files_leave_the_tray_but_stay_on_disk(tmp_path: Path) -> None:
    write(tmp_path / "bozuk.pdf", b"%PDF-broken")
    watcher = HotFolderWatcher(tmp_path)
    watcher.poll()
    [scan] = watcher.poll()
    watcher.dismiss(scan)
    watcher.poll()
    assert watcher.pending() == [] and scan.path.exists()



def test_a_dismissed_file_can_be_offered_again(tmp_path: Path) -> None:
    write(tmp_path / "tarama.png", image_bytes("mavi"))
    watcher = HotFolderWatcher(tmp_path)
    watcher.poll()
    [scan] = watcher.poll()
    watcher.dismiss(scan)  # pulled into a workbench…
    assert watcher.restore(scan)  # …that was cancelled
    assert watcher.pending() == [scan]
    scan.path.unlink()
    assert not watcher.restore(scan)  # gone meanwhile: nothing to offer
