"""Ana sayfa: today's figures for the desk at a glance, and the ways to start a new one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.enums import Channel
from models.i18n import _, format_long_date, format_number
from services.desk_figures import DeskFigures
from ui.icons import icon
from ui.style import set_state_property

_CHANNEL_ICONS = {Channel.IN_PERSON: "in-person", Channel.LETTER: "letter",
                  Channel.FAX: "fax", Channel.EMAIL: "email"}


class FigureTile(QFrame):
    """One figure: a large number over what it counts."""

    def __init__(self, caption: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("tile", True)
        self.number = QLabel("–")
        self.number.setObjectName("tileNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        self.setMinimumSize(190, 96)

    def show_value(self, value: int) -> None:
        self.number.setText(format_number(value))


class HomePage(QWidget):
    """The first page the clerk sees. ``start`` asks the window for a new form of a channel;
    ``show_queue`` for the Gönderim Kuyruğu (a click on the waiting or refused figures)."""

    start = Signal(object)  # Channel
    show_queue = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        self.title = QLabel(_("Bugün"))
        self.title.setObjectName("pageTitle")
        self.day = QLabel()
        self.day.setObjectName("hint")
        self.taken = FigureTile(_("başvuru alındı"), "takenTile")
        self.printed = FigureTile(_("belge basıldı"), "printedTile")
        self.waiting = FigureTile(_("merkeze gönderilmeyi bekliyor"), "waitingTile")
        self.quarantined = FigureTile(_("merkez kabul etmedi — düzeltme bekliyor"),
                                      "quarantinedTile")
        self.deadline_near = FigureTile(_("başvurunun yasal süresi 3 gün içinde doluyor"),
                                        "deadlineTile")
        tiles = QGridLayout()
        tiles.setSpacing(12)
        for column, tile in enumerate((self.taken, self.printed, self.waiting,
                                       self.quarantined)):
            tiles.addWidget(tile, 0, column)
        tiles.addWidget(self.deadline_near, 1, 0)  # a second row: four fit a small screen
        self.queue_button = QPushButton(icon("outbox"), _("Gönderim kuyruğunu aç"))
        self.queue_button.clicked.connect(self.show_queue.emit)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.channel_buttons: dict[Channel, QPushButton] = {}
        for channel in Channel:
            button = QPushButton(icon(_CHANNEL_ICONS[channel]),
                                 _("Yeni başvuru: {channel}").format(channel=channel.label))
            button.setMinimumHeight(36)
            button.clicked.connect(self._starter(channel))
            actions.addWidget(button)
            self.channel_buttons[channel] = button
        actions.addStretch(1)
        start_title = QLabel(_("Yeni başvuru al"))
        start_title.setObjectName("sectionTitle")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.day)
        layout.addLayout(tiles)
        layout.addWidget(self.queue_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(12)
        layout.addWidget(start_title)
        layout.addLayout(actions)
        hint = QLabel(_("Kısayollar: Ctrl+N yeni başvuru, F5 şimdi gönder, Ctrl+1… sayfalar."))
        hint.setObjectName("hint")
        layout.addWidget(hint)
        layout.addStretch(1)

    def _starter(self, channel: Channel) -> Callable[[], None]:
        return lambda: self.start.emit(channel)

    def show_figures(self, figures: DeskFigures) -> None:
        self.day.setText(format_long_date(figures.day.date()))
        self.taken.show_value(figures.taken_today)
        self.printed.show_value(figures.printed_today)
        self.waiting.show_value(figures.waiting)
        self.quarantined.show_value(figures.quarantined)
        self.quarantined.setProperty("alert", figures.quarantined > 0)
        self.quarantined.style().unpolish(self.quarantined)
        self.quarantined.style().polish(self.quarantined)
        self.deadline_near.show_value(figures.deadline_near)
        set_state_property(self.deadline_near, "alert", figures.deadline_near > 0)
