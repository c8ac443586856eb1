"""The desk's calm look: one palette, one stylesheet, the few colours that carry meaning."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from resources import RESOURCES_DIR

# Colours that mean something; everything else is the Fusion palette's neutral greys.
ERROR_RED = "#c62828"
WARNING_AMBER = "#b26a00"
OK_GREEN = "#2e7d32"
SYNC_BLUE = "#1e6fd9"
OFFLINE_GREY = "#8a8a8a"
MUTED_TEXT = "#5f6368"
FOCUS_BLUE = "#1e6fd9"  # the ring around the field that takes the next key


STYLESHEET_FILE = RESOURCES_DIR / "style.qss"


def stylesheet() -> str:
    """resources/style.qss with the meaningful colours filled in."""
    return Template(STYLESHEET_FILE.read_text("utf-8")).substitute(
        ERROR_RED=ERROR_RED, WARNING_AMBER=WARNING_AMBER, OK_GREEN=OK_GREEN,
        SYNC_BLUE=SYNC_BLUE, OFFLINE_GREY=OFFLINE_GREY, MUTED_TEXT=MUTED_TEXT,
        FOCUS_BLUE=FOCUS_BLUE)


def apply_style(app: QApplication) -> None:
    # The style is set once per application: setting it again (with a stylesheet in place)
    # while a QWizard waits for its deferred deletion crashes Qt 6.12 in the next polish.
    if not app.property("bimerFusion"):
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        app.setProperty("bimerFusion", True)
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f3f5f8"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6db5"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9aa0a6"))
    app.setPalette(palette)
    app.setStyleSheet(stylesheet())


def set_state_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the stylesheet selects on, and make the style look at it again."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
