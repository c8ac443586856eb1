"""A saved case's attachments, opened in the attachment viewer from the case detail: Enter
on an attachment row, and Ctrl+Shift+A. Real blobs, real PDFs rendered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from tests.conftest import in_person_form
from tests.services.attachment_samples import turkish_pdf
from tests.ui.conftest import WindowFactory, show_page
from ui.attachments.viewer import AttachmentViewer
from ui.case_detail_dialog import CaseDetailDialog
from ui.main_window import MainWindow
from ui.navigation import NavigationItem

WAIT_MS = 20_000


def open_detail(qtbot: QtBot, window: MainWindow) -> CaseDetailDialog:
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    table = window.applications.table
    table.setFocus()
    table.selectRow(0)
    with qtbot.waitSignal(window.cases.opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert isinstance(dialog, CaseDetailDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=WAIT_MS)
    return dialog


def test_an_attachment_row_opens_the_viewer_at_its_pages(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    desk = training_desk
    files = [("dilekçe.pdf", turkish_pdf(pages=2, text="Dilekçe sayfası")),
             ("ek belge.pdf", turkish_pdf(pages=3, text="Ek belge sayfası"))]
    stored = [desk.attachments.store(desk.attachments.check(name, data))
              for name, data in files]
    outcome = desk.intake.save(in_person_form(), desk.config.user, attachments=stored)
    window = make_window(desk)
    dialog = open_detail(qtbot, window)
    assert dialog.heading.text() == f"Başvuru {outcome.station_number}"
    assert dialog.attachments.count() == 2 and dialog.view_button.isEnabled()

    # Enter on the second attachment: all five pages, the second one's first on screen.
    dialog.tabs.setCurrentIndex(1)
    dialog.attachments.setFocus()
    dialog.attachments.setCurrentRow(1)
    with qtbot.waitSignal(dialog.attachments_opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(dialog.attachments, Qt.Key.Key_Return)
    viewer = opened.args[0]
    assert isinstance(viewer, AttachmentViewer)
    qtbot.waitUntil(lambda: viewer.page_count() == 5, timeout=WAIT_MS)
    assert viewer.current_page() == 2
    assert viewer.page_view.preview_caption.text() == (
        "Sayfa 3 / 5 · ek belge.pdf (1/3)")
    assert viewer.windowTitle() == f"Ekler — {outcome.station_number}"
    # The page is drawn (the preview is rendered on a worker; the thumbnail stands in).
    qtbot.waitUntil(lambda: viewer.page_view.preview.pixmap() is not None
                    and not viewer.page_view.preview.pixmap().isNull(), timeout=WAIT_MS)
    viewer.close()

    # The key, from anywhere in the detail: the selected attachment (the first here).
    dialog.attachments.setCurrentRow(0)
    dialog.activateWindow()  # offscreen, no window manager gives it back
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.attachments_opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    viewer = opened.args[0]
    qtbot.waitUntil(lambda: viewer.page_count() == 5, timeout=WAIT_MS)
    assert viewer.current_page() == 0
    assert viewer.page_view.preview_caption.text() == "Sayfa 1 / 5 · dilekçe.pdf (1/2)"
    viewer.close()
    dialog.close()


def test_a_case_without_attachments_has_nothing_to_view(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    training_desk.intake.save(in_person_form(), training_desk.config.user)
    window = make_window(training_desk)
    dialog = open_detail(qtbot, window)
    assert not dialog.view_button.isEnabled()
    assert dialog.view_attachments() is None
    dialog.close()
