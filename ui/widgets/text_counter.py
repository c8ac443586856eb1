"""``1.234 / 6.000`` under a long text, amber near the limit and red at it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from models.i18n import _, format_number
from models.turkish_text import MAX_TEXT_LENGTH, normalize, strip_invisible, text_length
from ui.style import set_state_property


def counter_level(length: int, limit: int = MAX_TEXT_LENGTH) -> str:
    """'normal', 'warning' from 90 % of the limit, 'limit' at or over it."""
    if length >= limit:
        return "limit"
    if length * 10 >= limit * 9:
        return "warning"
    return "normal"


def counted_length(text: str) -> int:
    """The length the 6000-character rule sees: validation counts code points of the NFC
    text after removing invisible characters and the surrounding blanks, so the counter
    counts the same way and never says "fits" for a text that is then refused."""
    cleaned, _removed = strip_invisible(normalize(text))
    return text_length(cleaned.strip())


class TextCounter(QLabel):
    """The ``level`` property (normal / warning / limit) drives amber and red (style.qss)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counter")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.show_length(0)

    def show_text_of(self, text: str) -> None:
        self.show_length(counted_length(text))

    def show_length(self, length: int) -> None:
        self.setText(f"{format_number(length)} / {format_number(MAX_TEXT_LENGTH)}")
        set_state_property(self, "level", counter_level(length))
        self.setToolTip(
            _("Başvuru metni en çok {limit} karakter olabilir.").format(
                limit=format_number(MAX_TEXT_LENGTH))
        )

    @property
    def level(self) -> str:
        return str(self.property("level"))
