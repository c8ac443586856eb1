"""What every editor is: a widget, its value, and three signals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

V = TypeVar("V")


class FieldEditor(QObject, Generic[V]):
    """The editor of one value. ``widget`` goes into a layout; ``focus_widget`` is where
    typing goes (the same widget, or the input inside a composite one).

    ``edited`` fires when the person changes the value — never for ``set_value`` — so a
    form counts only real edits as "touched"; ``changed`` fires for every change, so what
    depends on the value (rules, a counter) follows loads too; ``completed`` fires when a
    kind knows its value is whole (eleven valid digits, a letter, a date, a code)."""

    edited = Signal()
    changed = Signal()
    completed = Signal()

    # Enter moves to the next field, except in a multi-line text, where it is a new line.
    enter_moves_on = True

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)  # goes when its widget goes
        self.widget = widget
        self._setting = False

    @property
    def focus_widget(self) -> QWidget:
        return self.widget

    def value(self) -> V:
        raise NotImplementedError

    def set_value(self, value: V) -> None:
        with self._programmatic():
            self._put(value)

    def is_empty(self) -> bool:
        raise NotImplementedError

    def tidy(self) -> None:
        """As the person leaves the field: show the value the way the desk writes it."""

    def set_placeholder(self, text: str) -> None:
        """What an empty field says it wants (kinds that can show it)."""

    def _put(self, value: V) -> None:
        raise NotImplementedError

    @contextmanager
    def _programmatic(self) -> Iterator[None]:
        """Changes made inside are the program's, not the person's: no ``edited``."""
        was, self._setting = self._setting, True
        try:
            yield
        finally:
            self._setting = was

    def _edited_by_person(self, *_args: object) -> None:
        if not self._setting:
            self.edited.emit()

    def _changed(self, *_args: object) -> None:
        self.changed.emit()
