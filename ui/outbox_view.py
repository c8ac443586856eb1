"""Gönderim Kuyruğu and Karantina: outbox items with their state, attempts and the
service's last word.

The list is the desk's lazy list (``ui/lazy_list_model.py``): a page of the chosen states at
a time, read off the GUI thread with the counts (``LiveRead``), never the whole queue. The
page asks for the rest through signals (attempts, re-queue, correction); the window does the
work and hands the answers back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.enums import OutboxState
from models.i18n import N_, _, format_date, format_datetime, format_number
from models.turkey_time import in_turkey, turkey_now
from services.outbox_queries import OutboxRow, QueueCounts
from services.paging import Page
from services.sync import AttemptView
from ui.lazy_list_model import LazyListModel
from ui.live_read import LiveRead
from ui.operations import Change, Operations
from ui.style import ERROR_RED, MUTED_TEXT, WARNING_AMBER
from ui.table_model import Column
from ui.widgets.row_table import set_up_row_table

NO_VALUE = "—"
TITLE = N_("Gönderim Kuyruğu")
HINT = N_(
    "Merkeze gidecek her şey: başvurular ve ekleri. Bağlantı varken kendiliğinden gönderilir; "
    "F5 hemen gönderir. Merkezin kabul etmediği bir başvuru karantinaya alınır ve sırayı "
    "tıkamaz: nedenini okuyup Düzelt ile yeni sürümünü kaydedin, ya da sorun merkezdeyse ve "
    "giderildiyse Yeniden kuyruğa alın."
)
QUARANTINE_TITLE = N_("Karantina")
QUARANTINE_HINT = N_(
    "Merkezin kabul etmediği öğeler. Sırayı tıkamazlar; nedenini okuyup Düzelt ile yeni "
    "sürümünü kaydedin, ya da sorun merkezdeyse ve giderildiyse Yeniden kuyruğa alın."
)
QUARANTINED = frozenset({OutboxState.QUARANTINED})


COLUMNS: tuple[Column, ...] = (
    Column("station_number", N_("Başvuru no")),
    Column("version", N_("Sürüm")),
    Column("kind", N_("Tür")),
    Column("state", N_("Durum")),
    Column("attempts", N_("Deneme")),
    Column("next_attempt_at", N_("Sonraki deneme")),
    Column("last_status", "HTTP"),
    Column("last_message", N_("Son ileti")),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}
WAITING = frozenset(state for state in OutboxState if not state.finished)


@dataclass(frozen=True)
class StateFilter:
    title: str
    states: frozenset[OutboxState] | None  # None: every state


FILTERS: tuple[StateFilter, ...] = (
    StateFilter(N_("Gönderilmeyi bekleyenler"), WAITING),
    StateFilter(N_("Karantinada"), frozenset({OutboxState.QUARANTINED})),
    StateFilter(N_("Yeniden denenecek"), frozenset({OutboxState.RETRY})),
    StateFilter(N_("Bekliyor"), frozenset({OutboxState.PENDING, OutboxState.IN_FLIGHT})),
    StateFilter(N_("Gönderildi"), frozenset({OutboxState.DONE})),
    StateFilter(N_("Düzeltildi"), frozenset({OutboxState.SUPERSEDED})),
    StateFilter(N_("Tümü"), None),
)


def moment_text(moment: datetime | None, today: datetime | None = None) -> str:
    """``14:05`` today, ``28.11.2026 14:05`` another day (in the desk's language), ``—`` for
    none."""
    if moment is None:
        return NO_VALUE
    local = in_turkey(moment)
    reference = in_turkey(today or turkey_now())
    return f"{local:%H:%M}" if local.date() == reference.date() else format_datetime(local)


def display_value(row: OutboxRow, key: str) -> str:
    if key == "station_number":
        return row.station_number
    if key == "version":
        return str(row.version)
    if key == "kind":
        return row.kind_label
    if key == "state":
        return row.state.label
    if key == "attempts":
        return format_number(row.attempts)
    if key == "next_attempt_at":
        return moment_text(row.next_attempt_at) if row.state is OutboxState.RETRY else NO_VALUE
    if key == "last_status":
        return str(row.last_status) if row.last_status is not None else NO_VALUE
    if key == "last_message":
        return row.last_message or ""
    raise KeyError(key)


_STATE_COLOURS = {
    OutboxState.QUARANTINED: ERROR_RED,
    OutboxState.RETRY: WARNING_AMBER,
    OutboxState.SUPERSEDED: MUTED_TEXT,
}


class OutboxModel(LazyListModel[OutboxRow]):
    """``OutboxRow`` pages (plain data from ``desk.outbox``) of the items in ``states``."""

    def __init__(self, desk: Desk, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(ops, COLUMNS, parent)
        self._desk = desk
        self.states: frozenset[OutboxState] | None = WAITING
        self._number_font = QFont("monospace")
        self._number_font.setStyleHint(QFont.StyleHint.Monospace)

    def show_states(self, states: frozenset[OutboxState] | None, page: Page[OutboxRow]) -> None:
        self.states = states
        self.show_first(page)

    def row_key(self, row: OutboxRow) -> int:
        return row.id

    def read_after(self, cursor: int | None) -> Callable[[], Page[OutboxRow]]:
        outbox, states = self._desk.outbox, self.states
        return lambda: outbox.page(states, cursor)

    def read_keys(self, keys: list[int]) -> Callable[[], Sequence[OutboxRow]]:
        outbox = self._desk.outbox
        return lambda: outbox.rows_by_id(keys)

    def cell_text(self, row: OutboxRow, key: str) -> str:
        return display_value(row, key)

    def cell_style(self, row: OutboxRow, key: str, role: Qt.ItemDataRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "state" and row.state in _STATE_COLOURS:
                return QColor(_STATE_COLOURS[row.state])
            if row.state is OutboxState.SUPERSEDED:
                return QColor(MUTED_TEXT)
        if role == Qt.ItemDataRole.FontRole and key == "station_number":
            return self._number_font
        if role == Qt.ItemDataRole.TextAlignmentRole and key in (
                "version", "attempts", "last_status"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("state", "last_message"):
            return row.last_message or None
        return None


class OutboxPage(QWidget):
    """The queue's table, a state filter, the selected item's attempts and three actions;
    with ``quarantine`` the Karantina page: the quarantined items only, no filter.

    ``live`` reads the shown states' first page and the counts. ``attempts_wanted`` asks
    for the selected item's history (answer with ``show_attempts``); the buttons ask
    through ``sync_requested``, ``requeue_requested`` (the item's id) and
    ``correct_requested`` (the application's id).
    """

    sync_requested = Signal()
    requeue_requested = Signal(int)
    correct_requested = Signal(int)
    attempts_wanted = Signal(int)
    attempts_shown = Signal(int)
    message = Signal(str)

    ATTEMPT_COLUMNS = (N_("Zaman"), N_("Sonuç"), "HTTP", N_("İleti"))

    def __init__(self, desk: Desk, ops: Operations, parent: QWidget | None = None, *,
                 quarantine: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("quarantinePage" if quarantine else "outboxPage")
        self._desk = desk
        self._quarantine = quarantine
        self._states: frozenset[OutboxState] | None = QUARANTINED if quarantine else WAITING
        self._model = OutboxModel(desk, ops, self)
        self._counts = QueueCounts({})
        self._shown_item: int | None = None
        self._kept_selection: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        header = QHBoxLayout()
        title = QLabel(_(QUARANTINE_TITLE if quarantine else TITLE), self)
        title.setObjectName("pageTitle")
        header.addWidget(title)
        header.addStretch(1)
        self.send_button = QPushButton(_("Şimdi gönder (F5)"), self)
        self.send_button.setObjectName("sendNowButton")
        self.requeue_button = QPushButton(_("Yeniden kuyruğa al"), self)
        self.correct_button = QPushButton(_("Düzelt…"), self)
        self.correct_button.setObjectName("correctButton")
        self.send_button.clicked.connect(self.sync_requested)
        self.requeue_button.clicked.connect(self.requeue_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        for button in (self.correct_button, self.requeue_button, self.send_button):
            button.setAutoDefault(False)
            header.addWidget(button)
        layout.addLayout(header)
        hint = QLabel(_(QUARANTINE_HINT if quarantine else HINT), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        bar = QHBoxLayout()
        filter_label = QLabel(_("Durum:"), self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("stateFilter")
        for entry in FILTERS:
            self.filter.addItem(_(entry.title))
        filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.summary = QLabel(self)
        self.summary.setObjectName("hint")
        if quarantine:
            filter_label.hide()
            self.filter.hide()
        else:
            bar.addWidget(filter_label)
            bar.addWidget(self.filter)
            bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)

        self.table = QTableView(self)
        self.table.setObjectName("quarantineTable" if quarantine else "outboxTable")
        self.table.setModel(self._model)
        header_view = set_up_row_table(self.table)
        for key, width in (("station_number", 150), ("version", 64), ("kind", 90),
                           ("state", 136), ("attempts", 76), ("next_attempt_at", 120),
                           ("last_status", 48)):
            self.table.setColumnWidth(COLUMN_INDEX[key], width)
        header_view.setStretchLastSection(True)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.correct_selected())

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("hint")

        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 6, 0, 0)
        self.attempts_title = QLabel(_("Denemeler"), details)
        self.attempts_title.setObjectName("formTitle")
        self.attempts = QTableWidget(0, len(self.ATTEMPT_COLUMNS), details)
        self.attempts.setObjectName("attemptsTable")
        self.attempts.setHorizontalHeaderLabels([_(title) for title in self.ATTEMPT_COLUMNS])
        self.attempts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attempts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.attempts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.attempts.verticalHeader().hide()
        self.attempts.verticalHeader().setDefaultSectionSize(22)
        attempts_header = self.attempts.horizontalHeader()
        attempts_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        attempts_header.setStretchLastSection(True)
        attempts_header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.attempts_hint = QLabel(_("Denemelerini görmek için listeden bir satır seçin."),
                                    details)
        self.attempts_hint.setObjectName("hint")
        details_layout.addWidget(self.attempts_title)
        details_layout.addWidget(self.attempts, 1)
        details_layout.addWidget(self.attempts_hint)

        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.setFocusProxy(self.table)
        self._model.modelAboutToBeReset.connect(self._remember_selection)
        self._model.modelReset.connect(self._restore_selection)
        self._update_after_change()
        self.live: LiveRead[tuple[frozenset[OutboxState] | None, Page[OutboxRow], QueueCounts]]
        self.live = LiveRead(self, ops, "queue", self._load, self._show,
                             Change.OUTBOX | Change.APPLICATIONS)

    # ----- data in ------------------------------------------------------------------------

    def _load(self) -> tuple[frozenset[OutboxState] | None, Page[OutboxRow], QueueCounts]:
        outbox, states = self._desk.outbox, self._states
        return states, outbox.page(states), outbox.counts()

    def _show(self, result: tuple[frozenset[OutboxState] | None, Page[OutboxRow],
                                  QueueCounts]) -> None:
        states, page, counts = result
        self._counts = counts
        self._model.show_states(states, page)
        self._update_filter_titles()
        self._update_after_change()

    def show_attempts(self, item_id: int, attempts: list[AttemptView]) -> None:
        """The history of item ``item_id``, if it is still the selected one."""
        selected = self.selected()
        if selected is None or selected.id != item_id:
            return
        self.attempts.setRowCount(len(attempts))
        for index, attempt in enumerate(reversed(attempts)):  # newest first
            state = OutboxState(attempt.outcome.value)
            at = in_turkey(attempt.at)
            cells = (f"{format_date(at.date())} {at:%H:%M:%S}", state.label,
                     str(attempt.http_status) if attempt.http_status is not None else NO_VALUE,
                     attempt.message)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 3:
                    cell.setToolTip(text)
                if column == 1 and state in _STATE_COLOURS:
                    cell.setForeground(QColor(_STATE_COLOURS[state]))
                self.attempts.setItem(index, column, cell)
        self._shown_item = item_id
        self.attempts_hint.setText(_("Bu öğe henüz hiç gönderilmedi.") if not attempts else "")
        self.attempts_hint.setVisible(not attempts)
        self.attempts_shown.emit(item_id)

    # ----- what the clerk sees ------------------------------------------------------------

    @property
    def model(self) -> OutboxModel:
        return self._model

    def row_count(self) -> int:
        """The rows fetched so far (a page; more as the table scrolls)."""
        return self._model.rowCount()

    def row(self, index: int) -> OutboxRow:
        row = self._model.row_at(index)
        if row is None:
            raise LookupError(index)  # its page was let go: it is being read again
        return row

    def cell_text(self, index: int, key: str) -> str:
        return str(self._model.index(index, COLUMN_INDEX[key]).data())

    def attempt_texts(self) -> list[list[str]]:
        return [[cell.text() if (cell := self.attempts.item(r, c)) is not None else ""
                 for c in range(self.attempts.columnCount())]
                for r in range(self.attempts.rowCount())]

    def set_filter(self, title: str) -> None:
        """Choose the filter called ``title`` (its Turkish name, or the one shown)."""
        index = next(i for i, entry in enumerate(FILTERS) if title in (entry.title, _(entry.title)))
        self.filter.setCurrentIndex(index)

    def select_row(self, index: int) -> None:
        self.table.selectRow(index)

    def row_index(self, matches: Callable[[OutboxRow], bool]) -> int | None:
        """The first shown row that ``matches``, or None."""
        return next((i for i in range(self._model.rowCount())
                     if (row := self._model.row_at(i)) is not None and matches(row)), None)

    def select_item(self, item_id: int) -> bool:
        index = self._model.row_of(item_id)
        if index is None:
            return False
        self.table.selectRow(index)
        return True

    def selected(self) -> OutboxRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._model.row_at(rows[0].row())

    # ----- actions ------------------------------------------------------------------------

    def requeue_selected(self) -> None:
        row = self.selected()
        if row is None or not row.requeueable:
            self.message.emit(_("Yeniden kuyruğa almak için karantinadaki bir satır seçin."))
            return
        self.requeue_requested.emit(row.id)

    def correct_selected(self) -> None:
        row = self.selected()
        if row is None or not row.correctable:
            self.message.emit(_("Düzeltmek için karantinadaki bir başvuru seçin (ekler "
                                "düzeltilmez; başvurusuyla birlikte gider)."))
            return
        self.correct_requested.emit(row.application_id)

    # ----- inside -------------------------------------------------------------------------

    def _filter_changed(self, index: int) -> None:
        self._states = FILTERS[index].states
        self.live.reload()

    def _update_filter_titles(self) -> None:
        for index, entry in enumerate(FILTERS):
            if entry.states is None:
                count = sum(self._counts.by_state.values())
            else:
                count = sum(self._counts[state] for state in entry.states)
            self.filter.setItemText(index, f"{_(entry.title)} ({format_number(count)})")

    def _update_after_change(self) -> None:
        counts = self._counts
        parts = [_("Bekleyen: {count}").format(count=format_number(counts.waiting))]
        if counts.quarantined:
            parts.append(_("karantinada: {count}").format(count=format_number(counts.quarantined)))
        if counts[OutboxState.RETRY]:
            parts.append(_("yeniden denenecek: {count}").format(
                count=format_number(counts[OutboxState.RETRY])))
        parts.append(_("gönderildi: {count}").format(
            count=format_number(counts[OutboxState.DONE])))
        self.summary.setText(" · ".join(parts))
        empty = self._model.rowCount() == 0
        states = self._model.states
        self.empty_label.setText(
            _("Karantinada öğe yok: merkezin geri çevirdiği bir şey yok.") if self._quarantine
            else _("Gönderilmeyi bekleyen bir şey yok: hepsi merkeze ulaştı.")
            if states == WAITING else _("Bu durumda öğe yok."))
        self.empty_label.setVisible(empty)
        self._selection_changed()

    def _selection_changed(self, *_args: object) -> None:
        row = self.selected()
        self.requeue_button.setEnabled(row is not None and row.requeueable)
        self.correct_button.setEnabled(row is not None and row.correctable)
        if row is None:
            self._shown_item = None
            self.attempts.setRowCount(0)
            self.attempts_title.setText(_("Denemeler"))
            self.attempts_hint.setText(_("Denemelerini görmek için listeden bir satır seçin."))
            self.attempts_hint.show()
            return
        kind = row.kind_label.lower()
        self.attempts_title.setText(
            _("Denemeler — {number}, sürüm {version} ({kind})").format(
                number=row.station_number, version=row.version, kind=kind) if row.version > 1
            else _("Denemeler — {number} ({kind})").format(number=row.station_number, kind=kind))
        self.attempts_wanted.emit(row.id)

    def _remember_selection(self) -> None:
        row = self.selected()
        self._kept_selection = row.id if row else None

    def _restore_selection(self) -> None:
        item, self._kept_selection = self._kept_selection, None
        if item is not None:
            self.select_item(item)
