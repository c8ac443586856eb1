"""Başvurularım over SQL: lazy pages, search, the case detail and its actions, the barcode
reader opening the detail, the CSV export masked and audited. Real desks, real SQLite."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import AuditEvent
from models.enums import Channel
from services.case_export import EXPORT_ACTION
from services.paging import PAGE_SIZE
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.conftest import in_person_form
from tests.printing.pdf_helpers import decode_barcodes
from tests.ui.conftest import WindowFactory, settle, show_page, type_text
from ui.case_detail_dialog import CaseDetailDialog
from ui.case_list_model import COLUMN_INDEX, KEPT_PAGES, LOADING
from ui.navigation import NavigationItem

WAIT_MS = 20_000
ROWS = PAGE_SIZE * KEPT_PAGES + 50  # more pages than the model keeps


def _fill(desk: Desk, rows: int) -> list[str]:
    numbers = []
    for index in range(rows):
        outcome = desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1")
        assert outcome.station_number is not None
        numbers.append(outcome.station_number)
    return numbers


def test_the_list_reads_a_page_at_a_time_and_never_holds_more_than_a_few(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    numbers = _fill(training_desk, ROWS)
    window = make_window(training_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    page = window.applications
    model = page.model
    assert model.rowCount() == PAGE_SIZE
    assert page.count_label.text() == f"{ROWS} başvuru"
    assert model.index(0, COLUMN_INDEX["station_number"]).data() == numbers[-1]
    while model.canFetchMore(QModelIndex()) or model.fetching:
        # The clerk scrolls down, page after page (the view asks for more at the end too).
        if not model.fetching:
            model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda: not model.fetching, timeout=WAIT_MS)
        page.table.scrollToBottom()
        qtbot.wait(20)  # painted: the rows on screen are the ones used last
        assert model.held_rows() <= KEPT_PAGES * PAGE_SIZE
    assert model.rowCount() == ROWS
    assert model.held_rows() <= KEPT_PAGES * PAGE_SIZE
    last = model.index(ROWS - 1, COLUMN_INDEX["station_number"])
    assert last.data() == numbers[0]  # the oldest, at the end
    # The first page was let go: it says "…" and is read again, off the GUI thread.
    first = model.index(0, COLUMN_INDEX["station_number"])
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT_MS):
        assert first.data() == LOADING
    assert first.data() == numbers[-1]
    assert model.held_rows() <= KEPT_PAGES * PAGE_SIZE


def test_search_box_finds_a_name_typed_without_turkish_letters(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    training_desk.intake.save(in_person_form(first_name="Şükrü", last_name="Işık"), "memur1")
    training_desk.intake.save(in_person_form(first_name="Ali", last_name="Veli"), "memur1")
    window = make_window(training_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    page = window.applications
    assert page.count_label.text() == "2 başvuru"
    with qtbot.waitSignal(page.live.loaded, timeout=WAIT_MS):
        type_text(page.search, "sukru isik")
    assert page.count_label.text() == "1 başvuru"
    assert page.model.index(0, COLUMN_INDEX["applicant"]).data() == "Ş**** I***"
    with qtbot.waitSignal(page.live.loaded, timeout=WAIT_MS):
        page.clear_filters()
    assert page.count_label.text() == "2 başvuru"


def test_enter_opens_the_case_detail_with_everything_and_its_actions(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory, tmp_path: Path) -> None:
    first, second = _fill(training_desk, 2)
    training_desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, second), "memur1",
                                    PdfFile(tmp_path / "receipt.pdf"))
    window = make_window(training_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    table = window.applications.table
    table.setFocus()
    table.selectRow(0)
    with qtbot.waitSignal(window.cases.opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert isinstance(dialog, CaseDetailDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=WAIT_MS)
    assert dialog.detail is not None
    assert dialog.heading.text() == f"Başvuru {second}"
    assert dialog.text.toPlainText() == "Başvuru 1"
    assert dialog.identity_note.text() == "Kimlik bilgileri yıldızlı gösterilmiştir."
    assert dialog.prints.count() == 1
    assert dialog.detail.prints[0].serial == 1
    assert [line.version for line in dialog.detail.versions] == [1]
    assert not dialog.correct_button.isEnabled()  # only a refused case is corrected
    assert not dialog.requeue_button.isEnabled()
    with qtbot.waitSignal(dialog.print_receipt, timeout=WAIT_MS) as printed:
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == [second]
    # Next walks the list it came from: the older case.
    with qtbot.waitSignal(dialog.shown, timeout=WAIT_MS):
        qtbot.keyClick(dialog, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert dialog.heading.text() == f"Başvuru {first}"
    with qtbot.waitSignal(dialog.shown, timeout=WAIT_MS):
        dialog.previous()
    assert dialog.heading.text() == f"Başvuru {second}"
    dialog.close()


def test_a_scanned_receipt_opens_the_case_detail(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory, tmp_path: Path) -> None:
    [number] = _fill(training_desk, 1)
    path = tmp_path / "receipt.pdf"
    training_desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, number), "memur1",
                                    PdfFile(path))
    [payload] = decode_barcodes(path.read_bytes())
    window = make_window(training_desk)
    with qtbot.waitSignal(window.barcode_reader.opened, timeout=WAIT_MS) as looked_up:
        window.barcode_reader.look_up(payload)
    lookup = looked_up.args[0]
    assert lookup.open_button.isDefault()
    with qtbot.waitSignal(window.cases.opened, timeout=WAIT_MS) as opened:
        lookup.open_button.click()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=WAIT_MS)
    assert dialog.heading.text() == f"Başvuru {number}"
    dialog.close()


def test_export_writes_excel_csv_masked_and_audited(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory, tmp_path: Path) -> None:
    training_desk.intake.save(in_person_form(first_name="Şükrü", last_name="Işık",
                                             tckn="10000000146"), "memur1")
    window = make_window(training_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    target = tmp_path / "liste.csv"
    with qtbot.waitSignal(window.applications.exported, timeout=WAIT_MS) as exported:
        window.applications.export_to(target)
    assert exported.args == [1]
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    text = data.decode("utf-8-sig")
    header, row = text.splitlines()
    assert header.split(";")[:3] == ["Başvuru no", "Merkez no", "Tarih"]
    assert "Ş**** I***" in row and "100******46" in row
    assert "10000000146" not in text and "Şükrü" not in text
    settle(qtbot, window)
    with training_desk.db.sessions() as session:
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action == EXPORT_ACTION)).all()
        assert [(e.user, e.detail) for e in events] == [
            ("memur1", "rows=1 filters=created_by")]


def test_a_number_typed_with_enter_opens_its_case_and_evveliyat_opens_one(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    first, second = _fill(training_desk, 2)
    window = make_window(training_desk)
    window.find_case()  # Ctrl+F from anywhere: Başvurularım's search box
    settle(qtbot, window)
    assert window.applications.search.hasFocus() or window.current_page() is \
        NavigationItem.APPLICATIONS
    window.applications.search.setText(first)
    with qtbot.waitSignal(window.cases.opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(window.applications.search, Qt.Key.Key_Return)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=WAIT_MS)
    assert dialog.heading.text() == f"Başvuru {first}"
    # Evveliyat (the panel beside the form) opens a case of this desk by its number.
    with qtbot.waitSignal(window.cases.opened, timeout=WAIT_MS) as opened:
        window.history.open_requested.emit(second)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=WAIT_MS)
    assert dialog.heading.text() == f"Başvuru {second}"
    dialog.close()


def test_saved_filters_are_per_user_and_keep_no_identity(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    _fill(training_desk, 1)
    window = make_window(training_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    page = window.applications
    page.channel.setCurrentIndex(page.channel.findData(Channel.FAX))
    page.set_search("10000000146")  # an ID number: searched, never saved
    settle(qtbot, window)
    with qtbot.waitSignal(page.saved_filters_changed, timeout=WAIT_MS) as changed:
        page.save_filter("Fakslar")
    assert changed.args == [["Fakslar"]]
    stored = training_desk.saved_filters.list("memur1")["Fakslar"]
    assert (stored.channel, stored.tckn, stored.text) == (Channel.FAX, "", "")
    # The file itself is sealed with the desk's key (a filter's name can be anything).
    raw = (training_desk.config.data_dir / "saved-filters" / "memur1.json").read_bytes()
    assert b"10000000146" not in raw and b"fax" not in raw and b"Fakslar" not in raw
    assert training_desk.saved_filters.list("memur2") == {}
    page.clear_filters()
    settle(qtbot, window)
    assert page.current_filter().channel is None
    with qtbot.waitSignal(page.live.loaded, timeout=WAIT_MS):
        page.saved.activated.emit(page.saved.findData("Fakslar"))
    assert page.current_filter().channel is Channel.FAX
    assert page.current_filter().tckn == ""


def test_a_number_finds_a_case_another_clerk_took(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    outcome = training_desk.intake.save(in_person_form(), "memur2")
    assert outcome.station_number is not None
    window = make_window(training_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    page = window.applications
    assert page.count_label.text() == "0 başvuru"  # mine: memur1 took none
    with qtbot.waitSignal(page.live.loaded, timeout=WAIT_MS):
        page.set_search(outcome.station_number)
    assert page.count_label.text() == "1 başvuru"
