"""An editor of a whole number in a range."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from ui.editors.base import FieldEditor

NUMBER_BOX_WIDTH = 140  # the desk's numbers are at most a few digits


class NumberEditor(FieldEditor[int]):
    def __init__(self, parent: QWidget | None = None, *, minimum: int = 0,
                 maximum: int = 1_000_000) -> None:
        self.spin = QSpinBox(parent)
        super().__init__(self.spin)
        self.spin.setRange(minimum, maximum)
        self.spin.setGroupSeparatorShown(True)
        self.spin.setMaximumWidth(NUMBER_BOX_WIDTH)
        self.spin.valueChanged.connect(self._edited_by_person)
        self.spin.valueChanged.connect(self._changed)

    def value(self) -> int:
        return self.spin.value()

    def _put(self, value: int) -> None:
        self.spin.setValue(value)

    def is_empty(self) -> bool:
        return False
