"""One letter of the mother's maiden surname, as the paper form has it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from models.turkish_text import turkish_upper


class LetterBox(QLineEdit):
    """Upper-cased the Turkish way (i→İ, ı→I); typing a letter replaces the box's content
    and says ``letter_entered``, as on the paper form."""

    letter_entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(1)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.textChanged.connect(self._upper_case)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isalpha() and not (
            event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.AltModifier)
        ):
            self.setText(turkish_upper(text))
            self.textEdited.emit(self.text())
            self.letter_entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _upper_case(self, text: str) -> None:
        # Pasted or programmatic text is upper-cased too; the check avoids a loop.
        upper = turkish_upper(text)
        if upper != text:
            self.setText(upper)
