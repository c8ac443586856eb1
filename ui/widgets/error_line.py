"""A field's error: a red line right under the field (UI.md) and a red frame over it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ui.widgets.error_outline import ErrorOutline


class ErrorLine(QLabel):
    """``ErrorLine(field, parent)``: hidden until ``show_error`` gets a message; the field's
    ``error`` property follows, for the stylesheet."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()
        self._field = field
        self._outline = ErrorOutline(field)
        # A line that appears or goes moves the fields below it. Never while a mouse button
        # is down: the click would end on another field than it began on (a clerk ticked
        # the wrong check box). The change waits for the button's release.
        self._pending: str | None = None
        self._mouse_up = QTimer(self)
        self._mouse_up.setInterval(30)
        self._mouse_up.timeout.connect(self._after_click)

    def show_error(self, message: str) -> None:
        # The frame over the field moves nothing: at once.
        self._field.setProperty("error", bool(message))
        self._outline.show_over_editor(bool(message))
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton and (
                bool(message) != (not self.isHidden())):
            self._pending = message
            self._mouse_up.start()
            return
        self._pending = None
        self._mouse_up.stop()
        self._show_line(message)

    def _show_line(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def _after_click(self) -> None:
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return
        self._mouse_up.stop()
        if self._pending is not None:
            message, self._pending = self._pending, None
            self._show_line(message)

    @property
    def message(self) -> str:
        """What it says now ("" while hidden); one waiting for a click to end counts."""
        if self._pending is not None:
            return self._pending
        return self.text() if not self.isHidden() else ""
