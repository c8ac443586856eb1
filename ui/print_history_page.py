"""Yazdırma Geçmişi: every printout of this desk, newest first, a page at a time.

The desk's lazy list (``ui/lazy_list_model.py``) over the print log
(``PrintService.log_page``); no personal data in it, only numbers, who, when and where.
Enter (or a double-click) opens the printout's case; Ctrl+P prints the same document of
that case again (a new serial: the log records every paper).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.i18n import N_, _, format_number, ngettext
from models.turkey_time import in_turkey
from services.paging import Page
from services.printouts import DocumentKind, PrintLogView
from ui.lazy_list_model import LazyListModel
from ui.live_read import LiveRead
from ui.operations import Change, Operations
from ui.outbox_view import moment_text
from ui.shortcuts import Command, bind
from ui.table_model import Column
from ui.widgets.row_table import set_up_row_table

TITLE = N_("Yazdırma Geçmişi")
COLUMNS: tuple[Column, ...] = (
    Column("serial", N_("Seri")),
    Column("document", N_("Belge")),
    Column("station_number", N_("Başvuru no")),
    Column("printed_at", N_("Basıldı")),
    Column("user", N_("Basan")),
    Column("pages", N_("Sayfa")),
    Column("printer", N_("Yazıcı / dosya")),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}


def cell_text(row: PrintLogView, key: str) -> str:
    if key == "serial":
        return f"{row.station_code}-{row.serial}"
    if key == "document":
        return row.document_label
    if key == "station_number":
        return row.station_number
    if key == "printed_at":
        return moment_text(in_turkey(row.printed_at))
    if key == "user":
        return row.user
    if key == "pages":
        return format_number(row.page_count)
    if key == "printer":
        return row.printer
    raise KeyError(key)


class PrintLogModel(LazyListModel[PrintLogView]):
    def __init__(self, desk: Desk, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(ops, COLUMNS, parent)
        self._desk = desk
        self._number_font = QFont("monospace")
        self._number_font.setStyleHint(QFont.StyleHint.Monospace)

    def row_key(self, row: PrintLogView) -> int:
        return row.id

    def read_after(self, cursor: int | None) -> Callable[[], Page[PrintLogView]]:
        printouts = self._desk.printouts
        return lambda: printouts.log_page(cursor)

    def read_keys(self, keys: list[int]) -> Callable[[], Sequence[PrintLogView]]:
        printouts = self._desk.printouts
        return lambda: printouts.log_rows(keys)

    def cell_text(self, row: PrintLogView, key: str) -> str:
        return cell_text(row, key)

    def cell_style(self, row: PrintLogView, key: str, role: Qt.ItemDataRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and key in ("serial", "station_number"):
            return self._number_font
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "pages":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.provenance()
        return None


class _Table(QTableView):
    """Enter on a row opens its case (a table's own Enter would only move the cursor)."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class PrintHistoryPage(QWidget):
    """``open_requested(number)`` opens a printout's case; ``reprint_requested(kind,
    number)`` prints that document again."""

    open_requested = Signal(str)
    reprint_requested = Signal(object, str)  # DocumentKind, station number

    def __init__(self, desk: Desk, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printHistoryPage")
        self._desk = desk
        self.model = PrintLogModel(desk, ops, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        header = QHBoxLayout()
        title = QLabel(_(TITLE), self)
        title.setObjectName("pageTitle")
        header.addWidget(title)
        header.addStretch(1)
        self.open_button = QPushButton(_("Başvuruyu aç (Enter)"), self)
        self.reprint_button = QPushButton(_("Yeniden yazdır (Ctrl+P)"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.reprint_button.clicked.connect(self.reprint_selected)
        for button in (self.open_button, self.reprint_button):
            button.setAutoDefault(False)
            header.addWidget(button)
        layout.addLayout(header)
        hint = QLabel(_("Bu masada basılan her belge, en yenisi üstte. Kâğıttaki barkod bu "
                        "satıra götürür; yeniden yazdırılan belge yeni bir seri alır."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hint")
        layout.addWidget(self.count_label)

        self.table = _Table(self)
        self.table.setObjectName("printHistoryTable")
        self.table.setModel(self.model)
        header_view = set_up_row_table(self.table)
        for key, width in (("serial", 100), ("document", 124), ("station_number", 150),
                           ("printed_at", 126), ("user", 90), ("pages", 52)):
            self.table.setColumnWidth(COLUMN_INDEX[key], width)
        header_view.setStretchLastSection(True)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated_row.connect(lambda _row: self.open_selected())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(_("Bu masada henüz bir şey yazdırılmadı."), self)
        self.empty_label.setObjectName("hint")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self.setFocusProxy(self.table)
        bind(self, Command.REPRINT, self.reprint_selected)
        self.live: LiveRead[tuple[Page[PrintLogView], int]] = LiveRead(
            self, ops, "print log", self._load, self._show, Change.PRINTS)

    def _load(self) -> tuple[Page[PrintLogView], int]:
        printouts = self._desk.printouts
        return printouts.log_page(), printouts.log_count()

    def _show(self, result: tuple[Page[PrintLogView], int]) -> None:
        page, count = result
        kept = self.selected()
        self.model.show_first(page)
        self.count_label.setText(ngettext("{count} belge", "{count} belge", count).format(
            count=format_number(count)))
        self.empty_label.setVisible(count == 0)
        if page.rows:
            row = self.model.row_of(kept.id) if kept is not None else None
            self.table.setCurrentIndex(self.model.index(row or 0, 0))
            self.table.selectRow(row or 0)

    # ----- what the clerk sees ------------------------------------------------------------

    def row_count(self) -> int:
        """The rows fetched so far (a page; more as the table scrolls)."""
        return self.model.rowCount()

    def cell_text(self, row: int, key: str) -> str:
        return str(self.model.index(row, COLUMN_INDEX[key]).data())

    def select_row(self, row: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.selectRow(row)

    def selected(self) -> PrintLogView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # ----- actions ------------------------------------------------------------------------

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_requested.emit(row.station_number)

    def reprint_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            kind = DocumentKind(row.document_type)
        except ValueError:
            kind = DocumentKind.RECEIPT
        self.reprint_requested.emit(kind, row.station_number)
