"""Windows that fit the screen they are on.

The desk runs on counters with 1366×768 monitors, on 1280×720 laptops and on 1024×640 (a
1024×768 panel less its task bar). A window sized for the large screen put its buttons and
status bar below the edge of a small one. Here: the main window opens within the available
area of its screen — maximized when that area is smaller than the size it prefers — and comes
back where it stood on that screen (``bimer_desktop/window_places.py``); a dialog takes its
preferred size only where that fits, otherwise the screen's available size less a margin
for the window frame.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from bimer_desktop.window_places import load_window_places, save_window_places

# Room the window manager's frame and title bar take around a dialog.
FRAME = QSize(16, 40)
MAIN_PREFERRED = QSize(1366, 768)


def screen_of(widget: QWidget) -> QScreen:
    parent = widget.parentWidget()
    screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    return screen or QGuiApplication.primaryScreen()


def available(widget: QWidget) -> QRect:
    return screen_of(widget).availableGeometry()


def screen_key(screen: QScreen) -> str:
    size = screen.size()
    return f"{screen.name()} {size.width()}x{size.height()}"


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """``width``×``height`` where the screen has room for it, else as much as it has; a
    minimum size larger than the screen is lowered to it (the content scrolls instead)."""
    room = available(dialog).size() - FRAME
    size = QSize(min(width, room.width()), min(height, room.height()))
    least = dialog.minimumSize()
    if least.width() > size.width() or least.height() > size.height():
        dialog.setMinimumSize(least.boundedTo(size))
    dialog.resize(size)


def place_main_window(window: QWidget, saved: str | None) -> None:
    """Where it stood on this screen (``saved``: its geometry as ``saved_geometry`` gave
    it), if that still lies within the screen; else the preferred size centred, or
    maximized when the screen is smaller than that."""
    room = available(window)
    window.setMinimumSize(window.minimumSize().boundedTo(room.size() - FRAME))
    if saved and window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
        state = window.windowState()
        if state & Qt.WindowState.WindowMaximized or room.contains(window.geometry()):
            return
    if MAIN_PREFERRED.width() + FRAME.width() > room.width() or (
            MAIN_PREFERRED.height() + FRAME.height() > room.height()):
        # The whole room: a window manager maximizes it anyway, and without one (a kiosk,
        # Xvfb) it still covers the screen.
        window.resize(room.size())
        window.move(room.topLeft())
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    frame = QRect(QPoint(0, 0), MAIN_PREFERRED)
    frame.moveCenter(room.center())
    window.resize(MAIN_PREFERRED)
    window.move(frame.topLeft())


def saved_geometry(window: QWidget) -> tuple[str, str]:
    """The screen the window is on, and its geometry to give ``place_main_window``."""
    geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    return screen_key(screen_of(window)), geometry


class PlaceKeeper(QObject):
    """Every main window opened in this run (one per login) starts where the last one on
    its screen stood, and remembers where it stood when it closes (``window.json``)."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.places = load_window_places(data_dir)

    def place(self, window: QWidget) -> None:
        place_main_window(window, self.places.get(screen_key(screen_of(window))))
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and isinstance(watched, QWidget):
            screen, geometry = saved_geometry(watched)
            self.places = {**self.places, screen: geometry}
            save_window_places(self.data_dir, self.places)
        return False
