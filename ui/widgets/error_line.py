"""A field's error: a red line right under the field (UI.md) and a red frame over it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

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

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))
        self._field.setProperty("error", bool(message))
        self._outline.show_over_editor(bool(message))

    @property
    def message(self) -> str:
        """What it says now ("" while hidden)."""
        return self.text() if not self.isHidden() else ""
