"""A red frame drawn over a field in error."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ui.style import ERROR_RED


class ErrorOutline(QWidget):
    """An overlay rather than a stylesheet border, so that every kind of field keeps its
    native look (a styled QComboBox loses its arrow and draws its placeholder like a chosen
    value)."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__(editor)
        self._editor = editor
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        editor.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._editor and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._editor.rect())
        return False

    def show_over_editor(self, visible: bool) -> None:
        if visible:
            self.setGeometry(self._editor.rect())
            self.raise_()
        self.setVisible(visible)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor(ERROR_RED), 1.0))
        painter.drawRoundedRect(outer, 2.0, 2.0)
        inner = QColor(ERROR_RED)
        inner.setAlpha(90)
        painter.setPen(QPen(inner, 1.0))
        painter.drawRoundedRect(outer.adjusted(1, 1, -1, -1), 1.5, 1.5)
        painter.end()
