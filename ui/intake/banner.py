"""The green strip after a save: the station number, what the clerk should know, and the
two things that usually follow — the receipt, and the next citizen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.i18n import _


class SavedBanner(QWidget):
    """Hidden until ``show_saved``; its holder carries the margins, so a hidden banner
    leaves no gap. ``print_clicked`` / ``new_clicked`` are its buttons (Ctrl+P / Ctrl+N)."""

    print_clicked = Signal()
    new_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        holder_layout = QVBoxLayout(self)
        holder_layout.setContentsMargins(12, 8, 12, 0)
        banner = QFrame(self)
        holder_layout.addWidget(banner)
        banner.setObjectName("savedBanner")
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(14, 6, 14, 6)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        title = QLabel(_("Başvuru kaydedildi"), banner)
        title.setStyleSheet("font-weight: bold;")
        self.number_label = QLabel(banner)
        self.number_label.setObjectName("bannerNumber")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notices_label = QLabel(banner)
        self.notices_label.setWordWrap(True)
        texts.addWidget(title)
        texts.addWidget(self.number_label)
        texts.addWidget(self.notices_label)
        layout.addLayout(texts, 1)
        self.print_button = QPushButton(_("Alındı belgesi yazdır (Ctrl+P)"), banner)
        self.print_button.clicked.connect(self.print_clicked)
        self.new_button = QPushButton(_("Yeni başvuru (Ctrl+N)"), banner)
        self.new_button.clicked.connect(self.new_clicked)
        for button in (self.print_button, self.new_button):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_saved(self, number: str, notices: list[str]) -> None:
        self.number_label.setText(number)
        self.notices_label.setText(" ".join(notices))
        self.notices_label.setVisible(bool(notices))
        self.show()

    @property
    def shown(self) -> bool:
        return not self.isHidden()

    @property
    def number(self) -> str:
        return self.number_label.text()

    @property
    def notices(self) -> str:
        return self.notices_label.text() if not self.notices_label.isHidden() else ""
