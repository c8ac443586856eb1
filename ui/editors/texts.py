"""Editors of text: a line, a date, one letter, a long text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from models.application_form import parse_date
from ui.editors.base import FieldEditor
from ui.widgets.letter_box import LetterBox


class LineEditor(FieldEditor[str]):
    """One line. ``width_sample``: a fixed width, that text and ``padding`` pixels wide;
    ``pattern``: what may be typed at all (a regular expression); ``complete``:
    when the typed text is whole (``completed``); ``tidy``: how the text is shown once the
    person leaves the field (a phone number written the desk's way)."""

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "",
                 width_sample: str = "", padding: int = 24, pattern: str = "",
                 max_length: int = 0,
                 complete: Callable[[str], bool] | None = None,
                 tidy: Callable[[str], str] | None = None) -> None:
        self.line = QLineEdit(parent)
        super().__init__(self.line)
        self.line.setPlaceholderText(placeholder)
        if pattern:
            self.line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern),
                                                               self.line))
        if max_length:
            self.line.setMaxLength(max_length)
        if width_sample:
            self.line.setFixedWidth(
                self.line.fontMetrics().horizontalAdvance(width_sample) + padding)
        self._complete = complete
        self._tidy = tidy
        # First: a field that moves on by itself must count as edited before it goes.
        self.line.textEdited.connect(self._edited_by_person)
        self.line.textEdited.connect(self._typed)
        self.line.textChanged.connect(self._changed)

    def value(self) -> str:
        return self.line.text()

    def set_placeholder(self, text: str) -> None:
        self.line.setPlaceholderText(text)

    def _put(self, value: str) -> None:
        self.line.setText(value)
        self.line.setCursorPosition(0)  # a long address shows its beginning

    def is_empty(self) -> bool:
        return not self.line.text().strip()

    def tidy(self) -> None:
        text = self.line.text().strip()
        if not text or self._tidy is None:
            return
        tidy = self._tidy(text)
        if tidy != self.line.text():
            self.line.setText(tidy)

    def _typed(self, text: str) -> None:
        if self._complete is not None and self._complete(text):
            self.completed.emit()


def display_date(value: str) -> str:
    """A stored or typed date as the desk's date fields hold it (``05.11.2026``); unreadable
    text as is. Not ``format_date``: this is what ``parse_date`` reads back, in any language
    (the placeholder says ``gg.aa.yyyy`` / ``dd.mm.yyyy``)."""
    parsed = parse_date(value) if value.strip() else None
    return f"{parsed:%d.%m.%Y}" if parsed else value


def _with_dots(text: str) -> str:
    return f"{text[:2]}.{text[2:4]}.{text[4:]}" if len(text) == 8 and text.isdigit() else text


class DateEditor(LineEditor):
    """A date typed as ``05112026`` or ``05.11.2026``: written with dots, and whole."""

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "",
                 width_sample: str = "") -> None:
        super().__init__(parent, placeholder=placeholder, width_sample=width_sample,
                         pattern=r"[0-9./\-]{0,10}",
                         tidy=lambda text: display_date(_with_dots(text)))

    def _put(self, value: str) -> None:
        super()._put(display_date(value))

    def _typed(self, text: str) -> None:
        digits = text.replace(".", "")
        if len(text) == 8 and text.isdigit():
            candidate = _with_dots(text)
        elif len(text) == 10 and len(digits) == 8:
            candidate = text
        else:
            return
        if parse_date(candidate) is not None:
            self.line.setText(candidate)
            self.completed.emit()


class LetterEditor(FieldEditor[str]):
    """One letter, upper-cased the Turkish way; typing it completes the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.box = LetterBox(parent)
        super().__init__(self.box)
        self.box.setFixedWidth(self.box.fontMetrics().horizontalAdvance("WW") + 16)
        self.box.textEdited.connect(self._edited_by_person)
        self.box.textChanged.connect(self._changed)
        self.box.letter_entered.connect(self.completed)

    def value(self) -> str:
        return self.box.text()

    def _put(self, value: str) -> None:
        self.box.setText(value)

    def is_empty(self) -> bool:
        return not self.box.text().strip()


class LongTextEditor(FieldEditor[str]):
    """Several lines; Tab leaves the field, Enter is a new line."""

    enter_moves_on = False

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "",
                 lines: int = 0, minimum_height: int = 0) -> None:
        self.text = QPlainTextEdit(parent)
        super().__init__(self.text)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(placeholder)
        if lines:
            self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * lines + 12)
        if minimum_height:
            self.text.setMinimumHeight(minimum_height)
        self.text.textChanged.connect(self._edited_by_person)
        self.text.textChanged.connect(self._changed)

    def value(self) -> str:
        return self.text.toPlainText()

    def _put(self, value: str) -> None:
        self.text.setPlainText(value)

    def is_empty(self) -> bool:
        return not self.text.toPlainText().strip()
