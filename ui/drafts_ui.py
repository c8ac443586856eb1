"""Drafts on screen: the Taslaklar page, the bar that offers last session's drafts, and the
small dialog that asks which channel a new application comes by."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.enums import Channel
from models.i18n import N_, _, format_datetime, ngettext
from services.drafts import DraftSource, DraftSummary
from services.paging import Page
from ui.lazy_list_model import LazyListModel
from ui.live_read import LiveRead
from ui.operations import Change, Operations
from ui.shortcuts import Command, bind
from ui.table_model import Column
from ui.widgets.row_table import set_up_row_table

CHANNEL_KEYS: tuple[Channel, ...] = (Channel.IN_PERSON, Channel.LETTER, Channel.FAX,
                                     Channel.EMAIL)


def source_label(source: str) -> str:
    """Where a draft came from, in words; an unknown source shows as stored."""
    labels = {DraftSource.FORM.value: _("Form"), DraftSource.EMAIL.value: _("E-posta dosyası")}
    return labels.get(source, source)


def format_moment(moment: datetime) -> str:
    return format_datetime(moment)


class ChannelChooser(QDialog):
    """Ctrl+N away from a form: which channel? Keys 1-4 pick, Enter the highlighted one,
    Esc cancels."""

    def __init__(self, default: Channel = Channel.IN_PERSON,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelChooser")
        self.setWindowTitle(_("Yeni başvuru"))
        self.chosen: Channel | None = None
        layout = QVBoxLayout(self)
        question = QLabel(_("Başvuru hangi yoldan geldi?"), self)
        layout.addWidget(question)
        row = QHBoxLayout()
        self.buttons: dict[Channel, QPushButton] = {}
        for number, channel in enumerate(CHANNEL_KEYS, start=1):
            button = QPushButton(f"{number}  {channel.label}", self)
            button.setAutoDefault(True)
            button.clicked.connect(lambda _c=False, ch=channel: self.choose(ch))
            row.addWidget(button)
            self.buttons[channel] = button
        layout.addLayout(row)
        hint = QLabel(_("1-4 ile seçin; Esc vazgeçer."), self)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        self.buttons[default].setDefault(True)
        self.buttons[default].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text in ("1", "2", "3", "4"):
            self.choose(CHANNEL_KEYS[int(text) - 1])
            return
        super().keyPressEvent(event)

    def choose(self, channel: Channel) -> None:
        self.chosen = channel
        self.accept()


class DraftOfferBar(QFrame):
    """At start: "Kaydedilmemiş 2 taslak var" with Aç / Sil, never in the way (not modal)."""

    open_requested = Signal(int)  # a draft id
    list_requested = Signal()
    discard_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBar")
        self._newest = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 5, 8, 5)
        self.text = QLabel(self)
        self.text.setWordWrap(True)  # on a 1024-wide screen it was cut off mid-word
        layout.addWidget(self.text, 1)
        self.open_button = QPushButton(_("Aç"), self)
        self.discard_button = QPushButton(_("Sil"), self)
        self.list_button = QPushButton(_("Taslakları göster"), self)
        self.close_button = QPushButton(_("Kapat"), self)
        for button in (self.open_button, self.discard_button, self.list_button,
                       self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            layout.addWidget(button)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self._newest))
        self.discard_button.clicked.connect(lambda: self.discard_requested.emit(self._newest))
        self.list_button.clicked.connect(self.list_requested)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def offer(self, drafts: list[DraftSummary]) -> None:
        if not drafts:
            self.hide()
            return
        self._newest = drafts[0].id
        if len(drafts) == 1:
            draft = drafts[0]
            self.text.setText(
                _("Kaydedilmemiş 1 taslak var: {label} ({channel}, {moment}).").format(
                    label=draft.label, channel=draft.channel.label,
                    moment=format_moment(draft.updated_at)))
        else:
            self.text.setText(ngettext(
                "Kaydedilmemiş {count} taslak var. En yenisini açabilir ya da hepsini "
                "Taslaklar ekranında görebilirsiniz.",
                "Kaydedilmemiş {count} taslak var. En yenisini açabilir ya da hepsini "
                "Taslaklar ekranında görebilirsiniz.", len(drafts)).format(count=len(drafts)))
        self.discard_button.setVisible(len(drafts) == 1)
        self.show()


DRAFT_COLUMNS: tuple[Column, ...] = (
    Column("channel", N_("Başvuru yolu")),
    Column("label", N_("Başvuran / konu")),
    Column("source", N_("Kaynak")),
    Column("updated_at", N_("Son değişiklik")),
)


class DraftListModel(LazyListModel[DraftSummary]):
    """The clerk's drafts, newest first, a page at a time (the desk's lazy list)."""

    def __init__(self, desk: Desk, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(ops, DRAFT_COLUMNS, parent)
        self._desk = desk

    def row_key(self, row: DraftSummary) -> int:
        return row.id

    def read_after(self, cursor: tuple[datetime, int] | None
                   ) -> Callable[[], Page[DraftSummary]]:
        drafts, user = self._desk.drafts, self._desk.config.user
        return lambda: drafts.page(user, cursor)

    def read_keys(self, keys: list[int]) -> Callable[[], Sequence[DraftSummary]]:
        drafts, user = self._desk.drafts, self._desk.config.user
        return lambda: drafts.summaries(keys, user)

    def cell_text(self, row: DraftSummary, key: str) -> str:
        if key == "channel":
            return row.channel.label
        if key == "label":
            return row.label
        if key == "source":
            return source_label(row.source)
        if key == "updated_at":
            return format_moment(row.updated_at)
        raise KeyError(key)


class DraftsPage(QWidget):
    """Taslaklar: this clerk's drafts, newest first; Enter opens, Delete deletes. ``live``
    reads the first page whenever the drafts change."""

    open_requested = Signal(int)
    discard_requested = Signal(int)

    def __init__(self, desk: Desk, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.model = DraftListModel(desk, ops, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        header = QHBoxLayout()
        title = QLabel(_("Taslaklar"), self)
        title.setObjectName("pageTitle")
        header.addWidget(title)
        header.addStretch(1)
        self.open_button = QPushButton(_("Aç (Enter)"), self)
        self.delete_button = QPushButton(_("Sil (Delete)"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.discard_selected)
        header.addWidget(self.open_button)
        header.addWidget(self.delete_button)
        layout.addLayout(header)
        hint = QLabel(_("Yarım kalan formlar, birkaç saniyede bir kendiliğinden saklanır. "
                        "Kaydedilince taslak silinir. Yalnızca sizin taslaklarınız "
                        "listelenir."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableView(self)
        self.table.setObjectName("draftsTable")
        self.table.setModel(self.model)
        header_view = set_up_row_table(self.table)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (2, 130), (3, 150)):
            self.table.setColumnWidth(column, width)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(_("Taslak yok."), self)
        self.empty_label.setObjectName("hint")
        layout.addWidget(self.empty_label)
        self.setFocusProxy(self.table)
        for command, slot in ((Command.OPEN_DRAFT, self.open_selected),
                              (Command.DELETE_DRAFT, self.discard_selected)):
            bind(self.table, command, slot, context=Qt.ShortcutContext.WidgetShortcut)
        self.live: LiveRead[Page[DraftSummary]] = LiveRead(
            self, ops, "drafts", self._load, self._show, Change.DRAFTS)

    def _load(self) -> Page[DraftSummary]:
        return self._desk.drafts.page(self._desk.config.user)

    def _show(self, page: Page[DraftSummary]) -> None:
        kept = self.selected_id()
        self.model.show_first(page)
        self.empty_label.setVisible(not page.rows)
        if page.rows:
            row = self.model.row_of(kept) if kept is not None else None
            self.table.setCurrentIndex(self.model.index(row or 0, 0))
            self.table.selectRow(row or 0)

    def row_count(self) -> int:
        """The rows fetched so far (a page; more as the table scrolls)."""
        return self.model.rowCount()

    def cell_text(self, row: int, column: int) -> str:
        return str(self.model.index(row, column).data())

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def open_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is not None:
            self.open_requested.emit(draft_id)

    def discard_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is not None:
            self.discard_requested.emit(draft_id)
