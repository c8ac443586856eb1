"""The desk's one way to ask before something is lost: window-modal, never blocking, with
"Vazgeç" as the default and Esc answer, so a stray Enter never destroys anything."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from models.i18n import _

Choice = tuple[str, Callable[[], object]]


def ask_before(parent: QWidget, *, title: str, text: str, object_name: str,
               destructive: Choice, other: Choice | None = None,
               delete_on_close: bool = True) -> QMessageBox:
    """Open the question and return it; the chosen action's callback runs when it is
    answered. ``destructive`` is the action that loses something; ``other`` an optional
    safe alternative (e.g. keep as a draft)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    actions: dict[QAbstractButton, Callable[[], object]] = {}
    if other is not None:
        actions[box.addButton(other[0], QMessageBox.ButtonRole.AcceptRole)] = other[1]
    actions[box.addButton(destructive[0], QMessageBox.ButtonRole.DestructiveRole)] = (
        destructive[1])
    keep = box.addButton(_("Vazgeç"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setObjectName(object_name)
    if delete_on_close:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_result: int) -> None:
        action = actions.get(box.clickedButton())
        if action is not None:
            action()

    box.finished.connect(answered)
    box.open()
    return box
