"""The desk's read-only lists of rows (cases, drafts, the queue, prints, history): one way
to set up their table."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ROW_HEIGHT = 24


def set_up_row_table(table: QTableView, *, row_height: int = ROW_HEIGHT) -> QHeaderView:
    """Whole rows, one selected at a time, never edited in place, alternate colours, one
    line per row and no row numbers; columns the clerk can widen but of fixed width (sizing
    to contents would read every row of a long list). Returns the column header, for the
    caller's widths."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return header
