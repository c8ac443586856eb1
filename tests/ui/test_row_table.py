"""Every list of the desk behaves as one: a click takes the whole row, nothing is edited in
place, one line per row, columns kept at their width whatever the rows hold."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from ui.widgets.row_table import set_up_row_table


def test_a_row_table_selects_whole_rows_one_at_a_time_and_edits_nothing(qtbot: QtBot) -> None:
    model = QStandardItemModel(3, 3)
    for row in range(3):
        for column in range(3):
            model.setItem(row, column, QStandardItem(f"{row}-{column} " + "uzun " * 30))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    header = set_up_row_table(table, row_height=22)
    table.show()

    table.setCurrentIndex(model.index(1, 2))
    assert {index.column() for index in table.selectionModel().selectedIndexes()} == {0, 1, 2}
    table.selectionModel().select(model.index(2, 0), QItemSelectionModel.SelectionFlag.Select
                                  | QItemSelectionModel.SelectionFlag.Rows)
    table.setCurrentIndex(model.index(2, 0))
    assert {index.row() for index in table.selectionModel().selectedIndexes()} == {2}
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.rowHeight(0) == 22 and not table.wordWrap()
    assert not table.verticalHeader().isVisible()
    assert header is table.horizontalHeader()
    width = table.columnWidth(1)
    model.item(0, 1).setText("çok " * 200)  # a long text does not widen its column
    assert table.columnWidth(1) == width
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive
