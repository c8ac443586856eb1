"""An editor as every generated form shows it: the editor, its error line right under it
(UI.md), and a help line below that."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.editors.base import FieldEditor
from ui.widgets.error_line import ErrorLine

Check = Callable[[], "str | None"]


class FieldBox(QWidget):
    """``check()`` runs ``check`` (what is wrong with the value now, or None) and shows the
    answer; it runs by itself when the person leaves the field or completes it (a folder
    chosen). ``edited`` is the editor's."""

    edited = Signal()

    def __init__(self, field: FieldEditor[Any], parent: QWidget | None = None, *,
                 help: str = "", check: Check | None = None) -> None:
        super().__init__(parent)
        self.field = field
        field.widget.setParent(self)
        self._check = check
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field.widget)
        self.error = ErrorLine(field.focus_widget, self)
        layout.addWidget(self.error)
        self.help = QLabel(help, self)
        self.help.setObjectName("hint")
        self.help.setWordWrap(True)
        self.help.setVisible(bool(help))
        layout.addWidget(self.help)
        field.edited.connect(self.edited)
        field.completed.connect(self.check)
        field.focus_widget.installEventFilter(self)

    @property
    def editor(self) -> QWidget:
        """The widget typing goes to (its label's buddy)."""
        return self.field.focus_widget

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field.focus_widget and event.type() == QEvent.Type.FocusOut:
            self.check()
        return False

    def check(self) -> str | None:
        """Show (or clear) this field's own error; returns it."""
        message = self._check() if self._check is not None else None
        self.show_error(message or "")
        return message

    def show_error(self, message: str) -> None:
        self.error.show_error(message)

    @property
    def error_text(self) -> str:
        return self.error.message
