"""A list that answers typed keys instead of making the clerk open it."""

from __future__ import annotations

import time
import unicodedata

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from models.turkish_text import normalize, turkish_upper

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


def _fold(text: str) -> str:
    return turkish_upper(normalize(text))


def _plain(text: str) -> str:
    """Without accents and dots (Ş→S, İ→I): a clerk on a keyboard without Turkish letters."""
    decomposed = unicodedata.normalize("NFD", _fold(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class ChoiceBox(QComboBox):
    """Typed keys collect for a moment (as Qt's own type-ahead does) and pick the item whose
    code is typed (``02``; ``02`` or ``02.02`` for a sub-subject) or whose name begins with
    them. A complete code, or for ``one_key`` lists the single letter that only one item
    starts with (Ş → Şikayet), settles the choice: ``completed`` says so. Backspace /
    Delete empties the choice.
    """

    completed = Signal()

    def __init__(self, parent: QWidget | None = None, *, one_key: bool = False) -> None:
        super().__init__(parent)
        self._one_key = one_key
        self._typed = ""
        self._typed_at = 0.0

    def add_choice(self, value: object, name: str, code: str = "") -> None:
        self.addItem(f"{code} · {name}" if code else name, value)
        index = self.count() - 1
        self.setItemData(index, name, NAME_ROLE)
        self.setItemData(index, code, CODE_ROLE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        modifiers = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        if (len(text) == 1 and text.isprintable() and not text.isspace()
                and not modifiers):
            self.type_key(text)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and not modifiers:
            self._typed = ""
            self.setCurrentIndex(-1)
            event.accept()
            return
        super().keyPressEvent(event)

    def type_key(self, key: str) -> None:
        now = time.monotonic()
        # A second, not Qt's 0.4 s: a clerk reading a code off a paper types it slowly.
        if now - self._typed_at > max(QApplication.keyboardInputInterval(), 1000) / 1000:
            self._typed = ""
        self._typed_at = now
        found = self._match(self._typed + key)
        if found is None and self._typed:
            found = self._match(key)  # a fresh start, as Qt's type-ahead does
            self._typed = key if found is not None else ""
        else:
            self._typed += key
        if found is None:
            self._typed = ""
            return
        index, complete = found
        self.setCurrentIndex(index)
        if complete:
            self._typed = ""
            self.completed.emit()

    def _match(self, typed: str) -> tuple[int, bool] | None:
        """(index, settled) for what was typed, or None when nothing matches."""
        code_hits: list[int] = []
        for index in range(self.count()):
            code = str(self.itemData(index, CODE_ROLE) or "")
            if not code:
                continue
            local = code.rsplit(".", 1)[-1]
            if typed in (code, local):
                return index, True
            if code.startswith(typed) or local.startswith(typed):
                code_hits.append(index)
        if code_hits:
            return code_hits[0], False
        for fold in (_fold, _plain):
            hits = [index for index in range(self.count())
                    if fold(str(self.itemData(index, NAME_ROLE)
                                or self.itemText(index))).startswith(fold(typed))]
            if hits:
                return hits[0], self._one_key and len(typed) == 1 and len(hits) == 1
        return None
