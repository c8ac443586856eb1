"""An editor of a folder or a file: the path typed, or chosen with Seç…"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from models.i18n import N_, _
from ui.editors.base import FieldEditor

# Marked here, translated where shown: the language is chosen after import.
CHOOSE = N_("Seç…")
CHOOSE_FOLDER = N_("Klasör seç")
CHOOSE_FILE = N_("Dosya seç")


class PathKind(Enum):
    FOLDER = "folder"
    FILE = "file"


class PathEditor(FieldEditor[str]):
    """``chosen`` fires after a path was picked in the system's dialog (a form checks the
    place then, as it does when the person leaves the field)."""

    def __init__(self, kind: PathKind, parent: QWidget | None = None, *,
                 file_filter: str = "") -> None:
        row = QWidget(parent)
        super().__init__(row)
        self.kind = kind
        self._filter = file_filter
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.line = QLineEdit(row)
        self.choose_button = QPushButton(_(CHOOSE), row)
        self.choose_button.clicked.connect(self.choose)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.choose_button)
        row.setFocusProxy(self.line)
        self.line.textEdited.connect(self._edited_by_person)
        self.line.textChanged.connect(self._changed)

    @property
    def focus_widget(self) -> QWidget:
        return self.line

    def value(self) -> str:
        return self.line.text()

    def set_placeholder(self, text: str) -> None:
        self.line.setPlaceholderText(text)

    def _put(self, value: str) -> None:
        self.line.setText(value)

    def is_empty(self) -> bool:
        return not self.line.text().strip()

    def choose(self) -> None:
        current = self.line.text()
        if self.kind is PathKind.FOLDER:
            chosen = QFileDialog.getExistingDirectory(self.widget, _(CHOOSE_FOLDER), current)
        else:
            chosen, _filter = QFileDialog.getOpenFileName(self.widget, _(CHOOSE_FILE), current,
                                                         self._filter)
        if chosen:
            self.line.setText(str(Path(chosen)))
            self.edited.emit()
            self.completed.emit()
