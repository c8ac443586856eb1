"""Editors of a choice: one of a list, or yes / no."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar, cast

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from ui.editors.base import FieldEditor
from ui.widgets.choice_box import ChoiceBox

V = TypeVar("V")

Choice = tuple[object, str, str]
"""(stored value, the name shown, a code typed to pick it — or "")."""


class ChoiceEditor(FieldEditor[V], Generic[V]):
    """One of a list, picked by typing a code or the first letters of a name (``ChoiceBox``).

    ``empty``: the value when nothing is chosen. ``unknown``: how a stored value the list
    does not hold is shown (a printer that is gone, a value written by a newer desk) — it
    is then added and kept, never silently replaced; without it such a value shows as
    nothing chosen."""

    def __init__(self, parent: QWidget | None = None, *, choices: Sequence[Choice] = (),
                 empty: V, placeholder: str = "", one_key: bool = False,
                 unknown: str = "", minimum_characters: int = 0) -> None:
        self.box = ChoiceBox(parent, one_key=one_key)
        super().__init__(self.box)
        self._empty = empty
        self._unknown = unknown
        self.box.setPlaceholderText(placeholder)
        if minimum_characters:
            self.box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.box.setMinimumContentsLength(minimum_characters)
        self.set_choices(choices)
        self.box.currentIndexChanged.connect(self._edited_by_person)
        self.box.currentIndexChanged.connect(self._changed)
        self.box.completed.connect(self.completed)

    def set_choices(self, choices: Sequence[Choice], placeholder: str | None = None) -> None:
        """Offer these instead, nothing chosen (the program's change, not the person's)."""
        with self._programmatic():
            self.box.clear()
            for value, name, code in choices:
                self.box.add_choice(value, name, code)
            self.box.setCurrentIndex(-1)
            if placeholder is not None:
                self.box.setPlaceholderText(placeholder)

    def value(self) -> V:
        if self.box.currentIndex() < 0:
            return self._empty
        return cast(V, self.box.currentData())

    def _put(self, value: V) -> None:
        index = self.box.findData(value)  # "" may be a real choice (the default printer)
        if index < 0 and value != self._empty and self._unknown:
            self.box.add_choice(value, self._unknown.format(name=value))
            index = self.box.count() - 1
        self.box.setCurrentIndex(index)

    def is_empty(self) -> bool:
        return self.box.currentIndex() < 0


class CheckEditor(FieldEditor[V], Generic[V]):
    """Yes or no, with the text beside the box; ``on`` / ``off`` are the values stored
    (True / False, or the intake form's ``"true"`` / ``"false"``). Never empty: it always
    says one or the other."""

    def __init__(self, text: str, parent: QWidget | None = None, *, on: V, off: V) -> None:
        self.check = QCheckBox(text, parent)
        super().__init__(self.check)
        self._on = on
        self._off = off
        self.check.clicked.connect(self._edited_by_person)  # clicks and Space, never code
        self.check.toggled.connect(self._changed)

    def value(self) -> V:
        return self._on if self.check.isChecked() else self._off

    def _put(self, value: V) -> None:
        self.check.setChecked(value == self._on)

    def is_empty(self) -> bool:
        return False
