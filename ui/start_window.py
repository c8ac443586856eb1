"""The window on screen while the desk opens: the product's name and "opening", at the size
of the main window, shown before the desk's database and libraries are loaded (≈2 s on a
slow machine), so a start is seen at once and the icon is not clicked again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bimer_desktop.version import PRODUCT_NAME
from models.i18n import _
from ui.icons import APPLICATION_ICON, icon

START_WINDOW_SIZE = (1366, 768)  # the main window's first size: no jump when it replaces this


class StartWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("startWindow")
        self.setWindowTitle(PRODUCT_NAME)
        self.resize(*START_WINDOW_SIZE)
        emblem = QLabel()
        emblem.setPixmap(icon(APPLICATION_ICON).pixmap(128, 128))
        emblem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(PRODUCT_NAME)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        opening = QLabel(_("Açılıyor…"))
        opening.setObjectName("startWindowOpening")
        opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(emblem)
        layout.addWidget(title)
        layout.addWidget(opening)
        layout.addStretch(1)
