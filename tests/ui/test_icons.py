"""Every shipped icon draws (the SVG image plugin is present, the files are whole)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from ui.icons import icon, icon_names


@pytest.mark.parametrize("name", icon_names())
def test_the_icon_draws_something(name: str, qapp: object) -> None:
    image = icon(name).pixmap(32, 32).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    painted = sum(QColor(image.pixel(x, y)).alpha() > 0
                  for x in range(image.width()) for y in range(image.height()))
    assert painted > 20


def test_an_unknown_icon_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        icon("no-such-icon")


def test_the_set_has_what_the_window_uses() -> None:
    assert {"app", "home", "new", "applications", "outbox", "drafts", "settings", "sync",
            "print", "save"} <= set(icon_names())
