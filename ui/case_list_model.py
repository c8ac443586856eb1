"""A case list over SQL, fetched a page at a time and never held whole.

The view asks ``canFetchMore`` / ``fetchMore`` as it scrolls; each page is read off the GUI
thread (``ops.read``, keyset paging in ``services/case_search.py``). The model keeps the
ids of the rows it has shown (eight bytes a row: 1.6 MB at 200,000) and the rows of at
most ``KEPT_PAGES`` pages; a page it let go is read again by its ids when it comes back on
screen (until then its cells say "…"). A new filter or a change of the desk starts again
from the first page (``show_first``).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from bimer_desktop.app import Desk
from models.deadlines import DeadlineState
from models.enums import OutboxState
from models.i18n import N_, _, format_date
from services.case_search import PAGE_SIZE, CasePage, CaseRow, Cursor, Query, SortKey
from ui.operations import Operations
from ui.style import ERROR_RED, MUTED_TEXT, WARNING_AMBER
from ui.table_model import Column, ModelIndex

KEPT_PAGES = 4  # rows held: what a screen shows, with room to scroll back and forth
LOADING = "…"
NO_VALUE = "—"

COLUMNS: tuple[Column, ...] = (
    Column("station_number", N_("Başvuru no")),
    Column("central_number", N_("Merkez no")),
    Column("created_at", N_("Tarih")),
    Column("channel", N_("Kanal")),
    Column("application_type", N_("Tür")),
    Column("applicant", N_("Başvuran")),
    Column("subject", N_("Konu")),
    Column("deadline", N_("Kalan süre")),
    Column("sync_state", N_("Durum")),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                             Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole})
_DEADLINE_COLOURS = {DeadlineState.OVERDUE: ERROR_RED, DeadlineState.NEAR: WARNING_AMBER}


def deadline_text(row: CaseRow) -> str:
    if row.days_left < 0:
        return _("{days} gün geçti").format(days=-row.days_left)
    if row.days_left == 0:
        return _("Bugün son gün")
    return _("{days} gün").format(days=row.days_left)


def cell_text(row: CaseRow, key: str) -> str:
    if key == "station_number":
        return row.station_number
    if key == "central_number":
        return row.central_number or NO_VALUE
    if key == "created_at":
        return format_date(row.created_at.astimezone().date())
    if key == "channel":
        return row.channel.label
    if key == "application_type":
        return row.application_type.label
    if key == "applicant":
        return row.applicant
    if key == "subject":
        return row.subject_label
    if key == "deadline":
        return deadline_text(row)
    if key == "sync_state":
        return row.sync_state.label
    raise KeyError(key)


class CaseListModel(QAbstractTableModel):
    """``CaseListModel(desk, ops)``; ``show_first(query, page)`` starts the list,
    ``sort_wanted(query)`` asks the page to read again in another order."""

    sort_wanted = Signal(object)  # the Query in the new order
    page_loaded = Signal()

    def __init__(self, desk: Desk, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._ops = ops
        self.query = Query()
        self._ids: array[int] = array("q")
        self._pages: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self._cursor: Cursor | None = None
        self._end = True
        self._fetching = False
        self._generation = 0  # bumped by each new start: a late page of an old list is dropped
        self._asked: set[int] = set()
        self._texts: dict[int, tuple[str, ...]] = {}  # a held row's cells, as shown
        # Made once: a font resolved per cell costs a font match at every paint.
        self._number_font = QFont("monospace")
        self._number_font.setStyleHint(QFont.StyleHint.Monospace)

    # ----- what the page calls ------------------------------------------------------------

    def show_first(self, query: Query, page: CasePage) -> None:
        """Start again from ``page`` (the first of ``query``)."""
        self.beginResetModel()
        self._generation += 1
        self.query = query
        self._ids = array("q", (row.id for row in page.rows))
        self._pages = OrderedDict({0: page.rows}) if page.rows else OrderedDict()
        self._cursor = page.cursor
        self._end = page.end
        self._fetching = False
        self._asked.clear()
        self._texts.clear()
        self.endResetModel()
        self.page_loaded.emit()

    def row_id(self, row: int) -> int:
        return int(self._ids[row])

    def row_of(self, application_id: int) -> int | None:
        try:
            return self._ids.index(application_id)
        except ValueError:
            return None

    def case_at(self, row: int) -> CaseRow | None:
        """The row's case if its page is held (None while it is being read again)."""
        page = self._pages.get(row // PAGE_SIZE)
        if page is None:
            return None
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def held_rows(self) -> int:
        """How many rows' data the model holds now (at most ``KEPT_PAGES`` pages)."""
        return sum(len(page) for page in self._pages.values())

    @property
    def fetching(self) -> bool:
        return self._fetching

    # ----- Qt's model ---------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section].title)
        return None

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._end and not self._fetching

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        desk, query, cursor = self._desk, self.query, self._cursor
        generation = self._generation
        viewer = desk.viewer()
        self._ops.read(self, "more", lambda: desk.cases.page(query, viewer, cursor),
                       lambda page: self._more_arrived(generation, page),
                       lambda _error: self._more_failed(generation))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By name in Turkish order (the applicant column), else in the order of saving:
        the two orders the database keeps indexed."""
        key = SortKey.APPLICANT if COLUMNS[column].key == "applicant" else SortKey.SAVED
        query = Query(self.query.filter, key, order == Qt.SortOrder.DescendingOrder)
        if query != self.query:
            self.sort_wanted.emit(query)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks every visible cell for eight roles or so: the ones this model does
        # not answer return at once, and a row's texts are made once (issue 14: a filter
        # was 80-110 ms in the window for a 1-2 ms query, most of it this method).
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        number = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(number)
            if texts is not None:
                return texts[index.column()]
        row = self.case_at(number)
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._read_again(number // PAGE_SIZE)
                return LOADING
            return None
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            self._pages.move_to_end(number // PAGE_SIZE)
            texts = tuple(cell_text(row, column.key) for column in COLUMNS)
            self._texts[number] = texts
            return texts[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "deadline" and row.deadline in _DEADLINE_COLOURS:
                return QColor(_DEADLINE_COLOURS[row.deadline])
            if key == "central_number" and not row.central_number:
                return QColor(MUTED_TEXT)
            if key == "sync_state" and row.sync_state is OutboxState.QUARANTINED:
                return QColor(ERROR_RED)
        if role == Qt.ItemDataRole.FontRole and key == "station_number":
            return self._number_font
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "deadline":
                return _("Yasal süre ({law}) bitişi: {due}").format(
                    law=row.law, due=format_date(row.due))
            if key == "sync_state":
                return row.sync_message or None
        return None

    # ----- arriving pages -----------------------------------------------------------------

    def _more_arrived(self, generation: int, page: CasePage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._end = page.end
        if not page.rows:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._ids.extend(row.id for row in page.rows)
        self._pages[first // PAGE_SIZE] = page.rows
        self._cursor = page.cursor
        self._let_go()
        self.endInsertRows()
        self.page_loaded.emit()

    def _more_failed(self, generation: int) -> None:
        if generation == self._generation:
            self._fetching = False

    def _read_again(self, number: int) -> None:
        if number in self._asked:
            return
        self._asked.add(number)
        ids = list(self._ids[number * PAGE_SIZE:(number + 1) * PAGE_SIZE])
        desk, generation = self._desk, self._generation
        viewer = desk.viewer()
        self._ops.read(self, f"page {number}", lambda: desk.cases.rows(ids, viewer),
                       lambda rows: self._page_back(generation, number, rows),
                       lambda _error: self._asked.discard(number))

    def _page_back(self, generation: int, number: int, rows: list[CaseRow]) -> None:
        self._asked.discard(number)
        if generation != self._generation:
            return
        self._pages[number] = rows
        self._forget_texts(number)
        self._let_go(keep=number)
        first = number * PAGE_SIZE
        self.dataChanged.emit(self.index(first, 0),
                              self.index(min(first + len(rows), len(self._ids)) - 1,
                                         len(COLUMNS) - 1))

    def _let_go(self, keep: int | None = None) -> None:
        """Let go of the pages used longest ago, down to ``KEPT_PAGES``."""
        while len(self._pages) > KEPT_PAGES:
            oldest = next(iter(self._pages))
            if oldest == keep:
                self._pages.move_to_end(oldest)
                continue
            del self._pages[oldest]
            self._forget_texts(oldest)

    def _forget_texts(self, number: int) -> None:
        for row in range(number * PAGE_SIZE, (number + 1) * PAGE_SIZE):
            self._texts.pop(row, None)
