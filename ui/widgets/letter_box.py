"""One letter of the mother's maiden surname, as the paper form has it."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from models.turkish_text import turkish_upper


class LetterBox(QLineEdit):
    """Upper-cased the Turkish way (i→İ, ı→I); typing a letter replaces the box's content
    and says ``letter_entered``, as on the paper form. Anything else that would be typed
    (a digit, a space, a sign) is refused at the key press, not later when leaving: a clerk
    whose fingers are one field off sees it at once."""

    letter_entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(1)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Pasted text too: one letter or nothing.
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\p{L}?$"), self))
        self.textChanged.connect(self._upper_case)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier))
        if plain and len(text) == 1 and text.isprintable() and not text.isalpha():
            QApplication.beep()
            event.accept()
            return
        if len(text) == 1 and text.isalpha() and plain:
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
