"""Başvurularım and Gönderim Kuyruğu: the desk's applications as a table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.enums import OutboxState
from models.i18n import N_, _, format_datetime
from services.queries import ApplicationSummary
from ui.shortcuts import Command, bind
from ui.style import ERROR_RED, MUTED_TEXT
from ui.table_model import Column, ModelIndex, RowsModel, TurkishSortProxy

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NO_VALUE = "—"


COLUMNS: tuple[Column, ...] = (
    Column("station_number", N_("Başvuru no")),
    Column("central_number", N_("Merkez no")),
    Column("created_at", N_("Tarih")),
    Column("application_type", N_("Tür")),
    Column("applicant", N_("Başvuran")),
    Column("sync_state", N_("Durum")),
    Column("sync_message", N_("Açıklama")),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}


class ApplicationsModel(RowsModel[ApplicationSummary]):
    """Rows of ``ApplicationSummary`` (plain data from ``desk.queries``), newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        summary, key = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return display_value(summary, key)
        if role == SORT_ROLE:
            if key == "created_at":
                return summary.created_at.isoformat()
            return display_value(summary, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "central_number" and not summary.central_number:
                return QColor(MUTED_TEXT)
            if key == "sync_state" and summary.sync_state is OutboxState.QUARANTINED:
                return QColor(ERROR_RED)
        if role == Qt.ItemDataRole.FontRole and key == "station_number":
            font = QFont()
            font.setFamily("monospace")
            font.setStyleHint(QFont.StyleHint.Monospace)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and key in ("sync_state", "sync_message"):
            return summary.sync_message or None
        return None


def display_value(summary: ApplicationSummary, key: str) -> str:
    if key == "station_number":
        return summary.station_number
    if key == "central_number":
        return summary.central_number or NO_VALUE
    if key == "created_at":
        return format_datetime(summary.created_at)
    if key == "application_type":
        return summary.application_type.label
    if key == "applicant":
        return summary.applicant_masked or _("Belirtilmemiş")
    if key == "sync_state":
        return summary.sync_state.label
    if key == "sync_message":
        return summary.sync_message or ""
    raise KeyError(key)


class _UnsentFilter(TurkishSortProxy):
    def __init__(self, unsent_only: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unsent_only = unsent_only
        self.setSortRole(SORT_ROLE)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._unsent_only:
            return True
        model = self.sourceModel()
        assert isinstance(model, ApplicationsModel)
        return model.row_at(source_row).sync_state is not OutboxState.DONE


class ApplicationList(QWidget):
    """A titled table over the shared ``ApplicationsModel``; Ctrl+P prints the selection."""

    print_requested = Signal(str)
    sync_requested = Signal()
    message = Signal(str)

    def __init__(self, model: ApplicationsModel, *, title: str, hint: str,
                 unsent_only: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._proxy = _UnsentFilter(unsent_only, self)
        self._proxy.setSourceModel(model)
        self._model = model

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        header = QHBoxLayout()
        title_label = QLabel(title, self)
        title_label.setObjectName("pageTitle")
        header.addWidget(title_label)
        header.addStretch(1)
        if unsent_only:
            send = QPushButton(_("Şimdi gönder (F5)"), self)
            send.clicked.connect(self.sync_requested)
            header.addWidget(send)
        else:
            printing = QPushButton(_("Alındı belgesi yazdır (Ctrl+P)"), self)
            printing.clicked.connect(self.print_selected)
            header.addWidget(printing)
        layout.addLayout(header)
        hint_label = QLabel(hint, self)
        hint_label.setObjectName("hint")
        hint_label.setWordWrap(True)
        layout.addWidget(hint_label)

        self.table = QTableView(self)
        self.table.setObjectName("applicationsTable")
        self.table.setModel(self._proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_INDEX["created_at"], Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setStretchLastSection(True)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if not unsent_only:
            self.table.setColumnHidden(COLUMN_INDEX["sync_message"], True)
        layout.addWidget(self.table, 1)

        self.empty_label = QLabel(
            _("Henüz başvuru yok.") if not unsent_only
            else _("Gönderilmeyi bekleyen başvuru yok: hepsi merkeze ulaştı."), self)
        self.empty_label.setObjectName("hint")
        layout.addWidget(self.empty_label)
        self._proxy.modelReset.connect(self._update_empty)
        self._update_empty()
        self.setFocusProxy(self.table)
        # A refresh after each sync must not drop the row the clerk is about to print.
        self._kept_selection: str | None = None
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)

        if not unsent_only:
            bind(self, Command.REPRINT, self.print_selected)

    def row_count(self) -> int:
        return self._proxy.rowCount()

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def selected(self) -> ApplicationSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._model.row_at(self._proxy.mapToSource(rows[0]).row())

    def print_selected(self) -> None:
        summary = self.selected()
        if summary is None:
            self.message.emit(_("Alındı belgesi için önce listeden bir başvuru seçin."))
            return
        self.print_requested.emit(summary.station_number)

    def _remember_selection(self) -> None:
        summary = self.selected()
        self._kept_selection = summary.station_number if summary else None

    def _restore_selection(self) -> None:
        number, self._kept_selection = self._kept_selection, None
        if number is None:
            return
        for row in range(self._proxy.rowCount()):
            source = self._proxy.mapToSource(self._proxy.index(row, 0))
            if self._model.row_at(source.row()).station_number == number:
                self.table.selectRow(row)
                return

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self._proxy.rowCount() == 0)
