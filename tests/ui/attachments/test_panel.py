"""The Ekler panel with real files and real keys: pages added, turned, moved, removed,
combined and shrunk; what it would attach is read back as PDF pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.page_ops import Document
from tests.services.page_samples import image_bytes, labels, read_back, text_pdf, tiff_bytes
from tests.ui.attachments.conftest import CTRL, CTRL_SHIFT, WAIT_MS, add, make_panel, one_pdf, press
from ui.attachments import AttachmentsPanel
from ui.operations import Operations
from ui.previews.attachments import preview_attachments_panel


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
