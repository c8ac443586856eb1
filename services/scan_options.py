"""What a scan can be asked for — source, colour, resolution — declared where importing it
costs nothing.

``services/scanning.py`` drives the devices (and needs Pillow); the desk's settings
(``bimer_desktop/settings.py``) and the Tara… dialog only need the choices and their titles,
so they import them from here.
"""

from __future__ import annotations

from enum import StrEnum

from models.i18n import N_

MIN_DPI = 50
MAX_DPI = 1200


class ScanSource(StrEnum):
    FLATBED = "flatbed"
    FEEDER = "feeder"


class ColorMode(StrEnum):
    COLOR = "color"
    GRAY = "gray"
    LINEART = "lineart"  # black and white: smallest, fine for typed letters


# Marked only: translated with i18n._() where they are shown.
SOURCE_TITLES = {ScanSource.FLATBED: N_("Cam (tek sayfa)"),
                 ScanSource.FEEDER: N_("Besleyici (ADF)")}
MODE_TITLES = {
    ColorMode.COLOR: N_("Renkli"),
    ColorMode.GRAY: N_("Gri tonlamalı"),
    ColorMode.LINEART: N_("Siyah-beyaz"),
}
