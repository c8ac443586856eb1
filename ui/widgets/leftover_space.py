"""A holder for a panel that takes only the space its neighbours leave."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QWidget


class LeftoverSpace(QWidget):
    """Without this, a panel with word-wrapped text asks its height for the width like the
    fields beside it do, and a box layout short of room then squeezes the fields' error
    lines onto the fields instead of shrinking the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def hasHeightForWidth(self) -> bool:
        return False
