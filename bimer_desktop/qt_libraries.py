"""The system libraries Qt needs on Linux, checked before Qt is imported, so that a machine
without them gets a message naming the package to install — not an ImportError traceback
from deep inside PySide6, nor Qt's "Reinstalling the application may fix this problem".

The PySide6 wheels carry Qt itself; what they load from the system is listed here with the
Debian/Ubuntu package that provides each (the README's apt lines; ``tools/fresh_machine.sh``
checks them on a bare Debian tree). No Qt here: this runs first.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from models.i18n import _

# Loaded by QtCore/QtGui/QtWidgets on every platform plugin, offscreen included.
CORE: Mapping[str, str] = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
}
# Loaded by the xcb platform plugin: a window on an X11 display.
DISPLAY: Mapping[str, str] = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

Loader = Callable[[str], object]


def missing_packages(libraries: Mapping[str, str], load: Loader = ctypes.CDLL) -> list[str]:
    """The packages (each once, in order) of the ``libraries`` that cannot be loaded."""
    packages: list[str] = []
    for library, package in libraries.items():
        try:
            load(library)
        except OSError:
            if package not in packages:
                packages.append(package)
    return packages


def wants_x11(environ: Mapping[str, str]) -> bool:
    """Will Qt start its xcb plugin? Asked for by name, or chosen on an X11-only session."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def check_qt_libraries(environ: Mapping[str, str] = os.environ, load: Loader = ctypes.CDLL,
                       platform: str = sys.platform) -> str | None:
    """A Turkish message naming the packages to install, or None when Qt can start."""
    if not platform.startswith("linux"):
        return None  # the wheels carry everything on Windows and macOS
    packages = missing_packages(CORE, load)
    if wants_x11(environ):
        packages += [p for p in missing_packages(DISPLAY, load) if p not in packages]
    if not packages:
        return None
    return _("Hata: Qt'nin ihtiyaç duyduğu sistem kütüphaneleri eksik. Kurun:\n"
             "  sudo apt-get install {packages}\n"
             "(Debian/Ubuntu paket adları; ayrıntı README.md, \"Set up\").").format(
        packages=" ".join(packages))


def import_error_message(error: ImportError) -> str:
    """For an ImportError from PySide6 all the same (a library this list does not know)."""
    return _("Hata: Qt başlatılamadı: {reason}. Eksik sistem kütüphanesini kurun "
             "(README.md, \"Set up\").").format(reason=error)
