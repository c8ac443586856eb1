"""The one lazy list of the desk: rows over SQL, fetched a page at a time, never held whole.

The view asks ``canFetchMore`` / ``fetchMore`` as it scrolls; each page is read off the GUI
thread (``ops.read``, keyset paging, ``services/paging.py``). The model keeps the keys of
the rows it has shown (eight bytes a row: 1.6 MB at 200,000) and the rows of at most
``KEPT_PAGES`` pages; a page it let go is read again by its keys when it comes back on
screen (until then its cells say "…"). A new filter or a change of the desk starts again
from the first page (``show_first``).

Başvurularım, Gönderim Kuyruğu, Karantina, Yazdırma Geçmişi and Taslaklar are all this
model; each says only how its rows are read (``read_after``, ``read_keys``) and shown
(``cell_text``, ``cell_style``).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

from models.i18n import _
from services.paging import PAGE_SIZE
from ui.operations import Operations
from ui.table_model import Column, ModelIndex

KEPT_PAGES = 4  # rows held: what a screen shows, with room to scroll back and forth
LOADING = "…"
NO_VALUE = "—"

RowT = TypeVar("RowT")
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                             Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.TextAlignmentRole})


class PageOf(Protocol[RowT]):
    """What a service's page gives (``services.paging.Page``, ``case_search.CasePage``)."""

    @property
    def rows(self) -> list[RowT]: ...

    @property
    def end(self) -> bool: ...

    @property
    def cursor(self) -> Any: ...


class LazyListModel(QAbstractTableModel, Generic[RowT]):
    """``show_first(page)`` starts the list; subclasses say what a row's key is
    (``row_key``), how the next page and a page let go are read (``read_after``,
    ``read_keys``: work for a worker, plain data out) and what a cell shows."""

    page_loaded = Signal()

    def __init__(self, ops: Operations, columns: tuple[Column, ...],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self.columns = columns
        self._keys: array[int] = array("q")
        self._pages: OrderedDict[int, list[RowT]] = OrderedDict()
        self._cursor: Any = None
        self._end = True
        self._fetching = False
        self._generation = 0  # bumped by each new start: a late page of an old list is dropped
        self._asked: set[int] = set()
        self._texts: dict[int, tuple[str, ...]] = {}  # a held row's cells, as shown

    # ----- what a list says -----------------------------------------------------------------

    def row_key(self, row: RowT) -> int:
        raise NotImplementedError

    def read_after(self, cursor: Any) -> Callable[[], PageOf[RowT]]:
        """The work that reads the page after ``cursor``."""
        raise NotImplementedError

    def read_keys(self, keys: list[int]) -> Callable[[], Sequence[RowT]]:
        """The work that reads these rows again (in any order; a gone one is left out)."""
        raise NotImplementedError

    def cell_text(self, row: RowT, key: str) -> str:
        raise NotImplementedError

    def cell_style(self, row: RowT, key: str, role: Qt.ItemDataRole) -> Any:
        """Colour, font, tool tip or alignment of a cell; None for the table's own."""
        return None

    # ----- what the page calls ------------------------------------------------------------

    def show_first(self, page: PageOf[RowT]) -> None:
        """Start again from ``page`` (the first of the list)."""
        self.beginResetModel()
        self._generation += 1
        self._keys = array("q", (self.row_key(row) for row in page.rows))
        self._pages = OrderedDict({0: list(page.rows)}) if page.rows else OrderedDict()
        self._cursor = page.cursor
        self._end = page.end
        self._fetching = False
        self._asked.clear()
        self._texts.clear()
        self.endResetModel()
        self.page_loaded.emit()

    def row_id(self, row: int) -> int:
        return int(self._keys[row])

    def row_of(self, key: int) -> int | None:
        try:
            return self._keys.index(key)
        except ValueError:
            return None

    def row_at(self, row: int) -> RowT | None:
        """The row's data if its page is held (None while it is being read again)."""
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
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._end and not self._fetching

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        self._ops.read(self, "more", self.read_after(self._cursor),
                       lambda page: self._more_arrived(generation, page),
                       lambda _error: self._more_failed(generation))

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
        row = self.row_at(number)
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._read_again(number // PAGE_SIZE)
                return LOADING
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            self._pages.move_to_end(number // PAGE_SIZE)
            texts = tuple(self.cell_text(row, column.key) for column in self.columns)
            self._texts[number] = texts
            return texts[index.column()]
        return self.cell_style(row, self.columns[index.column()].key, Qt.ItemDataRole(role))

    # ----- arriving pages -----------------------------------------------------------------

    def _more_arrived(self, generation: int, page: PageOf[RowT]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._end = page.end
        if not page.rows:
            return
        first = len(self._keys)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._keys.extend(self.row_key(row) for row in page.rows)
        self._pages[first // PAGE_SIZE] = list(page.rows)
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
        keys = list(self._keys[number * PAGE_SIZE:(number + 1) * PAGE_SIZE])
        generation = self._generation
        self._ops.read(self, f"page {number}", self.read_keys(keys),
                       lambda rows: self._page_back(generation, number, keys, rows),
                       lambda _error: self._asked.discard(number))

    def _page_back(self, generation: int, number: int, keys: list[int],
                   rows: Sequence[RowT]) -> None:
        self._asked.discard(number)
        if generation != self._generation:
            return
        by_key = {self.row_key(row): row for row in rows}
        self._pages[number] = [by_key[key] for key in keys if key in by_key]
        self._forget_texts(number)
        self._let_go(keep=number)
        first = number * PAGE_SIZE
        self.dataChanged.emit(self.index(first, 0),
                              self.index(min(first + len(keys), len(self._keys)) - 1,
                                         len(self.columns) - 1))

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
