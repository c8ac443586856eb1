"""The window on screen while the desk opens: the product's name and "opening", at the size
of the main window, shown before the desk's database and libraries are loaded (≈2 s on a
slow machine), so a start is seen at once and the icon is not clicked again.

Its texts are centred by their markup (``<p align="center">``), the emblem by stretches
beside it, not with ``Qt.AlignmentFlag``: the first use of PySide6's ``Qt`` namespace builds
its ≈150 enums (≈16 ms, a sixth of a bare window's start, ``bench/startup.py``); the main
window pays that after this one is up."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bimer_desktop.version import PRODUCT_NAME
from models.i18n import _
from ui.icons import APPLICATION_ICON, icon

START_WINDOW_SIZE = (1366, 768)  # the main window's first size: no jump when it replaces this
EMBLEM_SIZE = 128


def _centred(text: str) -> str:
    """``text`` as a centred paragraph of markup (escaped: a translation may hold a ``<``;
    its line breaks kept)."""
    escaped = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace("\n", "<br>"))
    return f'<p align="center">{escaped}</p>'


class StartWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("startWindow")
        self.setWindowTitle(PRODUCT_NAME)
        # The main window's first size, but never past a small screen's edge (1024×640: its
        # texts were centred 170 px right of the screen's middle, the end cut off).
        width, height = START_WINDOW_SIZE
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width()), min(height, area.height())
        self.resize(width, height)
        emblem = QLabel()
        emblem.setPixmap(icon(APPLICATION_ICON).pixmap(EMBLEM_SIZE, EMBLEM_SIZE))
        emblem_row = QHBoxLayout()
        emblem_row.addStretch(1)
        emblem_row.addWidget(emblem)
        emblem_row.addStretch(1)
        title = QLabel(_centred(PRODUCT_NAME))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        opening = QLabel(_centred(_("Açılıyor…")))
        opening.setObjectName("startWindowOpening")
        self._opening = opening
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(emblem_row)
        layout.addWidget(title)
        layout.addWidget(opening)
        layout.addStretch(1)

    def say(self, text: str) -> None:
        """What the desk is doing while it opens, in place of "Açılıyor…" (a long first
        step: ``ui/desk_opening.py``)."""
        self._opening.setText(_centred(text))
