"""Drafts on screen: the Taslaklar page, the bar that offers last session's drafts, and the
small dialog that asks which channel a new application comes by."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.enums import Channel
from models.i18n import _, format_datetime, ngettext
from services.drafts import DraftSource, DraftSummary
from ui.shortcuts import Command, bind

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


class DraftsPage(QWidget):
    """Taslaklar: this clerk's drafts, newest first; Enter opens, Delete deletes."""

    open_requested = Signal(int)
    discard_requested = Signal(int)

    @staticmethod
    def columns() -> list[str]:
        return [_("Başvuru yolu"), _("Başvuran / konu"), _("Kaynak"), _("Son değişiklik")]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
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
        columns = self.columns()
        self.table = QTableWidget(0, len(columns), self)
        self.table.setObjectName("draftsTable")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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

    def set_drafts(self, drafts: list[DraftSummary]) -> None:
        kept = self.selected_id()
        self._ids = [draft.id for draft in drafts]
        self.table.setRowCount(len(drafts))
        for row, draft in enumerate(drafts):
            cells = (draft.channel.label, draft.label,
                     source_label(draft.source),
                     format_moment(draft.updated_at))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.empty_label.setVisible(not drafts)
        if drafts:
            row = self._ids.index(kept) if kept in self._ids else 0
            self.table.setCurrentCell(row, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)

    def row_count(self) -> int:
        return self.table.rowCount()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._ids[rows[0].row()] if rows and rows[0].row() < len(self._ids) else None

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
