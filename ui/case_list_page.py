"""Başvurularım: the desk's cases, searched and filtered in SQL, scrolled a page at a time.

The search box reads a T.C. Kimlik No, a station or central number or a name
(``services.case_search.interpret``); the filters beside it narrow the list. Every read is
off the GUI thread: the first page and the count together (``LiveRead``: again whenever
the desk changes), later pages as the table scrolls (``CaseListModel.fetchMore``).
Double-click or Enter opens the case (``open_requested``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.deadlines import DeadlineState
from models.enums import ApplicationType, Channel, OutboxState
from models.i18n import _, format_number, ngettext
from services.case_search import CaseFilter, CasePage, Query, interpret
from services.paging import PAGE_SIZE
from ui.case_list_model import COLUMN_INDEX, CaseListModel
from ui.live_read import LiveRead
from ui.operations import Change, Operations
from ui.shortcuts import Command, bind
from ui.widgets.row_table import set_up_row_table

if TYPE_CHECKING:
    from ui.statistics_page import StatisticsPage

E = TypeVar("E", bound=Enum)
SEARCH_PAUSE_MS = 250  # typing settles before the list is read again
_NO_DATE = QDate(2000, 1, 1)  # the date boxes' "any day"



class _Table(QTableView):
    """Enter opens the selected case (a table otherwise moves down on Enter)."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            rows = self.selectionModel().selectedRows()
            if rows:
                self.activated_row.emit(rows[0].row())
                return
        super().keyPressEvent(event)


