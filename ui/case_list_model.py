"""A case list over SQL (Başvurularım, the station's cases): the desk's one lazy list
(``ui/lazy_list_model.py``) reading ``services/case_search.py`` in the query's order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from bimer_desktop.app import Desk
from models.deadlines import DeadlineState
from models.enums import OutboxState
from models.i18n import N_, _, format_date
from services.case_search import CasePage, CaseRow, Cursor, Query, SortKey
from ui.lazy_list_model import KEPT_PAGES, LOADING, NO_VALUE, LazyListModel
from ui.operations import Operations
from ui.style import ERROR_RED, MUTED_TEXT, WARNING_AMBER
from ui.table_model import Column

__all__ = ["COLUMNS", "COLUMN_INDEX", "KEPT_PAGES", "LOADING", "CaseListModel", "cell_text",
           "deadline_text"]

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


class CaseListModel(LazyListModel[CaseRow]):
    """``CaseListModel(desk, ops)``; ``show_query(query, page)`` starts the list,
    ``sort_wanted(query)`` asks the page to read again in another order."""

    sort_wanted = Signal(object)  # the Query in the new order

    def __init__(self, desk: Desk, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(ops, COLUMNS, parent)
        self._desk = desk
        self.query = Query()
        # Made once: a font resolved per cell costs a font match at every paint.
        self._number_font = QFont("monospace")
        self._number_font.setStyleHint(QFont.StyleHint.Monospace)

    def show_query(self, query: Query, page: CasePage) -> None:
        """Start again from ``page`` (the first of ``query``)."""
        self.query = query
        self.show_first(page)

    def case_at(self, row: int) -> CaseRow | None:
        """The row's case if its page is held (None while it is being read again)."""
        return self.row_at(row)

    # ----- the lazy list's questions ------------------------------------------------------

    def row_key(self, row: CaseRow) -> int:
        return row.id

    def read_after(self, cursor: Cursor | None) -> Callable[[], CasePage]:
        desk, query, viewer = self._desk, self.query, self._desk.viewer()
        return lambda: desk.cases.page(query, viewer, cursor)

    def read_keys(self, keys: list[int]) -> Callable[[], Sequence[CaseRow]]:
        desk, viewer = self._desk, self._desk.viewer()
        return lambda: desk.cases.rows(keys, viewer)

    def cell_text(self, row: CaseRow, key: str) -> str:
        return cell_text(row, key)

    def cell_style(self, row: CaseRow, key: str, role: Qt.ItemDataRole) -> Any:
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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By name in Turkish order (the applicant column), else in the order of saving:
        the two orders the database keeps indexed."""
        key = SortKey.APPLICANT if COLUMNS[column].key == "applicant" else SortKey.SAVED
        query = Query(self.query.filter, key, order == Qt.SortOrder.DescendingOrder)
        if query != self.query:
            self.sort_wanted.emit(query)
