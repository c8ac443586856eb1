"""A scroll area that scrolls only when its widget cannot fit."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

# Room kept around the focused field when it is scrolled into view: its label and error line.
FOCUS_MARGIN = 24
ROW_NAME = "fieldRow"  # a form's row: its label and its field (ui/intake/layout.py)


class FittingScrollArea(QScrollArea):
    """A form's fallback for a screen too small.

    A resizable QScrollArea sizes a widget whose layout has word-wrapped labels (the field
    errors) by its preferred height for the width, and so scrolls a form that would fit at
    its minimum; here the widget gets the viewport's size unless its minimum is larger.

    Where it does scroll (a 1024×640 screen), the field that takes the focus is scrolled
    into view however it got it — Tab, a field moving on by itself, Ctrl+↓, the first error
    on saving — so the clerk never types into a field off the screen."""

    # Before each fit (a resize, a change of the widget's layout), with the viewport's width:
    # a form may rearrange itself for it first.
    fitting = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Owned, so a fit still pending when the widget goes away goes with it.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._show_focus)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched is self.widget():
            self._refit.start()
        # QScrollArea's own filter sets the scroll bars' range when the widget is resized:
        # without it a bar kept the range of a wider body (the form "scrolled sideways").
        return super().eventFilter(watched, event)

    def _show_focus(self, _old: QWidget | None, now: QWidget | None) -> None:
        body = self.widget()
        if now is not None and body is not None and body.isAncestorOf(now):
            # The field's whole row first, its label too, where the row fits the view (a
            # field at the left edge with its label scrolled off reads as a blank box).
            row = now.parentWidget()
            while row is not None and row is not body and row.objectName() != ROW_NAME:
                row = row.parentWidget()
            if row is not None and row is not body and row.width() <= self.viewport().width():
                self.ensureWidgetVisible(row, 0, FOCUS_MARGIN)
            self.ensureWidgetVisible(now, FOCUS_MARGIN, FOCUS_MARGIN)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        body = self.widget()
        if body is None:
            return
        self.fitting.emit(self.viewport().width())
        least = body.minimumSizeHint()
        view = self.viewport().size()
        width = max(view.width(), least.width())
        height = least.height()
        layout = body.layout()
        if layout is not None and layout.hasHeightForWidth():
            # Word-wrapped lines (a hint, an error) need their height at this width: below
            # it the layout laid the fields over one another instead of scrolling.
            height = max(height, layout.totalMinimumHeightForWidth(width))
        body.resize(width, max(view.height(), height))
