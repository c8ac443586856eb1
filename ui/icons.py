"""The desk's icons: KDE Breeze SVGs shipped in resources/icons (LGPL-3, see its README),
one file name per meaning on the desk, so a screen asks for "outbox", not for a theme name."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from resources import ICONS_DIR

APPLICATION_ICON = "app"


def icon(name: str) -> QIcon:
    """The icon called ``name`` (a file ``resources/icons/<name>.svg``)."""
    path = ICONS_DIR / f"{name}.svg"
    if not path.is_file():
        raise KeyError(f"no icon named {name!r}")
    return QIcon(str(path))


def icon_names() -> list[str]:
    return sorted(path.stem for path in ICONS_DIR.glob("*.svg"))
