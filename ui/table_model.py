"""The one base of the desk's read-only tables: rows of plain data, declared columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QWidget

from models.i18n import _
from models.turkish_text import turkish_sort_key

ModelIndex = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # marked with N_ where declared; translated when the header is drawn


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """Rows replaced whole by ``set_rows`` (they come from a query, never edited here);
    subclasses say what a cell shows in ``data``."""

    def __init__(self, columns: tuple[Column, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[RowT] = []

    def set_rows(self, rows: list[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None

    def cell(self, index: ModelIndex) -> tuple[RowT, str] | None:
        """The row and the column key of ``index``; None for an invalid index."""
        if not index.isValid():
            return None
        return self._rows[index.row()], self.columns[index.column()].key


class TurkishSortProxy(QSortFilterProxyModel):
    """Sorts text in Turkish alphabetical order (c < ç < d, ı < i, …; ``turkish_sort_key``)
    whatever the desk's language: the names and subjects in the tables are Turkish. Other
    values (ISO dates, numbers) sort as they are."""

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        a = left.data(self.sortRole())
        b = right.data(self.sortRole())
        if isinstance(a, str) and isinstance(b, str):
            return turkish_sort_key(a) < turkish_sort_key(b)
        return super().lessThan(left, right)
