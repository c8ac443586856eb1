"""Evveliyat (slide 27): the applicant's earlier applications, shown beside the intake form.

The form calls ``show_applicant`` as soon as a valid T.C. Kimlik No is typed. The panel
asks ``desk.history`` on a worker thread, twice: this desk's list first (milliseconds),
then the list merged with the central service's (up to a few seconds, or "unreachable").
Typing never waits for either, and an answer for an applicant the clerk has already left
is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.i18n import N_, _, format_date, format_number, ngettext
from models.tckn import is_valid_tckn, mask_tckn
from models.turkey_time import in_turkey
from models.turkish_text import normalize, turkish_lower
from services.history import SOURCE_BOTH, SOURCE_CENTRAL, ApplicantHistory, HistoryEntry
from ui.operations import Operations
from ui.style import MUTED_TEXT, WARNING_AMBER, set_state_property
from ui.table_model import TurkishSortProxy
from ui.widgets.row_table import set_up_row_table

log = logging.getLogger("bimer.ui.history")

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

# Marked here, translated with ``_()`` where shown: the language is chosen after import.
TITLE = N_("Evveliyat")
FILTER_PLACEHOLDER = N_("Süz: sayı, tür, konu…")
NO_APPLICANT = N_("T.C. Kimlik No girilince başvuranın önceki başvuruları burada görünür.")
SEARCHING = N_("Önceki başvurular aranıyor…")
FAILED = N_("Önceki başvurular okunamadı. Sorun sürerse sistem yöneticisine bildirin.")
FIRST_APPLICATION = N_("İlk başvurusu")

COLUMN_TITLES = (N_("Sayı"), N_("Tarih"), N_("Yol"), N_("Tür"), N_("Konu / Alt konu"))
NUMBER, DATE, CHANNEL, TYPE, SUBJECT = range(len(COLUMN_TITLES))

SOURCE_TOOLTIPS = {
    SOURCE_BOTH: N_("Bu masada alındı; merkeze ulaştı."),
    SOURCE_CENTRAL: N_("Başka bir masada alındı; merkezden geldi."),
}
NOT_YET_CENTRAL = N_("Bu masada alındı; merkeze henüz ulaşmadı.")

# The panel's few rules, in the desk's colours (ui/style.py); the table header matches
# the Başvurularım table's.
PANEL_STYLESHEET = f"""
QTableView#historyTable::item {{ padding: 0 4px; }}
QTableView#historyTable QHeaderView::section {{
    padding: 2px 6px;
    background: #eef1f5;
    border: none;
    border-right: 1px solid #d5d9e0;
    border-bottom: 1px solid #c9ced6;
    font-weight: bold;
}}
QLabel#historyStatus {{ color: {MUTED_TEXT}; }}
QLabel#historyStatus[level="warning"] {{ color: {WARNING_AMBER}; }}
QLabel#historyApplicant {{ color: {MUTED_TEXT}; font-weight: normal; }}
"""


class HistoryModel(QAbstractTableModel):
    """Rows of ``HistoryEntry`` (plain data from ``desk.history``), newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: tuple[HistoryEntry, ...] = ()
        self._search_texts: tuple[str, ...] = ()

    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        self.beginResetModel()
        self._entries = tuple(entries)
        self._search_texts = tuple(search_text(entry) for entry in self._entries)
        self.endResetModel()

    def entry_at(self, row: int) -> HistoryEntry:
        return self._entries[row]

    def search_text_at(self, row: int) -> str:
        return self._search_texts[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMN_TITLES[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return display_value(entry, column)
        if role == SORT_ROLE:
            if column == DATE:
                return entry.received_at.isoformat()
            return display_value(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NUMBER:
                return number_tooltip(entry)
            if column == SUBJECT:
                return f"{entry.subject_label} ({entry.sub_subject_code})"
        if role == Qt.ItemDataRole.ForegroundRole and column == NUMBER \
                and not entry.central_number:
            return QColor(MUTED_TEXT)
        return None


def display_value(entry: HistoryEntry, column: int) -> str:
    if column == NUMBER:
        return entry.number
    if column == DATE:
        return format_date(in_turkey(entry.received_at).date())
    if column == CHANNEL:
        return entry.channel.label
    if column == TYPE:
        return entry.application_type.label
    if column == SUBJECT:
        return entry.subject_label
    raise IndexError(column)


def number_tooltip(entry: HistoryEntry) -> str:
    lines = []
    if entry.central_number:
        lines.append(_("Merkez no: {number}").format(number=entry.central_number))
    if entry.station_number:
        lines.append(_("Masa no: {number}").format(number=entry.station_number))
    where = SOURCE_TOOLTIPS.get(entry.source, NOT_YET_CENTRAL)
    lines.append(_(where))
    return "\n".join(lines)


def search_text(entry: HistoryEntry) -> str:
    """Everything a clerk may search a row by, lower-cased with Turkish rules."""
    parts = [display_value(entry, column) for column in range(len(COLUMN_TITLES))]
    parts += [entry.station_number or "", entry.central_number or "",
              entry.subject_code, entry.sub_subject_code]
    return turkish_lower(normalize(" ".join(parts)))


class TurkishFilterProxy(TurkishSortProxy):
    """Keeps the rows that contain every word of the query, Turkish case rules applied
    (``şikayet`` finds ``Şikayet``, ``istek`` finds ``İstek``, ``ışık`` finds ``IŞIK``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)

    def set_query(self, text: str) -> None:
        words = tuple(turkish_lower(normalize(text)).split())
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def filtering(self) -> bool:
        return bool(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, HistoryModel)
        text = model.search_text_at(source_row)
        return all(word in text for word in self._words)


@dataclass(frozen=True)
class _Lookup:
    """One answer of a worker: for which request, which phase, and what came back."""

    sequence: int
    final: bool
    history: ApplicantHistory | None
    error: Exception | None = None


class HistoryPanel(QGroupBox):
    """A compact "Evveliyat" box: filter, table, one status line."""

    loaded = Signal(int)  # the number of entries now shown (before filtering)
    open_requested = Signal(str)  # a case of this desk, by number (double-click, Enter)

    def __init__(self, desk: Desk, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(_(TITLE), parent)
        self.setObjectName("historyPanel")
        self.setStyleSheet(PANEL_STYLESHEET)
        self._desk = desk
        self._ops = ops
        self._sequence = 0
        self._tckn: str | None = None
        self._history: ApplicantHistory | None = None
        self._final = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)

        top = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("historyFilter")
        self.filter_edit.setPlaceholderText(_(FILTER_PLACEHOLDER))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Evveliyatı süz"))
        top.addWidget(self.filter_edit, 1)
        self.applicant_label = QLabel("", self)
        self.applicant_label.setObjectName("historyApplicant")
        self.applicant_label.setToolTip(_("Evveliyatı gösterilen başvuranın T.C. Kimlik No'su"))
        top.addWidget(self.applicant_label)
        layout.addLayout(top)

        self._model = HistoryModel(self)
        self._proxy = TurkishFilterProxy(self)
        self._proxy.setSourceModel(self._model)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self._proxy)
        header = set_up_row_table(self.table, row_height=22)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        # A case's few movements: sized to their contents.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        self.table.setMinimumHeight(header.sizeHint().height() + 3 * 22 + 4)
        layout.addWidget(self.table, 1)

        self.status_label = QLabel(_(NO_APPLICANT), self)
        self.status_label.setObjectName("historyStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.table.activated.connect(self._open)  # double-click, or Enter on a row

    def _open(self, index: QModelIndex) -> None:
        """Open a case of this desk (one known only to the central service has no detail
        here)."""
        entry = self._model.entry_at(self._proxy.mapToSource(index).row())
        if entry.station_number and entry.source != SOURCE_CENTRAL:
            self.open_requested.emit(entry.station_number)

    # ----- public -------------------------------------------------------------------------

    def show_applicant(self, tckn: str | None) -> None:
        """Show the history of ``tckn``; None, empty or invalid clears the panel.

        Returns at once: this desk's list arrives first, the merged one after it. A call
        made before the answers of an earlier one arrive makes those answers void.
        """
        self._sequence += 1
        value = (tckn or "").strip()
        if not is_valid_tckn(value):
            self._tckn = self._history = None
            self._final = False
            self.filter_edit.clear()
            self._model.set_entries(())
            self.applicant_label.setText("")
            self._set_status(_(NO_APPLICANT))
            return
        if value != self._tckn:
            # Another applicant: nothing of the previous one stays on screen meanwhile.
            self._history = None
            self.filter_edit.clear()
            self._model.set_entries(())
            self._set_status(_(SEARCHING))
        self._tckn = value
        self._final = False
        self.applicant_label.setText(mask_tckn(value))
        self._start(self._sequence, value, final=False)

    @property
    def is_final(self) -> bool:
        """True once the merged (or the central-unreachable) answer is on screen."""
        return self._final

    def row_count(self) -> int:
        """Rows shown, after filtering."""
        return self._proxy.rowCount()

    def shown_numbers(self) -> list[str]:
        """The Sayı column as shown, top to bottom."""
        return [str(self._proxy.index(row, NUMBER).data())
                for row in range(self._proxy.rowCount())]

    def status_text(self) -> str:
        return self.status_label.text()

    # ----- background ---------------------------------------------------------------------

    def _start(self, sequence: int, tckn: str, *, final: bool) -> None:
        history = self._desk.history
        lookup: Callable[[str], ApplicantHistory] = history.full if final else history.local

        def job() -> _Lookup:
            # Worker thread: plain data in, plain data out; no Qt object is touched here.
            try:
                return _Lookup(sequence, final, lookup(tckn))
            except Exception as error:
                return _Lookup(sequence, final, None, error)

        # Latest only: of the lookups the clerk's typing asks for, the newest is shown.
        self._ops.read(self, "history-full" if final else "history-local", job, self._arrived)

    def _arrived(self, result: _Lookup) -> None:
        if result.sequence != self._sequence or self._tckn is None:
            return  # the clerk has moved on to another applicant (or cleared the field)
        if result.history is None:
            # The message is Turkish and safe; the ID number is in neither it nor the log.
            log.error("history lookup failed (%s)", type(result.error).__name__,
                      exc_info=result.error)
            self._final = True
            if self._history is None:
                self._set_status(_(FAILED), warning=True)
            else:
                self._render_status()  # this desk's list stays, the centre "unreachable"
            return
        self._history = result.history
        self._final = result.final
        self._model.set_entries(result.history.entries)
        self._render_status()
        self.loaded.emit(len(result.history.entries))
        if not result.final:
            self._start(result.sequence, self._tckn, final=True)

    # ----- status -------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self._proxy.set_query(text)
        if self._history is not None:
            self._render_status()

    def _render_status(self) -> None:
        history = self._history
        if history is None:
            return
        total = len(history.entries)
        if not self._final:
            where = _("merkez soruluyor…")
        elif history.central_reachable:
            where = _("merkez: güncel")
        else:
            where = _("merkez: ulaşılamadı, yalnızca bu masadakiler")
        warning = self._final and not history.central_reachable
        if total == 0:
            if self._final and history.central_reachable:
                self._set_status(_(FIRST_APPLICATION))
            else:
                centre = _("merkez: ulaşılamadı") if warning else where
                self._set_status(_("Bu masada önceki başvurusu yok · {centre}").format(
                    centre=centre), warning=warning)
            return
        count = ngettext("{count} başvuru", "{count} başvuru", total).format(
            count=format_number(total))
        if self._proxy.filtering:
            count = _("Süzgece uyan: {shown} / {total}").format(
                shown=format_number(self._proxy.rowCount()), total=count)
        self._set_status(f"{count} · {where}", warning=warning)

    def _set_status(self, text: str, *, warning: bool = False) -> None:
        self.status_label.setText(text)
        set_state_property(self.status_label, "level", "warning" if warning else "normal")
