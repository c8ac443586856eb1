"""Gönderim Kuyruğu, Karantina, Yazdırma Geçmişi and Taslaklar as the desk's one lazy list:
with more rows than a few pages the models hold only the pages fetched, scrolling to the end
fetches the rest, the navigation's counts equal SQL counts, and the pages' actions work.
Real desks, real SQLite files, real printouts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import text, update

from bimer_desktop.app import Desk
from models.entities import OutboxItem
from models.enums import OutboxKind, OutboxState
from services.paging import PAGE_SIZE
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.conftest import in_person_form
from tests.ui.conftest import WindowFactory, settle, show_page
from ui.case_detail_dialog import CaseDetailDialog
from ui.lazy_list_model import KEPT_PAGES, LazyListModel
from ui.main_window import MainWindow
from ui.navigation import NavigationItem
from ui.print_dialogs import PrintPreviewDialog

WAIT_MS = 20_000
ROWS = PAGE_SIZE * KEPT_PAGES + 50  # more pages than a model keeps


def sql_count(desk: Desk, statement: str) -> int:
    """Counted by hand in SQL, through the desk's own connection (the file may be
    encrypted)."""
    with desk.db.engine.connect() as connection:
        return int(connection.execute(text(statement)).scalar_one())


def scroll_to_end(qtbot: QtBot, model: LazyListModel[Any], table: QTableView) -> None:
    """The clerk scrolls down page after page; the model never holds more than a few."""
    assert model.rowCount() == PAGE_SIZE  # the first page only
    while model.canFetchMore(QModelIndex()) or model.fetching:
        if not model.fetching:
            model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda: not model.fetching, timeout=WAIT_MS)
        table.scrollToBottom()
        qtbot.wait(20)  # painted: the rows on screen are the ones used last
        assert model.held_rows() <= KEPT_PAGES * PAGE_SIZE
    assert model.held_rows() <= KEPT_PAGES * PAGE_SIZE


def first_page_let_go_and_read_again(qtbot: QtBot, model: LazyListModel[Any]) -> str:
    first = model.index(0, 0)
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT_MS):
        assert first.data() == "…"
    return str(first.data())


def test_the_work_lists_read_a_page_at_a_time_and_count_in_sql(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory, tmp_path: Path) -> None:
    desk, user = training_desk, training_desk.config.user
    numbers = []
    for index in range(ROWS):
        outcome = desk.intake.save(in_person_form(text=f"Başvuru {index}"), user)
        assert outcome.station_number is not None
        numbers.append(outcome.station_number)
        desk.drafts.save(user, in_person_form(text=f"Taslak {index}"))
    # The central service refused all but the first ten (as a wrong central version would).
    with desk.db.sessions.begin() as session:
        session.execute(update(OutboxItem).where(OutboxItem.id > 10).values(
            state=OutboxState.QUARANTINED.value, attempts=1, last_status=422,
            last_message="geçersiz"))
    for number in numbers[:3] + numbers[-ROWS + 3:]:  # a printout of each, one case twice
        desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, number), user,
                               PdfFile(tmp_path / "receipt.pdf"))
    desk.printouts.produce(PrintRequest(DocumentKind.REPORT, numbers[-1]), user,
                           PdfFile(tmp_path / "report.pdf"))
    window = make_window(desk)

    quarantined = sql_count(desk, "SELECT count(*) FROM outbox WHERE state='quarantined'")
    waiting = sql_count(desk, "SELECT count(*) FROM outbox "
                              "WHERE state NOT IN ('done', 'superseded')")
    prints = sql_count(desk, "SELECT count(*) FROM print_log")
    drafts = sql_count(desk, f"SELECT count(*) FROM drafts WHERE user='{user}'")
    assert (quarantined, waiting, prints, drafts) == (ROWS - 10, ROWS, ROWS + 1, ROWS)
    assert window.nav_text(NavigationItem.QUARANTINE) == f"Karantina ({quarantined})"
    assert window.nav_text(NavigationItem.OUTBOX) == f"Gönderim Kuyruğu ({waiting})"
    assert window.nav_text(NavigationItem.PRINT_HISTORY) == f"Yazdırma Geçmişi ({prints})"
    assert window.nav_text(NavigationItem.DRAFTS) == f"Taslaklar ({drafts})"

    show_page(qtbot, window, NavigationItem.QUARANTINE)
    queue = window.quarantine
    assert queue.cell_text(0, "station_number") == numbers[-1]  # newest first
    assert queue.cell_text(0, "state") == "Karantinada"
    scroll_to_end(qtbot, queue.model, queue.table)
    assert queue.row_count() == quarantined
    assert queue.model.index(quarantined - 1, 0).data() == numbers[10]
    assert first_page_let_go_and_read_again(qtbot, queue.model) == numbers[-1]

    show_page(qtbot, window, NavigationItem.OUTBOX)
    scroll_to_end(qtbot, window.outbox.model, window.outbox.table)
    assert window.outbox.row_count() == waiting
    assert window.outbox.filter.currentText() == f"Gönderilmeyi bekleyenler ({waiting})"

    show_page(qtbot, window, NavigationItem.PRINT_HISTORY)
    history = window.print_history
    assert history.count_label.text() == f"{prints} belge"
    assert [history.cell_text(0, key) for key in ("document", "station_number", "pages")] == [
        "Başvuru raporu", numbers[-1], "1"]
    scroll_to_end(qtbot, history.model, history.table)
    assert history.row_count() == prints
    assert history.cell_text(prints - 1, "serial").endswith("-1")  # the first printout

    show_page(qtbot, window, NavigationItem.DRAFTS)
    scroll_to_end(qtbot, window.drafts.model, window.drafts.table)
    assert window.drafts.row_count() == drafts


def test_print_history_opens_the_case_and_prints_it_again(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory, tmp_path: Path) -> None:
    desk, user = training_desk, training_desk.config.user
    outcome = desk.intake.save(in_person_form(text="Bir başvuru"), user)
    number = outcome.station_number
    assert number is not None
    desk.printouts.produce(PrintRequest(DocumentKind.REPORT, number), user,
                           PdfFile(tmp_path / "report.pdf"))
    window = make_window(desk)
    show_page(qtbot, window, NavigationItem.PRINT_HISTORY)
    page = window.print_history
    assert page.row_count() == 1 and page.selected() is not None

    with qtbot.waitSignal(window.cases.opened, timeout=WAIT_MS) as opened:
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert isinstance(dialog, CaseDetailDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=WAIT_MS)
    assert dialog.heading.text() == f"Başvuru {number}"
    dialog.close()

    # Ctrl+P: the same document of that case again, through the print preview.
    with qtbot.waitActive(window):
        window.activateWindow()
    page.table.setFocus()
    with qtbot.waitSignal(window.printing.preview_shown, timeout=WAIT_MS) as shown:
        qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = shown.args[0]
    assert isinstance(preview, PrintPreviewDialog)
    assert preview.preview.request.kind is DocumentKind.REPORT
    assert preview.preview.request.number == number
    preview.reject()


def test_karantina_requeues_and_the_count_follows(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    desk, user = training_desk, training_desk.config.user
    for index in range(3):
        desk.intake.save(in_person_form(text=f"Başvuru {index}"), user)
    with desk.db.sessions.begin() as session:
        session.execute(update(OutboxItem).where(
            OutboxItem.kind == OutboxKind.APPLICATION.value).values(
            state=OutboxState.QUARANTINED.value, last_status=422, last_message="geçersiz"))
    window: MainWindow = make_window(desk)
    assert window.nav_text(NavigationItem.QUARANTINE) == "Karantina (3)"
    show_page(qtbot, window, NavigationItem.QUARANTINE)
    page = window.quarantine
    assert page.row_count() == 3 and not page.filter.isVisible()
    item_id = page.row(1).id
    with qtbot.waitSignal(page.attempts_shown, timeout=WAIT_MS):
        assert page.select_item(item_id)
    assert page.requeue_button.isEnabled() and page.correct_button.isEnabled()
    with qtbot.waitSignal(window.requeued, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(page.requeue_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert blocker.args == [item_id, True]
    assert page.row_count() == 2 and page.model.row_of(item_id) is None
    assert window.nav_text(NavigationItem.QUARANTINE) == "Karantina (2)"