class CaseListPage(QWidget):
    """``CaseListPage(desk, ops, title)``."""

    open_requested = Signal(int)  # an application id
    print_requested = Signal(str)  # a station number
    message = Signal(str)
    shown_count = Signal(int)
    exported = Signal(int)  # rows written (-1: failed)
    saved_filters_changed = Signal(list)  # the names of the user's saved filters

    def __init__(self, desk: Desk, ops: Operations, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._ops = ops
        self.model = CaseListModel(desk, ops, self)
        self.statistics: StatisticsPage | None = None
        self._open_single = False  # Enter on a number: open the case when it is the only one
        self._saved_filters: dict[str, CaseFilter] = {}
        self.query = Query(CaseFilter())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        header = QHBoxLayout()
        title_label = QLabel(title, self)
        title_label.setObjectName("pageTitle")
        header.addWidget(title_label)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("hint")
        header.addWidget(self.count_label)
        header.addStretch(1)
        statistics = QPushButton(_("İstatistikler (Ctrl+Shift+I)"), self)
        statistics.setObjectName("openStatistics")
        statistics.clicked.connect(self.open_statistics)
        header.addWidget(statistics)
        export = QPushButton(_("CSV olarak dışa aktar… (Ctrl+Shift+E)"), self)
        export.setObjectName("exportCases")
        export.clicked.connect(self.ask_export)
        header.addWidget(export)
        printing = QPushButton(_("Alındı belgesi yazdır (Ctrl+P)"), self)
        printing.clicked.connect(self.print_selected)
        header.addWidget(printing)
        layout.addLayout(header)

        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Ad soyad, T.C. Kimlik No, başvuru ya da merkez no ile arayın (Ctrl+F)"))
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self.search.returnPressed.connect(self._search_entered)
        # Two rows, so that every filter reads whole on a 1024-pixel screen: the search box
        # with the dates, then the choices.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        layout.addLayout(search_row)
        filters = QHBoxLayout()
        self.scope = self._combo(filters, _("Kimin"), [
            (_("Benim aldıklarım"), "mine"), (_("Bu masanın tümü"), "")])
        self.channel = self._combo(filters, _("Kanal"), _choices(Channel))
        self.kind = self._combo(filters, _("Tür"), _choices(ApplicationType))
        self.state = self._combo(filters, _("Durum"), [
            (state.label, state) for state in (OutboxState.PENDING, OutboxState.RETRY,
                                              OutboxState.QUARANTINED, OutboxState.DONE)])
        self.deadline = self._combo(filters, _("Süre"), _choices(DeadlineState))
        self.date_from = self._date(search_row, _("Başlangıç"))
        self.date_to = self._date(search_row, _("Bitiş"))
        clear = QPushButton(_("Temizle"), self)
        clear.setObjectName("clearFilters")
        clear.setToolTip(_("Aramayı ve süzgeçleri temizle (Ctrl+Shift+L)"))
        clear.clicked.connect(self.clear_filters)
        search_row.addWidget(clear)
        self.saved = QComboBox(self)
        self.saved.setObjectName("savedFilters")
        self.saved.setToolTip(_("Kayıtlı süzgeçleriniz"))
        self.saved.setAccessibleName(_("Kayıtlı süzgeçleriniz"))
        self.saved.activated.connect(self._saved_chosen)
        search_row.addWidget(self.saved)
        keep = QPushButton(_("Kaydet…"), self)
        keep.setObjectName("saveFilter")
        keep.setToolTip(_("Bu süzgeçleri bir adla kaydet (aranan ad ve numaralar "
                          "kaydedilmez)"))
        keep.clicked.connect(self.ask_save_filter)
        search_row.addWidget(keep)
        self._show_saved({})
        filters.addStretch(1)
        layout.addLayout(filters)

        self.table = _Table(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        header_view = set_up_row_table(self.table)
        self.table.setSortingEnabled(True)
        header_view.setSortIndicator(COLUMN_INDEX["created_at"], Qt.SortOrder.DescendingOrder)
        for key, width in (("station_number", 150), ("central_number", 130),
                           ("created_at", 82), ("channel", 90), ("application_type", 110),
                           ("applicant", 130), ("subject", 200), ("deadline", 100)):
            self.table.setColumnWidth(COLUMN_INDEX[key], width)
        header_view.setStretchLastSection(True)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(_("Bu arama ve süzgeçlere uyan başvuru yok."), self)
        self.empty_label.setObjectName("hint")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self.setFocusProxy(self.table)
        self.model.sort_wanted.connect(self._sort)

        # Ctrl+F is the window's (Command.FIND_CASE): a second one here would make it
        # ambiguous on this page, and neither would fire.
        bind(self, Command.REPRINT, self.print_selected)
        bind(self, Command.CLEAR_FILTERS, self.clear_filters)
        bind(self, Command.EXPORT_LIST, self.ask_export)
        bind(self, Command.OPEN_STATISTICS, self.open_statistics)
        # Down from the search box goes into the list, on its first row.
        bind(self.search, Command.INTO_LIST, self.focus_list,
             context=Qt.ShortcutContext.WidgetShortcut)
        self.query = Query(self.current_filter())
        user = desk.config.user
        ops.read(self, "saved filters", lambda: desk.saved_filters.list(user),
                 self._show_saved)
        self.live: LiveRead[tuple[Query, CasePage, int]] = LiveRead(
            self, ops, "cases", self._load, self._show, Change.APPLICATIONS | Change.OUTBOX)

    # ----- filters ------------------------------------------------------------------------

    def _combo(self, row: QHBoxLayout, label: str, choices: list[tuple[str, Any]]
               ) -> QComboBox:
        box = QComboBox(self)
        box.setToolTip(label)
        box.setAccessibleName(label)
        if choices[0][1] != "mine":  # the scope has no "any": it is mine or the desk's
            box.addItem(_("{what}: tümü").format(what=label), None)
        for text, value in choices:
            box.addItem(text, value)
        box.currentIndexChanged.connect(lambda _index: self.apply_filters())
        row.addWidget(box)
        return box

    def _date(self, row: QHBoxLayout, label: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(label)
        edit.setDate(_NO_DATE)
        edit.setToolTip(label)
        edit.setAccessibleName(label)
        edit.dateChanged.connect(lambda _day: self.apply_filters())
        row.addWidget(edit)
        return edit

    def current_filter(self) -> CaseFilter:
        wanted = interpret(self.search.text()) if self.search.text().strip() else CaseFilter()
        return replace(
            wanted,
            # A number or an ID number finds the case whoever took it: the citizen at the
            # counter does not know which clerk that was.
            created_by=self._desk.config.user if self.scope.currentData() == "mine"
            and not (wanted.number or wanted.tckn) else "",
            channel=_member(Channel, self.channel),
            application_type=_member(ApplicationType, self.kind),
            state=_member(OutboxState, self.state),
            deadline=_member(DeadlineState, self.deadline),
            date_from=_day(self.date_from), date_to=_day(self.date_to))

    def apply_filters(self) -> None:
        self._pause.stop()
        query = Query(self.current_filter(), self.query.sort, self.query.descending)
        if query != self.query or self.live.stale:
            self.query = query
            self.live.reload()

    def clear_filters(self) -> None:
        for box in (self.channel, self.kind, self.state, self.deadline):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.setDate(_NO_DATE)
            edit.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_entered(self) -> None:
        """Enter in the search box: search now; a number that finds one case opens it (a
        returning citizen's receipt, read out or typed)."""
        wanted = interpret(self.search.text())
        self._open_single = bool(wanted.number or wanted.tckn)
        self.apply_filters()
        if not self.live.stale and self._open_single and self.model.rowCount() == 1:
            self._open_single = False
            self._open_row(0)

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.selectionModel().selectedRows() and self.model.rowCount():
            self.table.selectRow(0)

    def set_search(self, text: str) -> None:
        """Search for ``text`` at once (the window's Ctrl+F from elsewhere, a test)."""
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)
        self.apply_filters()

    def _sort(self, query: Query) -> None:
        self.query = replace(query, filter=self.query.filter)
        self.live.reload()

    # ----- reading ------------------------------------------------------------------------

    def _load(self) -> tuple[Query, CasePage, int]:
        query, cases, viewer = self.query, self._desk.cases, self._desk.viewer()
        return query, cases.page(query, viewer, limit=PAGE_SIZE), cases.count(query.filter)

    def _show(self, result: tuple[Query, CasePage, int]) -> None:
        query, page, count = result
        kept = self.selected_id()
        self.model.show_query(query, page)
        self.count_label.setText(ngettext("{count} başvuru", "{count} başvuru", count).format(
            count=format_number(count)))
        self.empty_label.setVisible(count == 0)
        if kept is not None:
            row = self.model.row_of(kept)
            if row is not None:
                self.table.selectRow(row)
        if self._open_single and count == 1:
            self._open_row(0)
        self._open_single = False
        self.shown_count.emit(count)

    # ----- saved filters ------------------------------------------------------------------

    def ask_save_filter(self) -> None:
        name, ok = QInputDialog.getText(self, _("Süzgeci kaydet"), _("Süzgecin adı:"))
        if ok and name.strip():
            self.save_filter(name.strip())

    def save_filter(self, name: str) -> None:
        desk, user, wanted = self._desk, self._desk.config.user, self.current_filter()
        self._ops.run(self, "save filter", lambda: desk.saved_filters.save(user, name, wanted),
                      self._show_saved)

    def _show_saved(self, filters: dict[str, CaseFilter]) -> None:
        self._saved_filters = filters
        self.saved.clear()
        self.saved.addItem(_("Kayıtlı süzgeçler ({count})").format(count=len(filters)), None)
        for name in filters:
            self.saved.addItem(name, name)
        self.saved_filters_changed.emit(list(filters))

    def _saved_chosen(self, index: int) -> None:
        name = self.saved.itemData(index)
        if name in self._saved_filters:
            self.use_filter(self._saved_filters[name])
        self.saved.setCurrentIndex(0)

    def use_filter(self, wanted: CaseFilter) -> None:
        """Set the filter boxes to ``wanted`` (the search box keeps its text), then read."""
        boxes = ((self.channel, wanted.channel), (self.kind, wanted.application_type),
                 (self.state, wanted.state), (self.deadline, wanted.deadline),
                 (self.scope, "mine" if wanted.created_by else ""))
        for box, value in boxes:
            box.blockSignals(True)
            found = box.findData(value)
            box.setCurrentIndex(found if found >= 0 else 0)
            box.blockSignals(False)
        for edit, day in ((self.date_from, wanted.date_from), (self.date_to, wanted.date_to)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day) if day else _NO_DATE)
            edit.blockSignals(False)
        self.apply_filters()

    # ----- statistics and export ----------------------------------------------------------

    def open_statistics(self) -> StatisticsPage:
        """İstatistikler in a window of its own (one at a time)."""
        page = self.statistics
        if page is None or not shiboken6.isValid(page):
            # QtCharts is imported only when the charts are first asked for.
            from ui.statistics_page import StatisticsPage

            page = StatisticsPage(self._desk, self._ops, self)
            page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            page.message.connect(self.message)
            self.statistics = page
            page.show()
            return page
        page.showNormal()
        page.activateWindow()  # already open: bring it forward
        return page

    # ----- export -----------------------------------------------------------------------

    def ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Listeyi CSV olarak kaydet"), "basvurular.csv",
            _("CSV dosyası (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """The whole filtered list to ``path`` (off the GUI thread; audited)."""
        desk, query, viewer = self._desk, self.query, self._desk.viewer()
        self._ops.mutate(self, "export cases",
                         lambda: desk.case_export.write(query, viewer, path), Change.NONE,
                         lambda count: self._exported(path, count), self._export_failed)

    def _exported(self, path: Path, count: int) -> None:
        self.message.emit(_("{count} başvuru CSV dosyasına yazıldı: {path}").format(
            count=format_number(count), path=path.name))
        self.exported.emit(count)

    def _export_failed(self, _error: BaseException) -> None:
        self.message.emit(_("CSV dosyası yazılamadı. Başka bir klasör seçip yeniden deneyin."))
        self.exported.emit(-1)

    # ----- rows ---------------------------------------------------------------------------

    def row_count(self) -> int:
        """Rows fetched so far (more come as the table scrolls)."""
        return self.model.rowCount()

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def neighbour(self, application_id: int, step: int) -> int | None:
        """The case ``step`` rows away in this list (the detail's next / previous); the
        list reads its next page when the step runs past the rows it has."""
        row = self.model.row_of(application_id)
        if row is None:
            return None
        wanted = row + step
        if wanted >= self.model.rowCount() - 1 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if not 0 <= wanted < self.model.rowCount():
            return None
        self.table.selectRow(wanted)
        return self.model.row_id(wanted)

    def print_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        case = self.model.case_at(rows[0].row()) if rows else None
        if case is None:
            self.message.emit(_("Alındı belgesi için önce listeden bir başvuru seçin."))
            return
        self.print_requested.emit(case.station_number)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_id(row))


def _choices(kind: type[Enum]) -> list[tuple[str, Any]]:
    return [(member.label, member) for member in kind]  # type: ignore[attr-defined]


def _member(kind: type[E], box: QComboBox) -> E | None:
    """The chosen member: Qt hands item data back as the plain string of a StrEnum."""
    value = box.currentData()
    return kind(value) if value else None


def _day(edit: QDateEdit) -> date | None:
    day = edit.date()
    return None if day == _NO_DATE else date(day.year(), day.month(), day.day())
