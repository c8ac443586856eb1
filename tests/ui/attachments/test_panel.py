"""The Ekler panel with real files, real keys, drops, the clipboard, the hot folder and the
fake scanner; what it would attach is read back as PDF pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from services.fake_scanner import FakeScanner
from services.hot_folder import TAKEN_DIR_NAME, HotFolderWatcher
from services.page_ops import Document
from services.scan_options import ScanSource
from services.scanning import ScanFailed, ScanSettings
from tests.services.page_samples import (
    COLOURS,
    image_bytes,
    labels,
    read_back,
    text_pdf,
    tiff_bytes,
)
from ui.attachments import AttachmentsPanel, ScanDialog, turned
from ui.operations import Operations
from ui.previews.attachments import preview_attachments_panel

WAIT_MS = 10_000


@pytest.fixture
def ops() -> Iterator[Operations]:
    instance = Operations()
    yield instance
    instance.shutdown(WAIT_MS)


def make_panel(qtbot: QtBot, ops: Operations, **kwargs: object) -> AttachmentsPanel:
    panel = AttachmentsPanel(ops, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(820, 560)
    with qtbot.waitActive(panel):
        panel.show()
    return panel


def add(qtbot: QtBot, panel: AttachmentsPanel, *items: tuple[str, bytes]) -> None:
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        panel.add_files(list(items))


def one_pdf(panel: AttachmentsPanel) -> bytes:
    return panel.combined_pdf(shrink=False).data


def press(qtbot: QtBot, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_thumbnails_and_preview_of_every_page(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    assert panel.hint.isVisible() and panel.page_count() == 0
    add(qtbot, panel,
        ("Dilekçe — Şükrü Öğüt.pdf", text_pdf(["Birinci sayfa", "İkinci sayfa"])),
        ("ekler.tiff", tiff_bytes(["kırmızı", "yeşil", "mavi"])),
        ("fotoğraf.jpg", image_bytes("sarı", "JPEG")))
    assert panel.strip.count() == 6 and not panel.hint.isVisible()
    for row in range(6):
        assert not panel.strip.item(row).icon().isNull()
    assert panel.strip.item(0).text() == "1\nDilekçe — Şükrü Öğüt.pdf"
    assert panel.summary.text() == "6 sayfa · 3 ek"
    # The first new page is selected and previewed (sharp render arrives from a worker).
    qtbot.waitUntil(lambda: panel.preview.pixmap() is not None
                    and not panel.preview.pixmap().isNull(), timeout=WAIT_MS)
    assert "Sayfa 1 / 6" in panel.preview_caption.text()
    # Untouched files are attached byte for byte, under their own names.
    assert [name for name, _ in panel.files()] == [
        "Dilekçe — Şükrü Öğüt.pdf", "ekler.tiff", "fotoğraf.jpg"]


def test_pdf_preview_is_on_white_paper(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    add(qtbot, panel, ("boş.pdf", text_pdf([""])))
    qtbot.waitUntil(lambda: bool(panel._preview_cache), timeout=WAIT_MS)
    [image] = panel._preview_cache.values()
    assert image.pixelColor(5, 5).name() == "#ffffff"  # not transparent black


def test_rotate_reorder_delete_from_the_keyboard(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    add(qtbot, panel, ("yığın.tiff", tiff_bytes(["kırmızı", "yeşil", "mavi", "sarı"])))
    panel.strip.setFocus()
    panel.set_current_index(1)  # yeşil
    with qtbot.waitSignal(panel.files_changed):
        press(qtbot, Qt.Key.Key_R, CTRL)
    with qtbot.waitSignal(panel.files_changed):
        press(qtbot, Qt.Key.Key_Right, CTRL_SHIFT)
    assert panel.current_index() == 2  # the selection follows the page
    panel.set_current_index(0)
    with qtbot.waitSignal(panel.files_changed):
        press(qtbot, Qt.Key.Key_Delete)
    seen = read_back(one_pdf(panel))
    assert [page.label for page in seen] == ["mavi", "yeşil", "sarı"]
    assert [page.rotation for page in seen] == [0, 90, 0]
    # The edited TIFF is attached as a PDF of what the clerk sees.
    [(name, data)] = panel.files()
    assert name == "yığın.pdf" and labels(data) == ["mavi", "yeşil", "sarı"]
    # Counter-clockwise undoes a turn.
    panel.set_current_index(1)
    with qtbot.waitSignal(panel.files_changed):
        press(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    assert read_back(one_pdf(panel))[1].rotation == 0


def test_a_page_of_a_long_document_does_not_leave_it(qtbot: QtBot,
                                                      ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    add(qtbot, panel, ("mektup.pdf", text_pdf(["Bir", "İki"])),
        ("ek.png", image_bytes("mor")))
    panel.strip.setFocus()
    panel.set_current_index(1)
    press(qtbot, Qt.Key.Key_Right, CTRL_SHIFT)
    assert "birleştir" in panel.notice.text() and panel.notice.isVisible()
    # A one-page attachment moves past a whole document.
    panel.set_current_index(2)
    with qtbot.waitSignal(panel.files_changed):
        press(qtbot, Qt.Key.Key_Left, CTRL_SHIFT)
    assert [d.name for d in panel.documents()] == ["ek.png", "mektup.pdf"]
    assert panel.current_index() == 0


def test_delete_in_the_hot_folder_tray_does_not_delete_a_page(
        qtbot: QtBot, ops: Operations, tmp_path: Path) -> None:
    panel = make_panel(qtbot, ops, hot_folder=HotFolderWatcher(tmp_path))
    add(qtbot, panel, ("ek.png", image_bytes("mor")))
    panel.hot_list.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert panel.page_count() == 1


def drop(panel: AttachmentsPanel, mime: QMimeData) -> QDropEvent:
    position = QPointF(panel.rect().center())
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    event = QDropEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, event)
    return event


def test_dropped_files_are_added(qtbot: QtBot, ops: Operations,
                                 tmp_path: Path) -> None:
    panel = make_panel(qtbot, ops)
    first = tmp_path / "Başvuru dilekçesi — İğneada.png"
    first.write_bytes(image_bytes("kırmızı"))
    second = tmp_path / "ek.pdf"
    second.write_bytes(text_pdf(["Çözüm önerisi"]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        assert drop(panel, mime).isAccepted()
    assert [d.name for d in panel.documents()] == ["Başvuru dilekçesi — İğneada.png", "ek.pdf"]
    assert labels(one_pdf(panel)) == ["kırmızı", "Çözüm önerisi"]


def test_dropping_text_is_refused(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    mime = QMimeData()
    mime.setText("düz metin")
    position = QPointF(panel.rect().center())
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, enter)
    assert not enter.isAccepted()


def test_paste_an_image_from_the_clipboard(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.blue)
    QApplication.clipboard().setImage(image)
    panel.strip.setFocus()
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_V, CTRL)
    [document] = panel.documents()
    assert document.name == "Yapıştırılan görüntü 1.png"
    assert labels(one_pdf(panel)) == ["mavi"]
    QApplication.clipboard().setText("yalnızca metin")
    press(qtbot, Qt.Key.Key_V, CTRL)
    assert "Panoda" in panel.errors.text()


def test_refused_files_are_named_inline_with_the_reason(qtbot: QtBot,
                                                         ops: Operations) -> None:
    def checker(name: str, data: bytes) -> str | None:
        return "Dosya boş." if not data else None

    panel = make_panel(qtbot, ops, checker=checker)
    add(qtbot, panel, ("boş dosya.pdf", b""), ("iyi.png", image_bytes("yeşil")),
        ("program.pdf", b"MZ\x90\x00 not a pdf"))
    assert [d.name for d in panel.documents()] == ["iyi.png"]
    assert panel.messages() == [
        "boş dosya.pdf: Dosya boş.",
        "program.pdf: Dosya türü tanınmadı: yalnızca PDF, JPEG, PNG ve TIFF dosyaları "
        "eklenebilir.",
    ]
    assert panel.errors.isVisible() and "boş dosya.pdf: Dosya boş." in panel.errors.text()


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


def test_combine_into_one_pdf_and_shrink(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    add(qtbot, panel, ("ön yazı.pdf", text_pdf(["Ön yazı"])),
        ("a.png", image_bytes("kırmızı")), ("b.png", image_bytes("mavi")))
    panel.set_current_index(2)
    panel.rotate_current()
    assert labels(panel.combined_pdf().data) == ["Ön yazı", "kırmızı", "mavi"]
    panel.shrink.setChecked(True)
    with qtbot.waitSignal(panel.files_changed, timeout=WAIT_MS):
        qtbot.mouseClick(panel.combine_button, Qt.MouseButton.LeftButton)
    [document] = panel.documents()
    assert document.name == "ön yazı.pdf" and panel.page_count() == 3
    [(name, data)] = panel.files()
    seen = read_back(data)
    assert name == "ön yazı.pdf"
    assert [page.label for page in seen] == ["Ön yazı", "kırmızı", "mavi"]
    assert [page.rotation for page in seen] == [0, 0, 90]
    assert "3 sayfa" in panel.notice.text()


def test_combined_file_over_the_limit_is_refused_with_a_hint(
        qtbot: QtBot, ops: Operations) -> None:
    def checker(name: str, data: bytes) -> str | None:
        return "Dosya 20 MB sınırını aşıyor." if name == "a.pdf" else None

    panel = make_panel(qtbot, ops, checker=checker)
    add(qtbot, panel, ("a.png", image_bytes("kırmızı")), ("b.png", image_bytes("mavi")))
    with qtbot.waitSignal(panel.messages_changed, timeout=WAIT_MS):
        panel.combine_all()
    assert "Küçült" in panel.errors.text()
    assert len(panel.documents()) == 2  # nothing lost


def test_clear_empties_the_set(qtbot: QtBot, ops: Operations) -> None:
    panel = make_panel(qtbot, ops)
    add(qtbot, panel, ("a.png", image_bytes("kırmızı")))
    with qtbot.waitSignal(panel.files_changed):
        panel.clear()
    assert panel.files() == [] and panel.strip.count() == 0 and panel.hint.isVisible()


def test_preview_builds_with_pages_and_a_waiting_hot_folder(qtbot: QtBot) -> None:
    panel = preview_attachments_panel()
    qtbot.addWidget(panel)
    assert isinstance(panel, AttachmentsPanel)
    assert panel.page_count() == 5 and panel.hot_list.count() == 3
    documents = panel.documents()
    assert [d.name for d in documents] == ["Dilekçe.pdf", "Kimlik fotokopisi.png",
                                           "Tarama 1.pdf"]
    assert isinstance(documents[2], Document) and documents[2].pages[0].rotation == 90


def test_the_screen_turns_pages_the_way_the_pdf_does() -> None:
    # The same quarter turn as page_ops' /Rotate: clockwise, top-left corner to top-right.
    image = QImage(100, 140, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    for x in range(30):
        for y in range(30):
            image.setPixelColor(x, y, Qt.GlobalColor.black)
    shown = turned(image, 90)
    assert (shown.width(), shown.height()) == (140, 100)
    assert shown.pixelColor(shown.width() - 5, 5).lightness() < 100
    assert shown.pixelColor(5, 5).lightness() > 200


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
