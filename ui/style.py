"""The desk's calm look: one palette, one stylesheet, the few colours that carry meaning."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

# Colours that mean something; everything else is the Fusion palette's neutral greys.
ERROR_RED = "#c62828"
WARNING_AMBER = "#b26a00"
OK_GREEN = "#2e7d32"
SYNC_BLUE = "#1e6fd9"
OFFLINE_GREY = "#8a8a8a"
MUTED_TEXT = "#5f6368"

# Notes on the stylesheet (kept out of it: they hold Turkish letters, not text anyone reads).
# - QLabel#fieldError, #hint, #deadline, #saveSummary, #navHint, #historyStatus,
#   #contactHint: DejaVu Sans (Pardus and most Linux desks) draws the dots of İ, Ö, Ü above
#   the font's ascent: a label exactly one line tall cuts them off ("Iletişim", "Onceki").
#   The group titles get a pixel; the one-line labels that stand alone get two. (A padded
#   label counts as framed and would indent its text by half an "x": the indent is set back.)
# - QTabWidget#settingsTabs (Ayarlar's tabs): a plain Fusion tab is exactly one line tall and
#   cuts the dot of İ.
STYLESHEET = f"""
QGroupBox {{
    font-weight: bold;
    border: 1px solid #c9ced6;
    border-radius: 4px;
    margin-top: 10px;
    padding: 6px 8px 4px 8px;
}}
QGroupBox::title {{
    subcontrol-origin: margin;
    left: 8px;
    padding: 1px 4px 0 4px;
    color: #2b3a4a;
}}
/* Labels one line tall: room for the dots of capital letters (see the note above). */
QLabel#fieldError, QLabel#hint, QLabel#deadline, QLabel#saveSummary, QLabel#navHint,
QLabel#historyStatus {{ padding: 2px 0 0 0; qproperty-indent: 0; }}
QLabel#contactHint {{ padding: 2px 0 0 0; color: {MUTED_TEXT}; }}
QLabel#fieldError {{ color: {ERROR_RED}; }}
QLabel#formTitle {{ font-size: 11pt; font-weight: bold; color: #2b3a4a; }}
QLabel#fiveWOneH {{
    background: #eef4fb;
    border: 1px solid #b9cde6;
    border-radius: 3px;
    padding: 2px 8px;
    color: #1f3b5c;
}}
QLabel#infoBar {{
    background: #eef4fb;
    border: 1px solid #b9cde6;
    border-radius: 4px;
    padding: 5px 10px;
    color: #1f3b5c;
}}
QLabel#correctionReason {{
    background: #fff4e5;
    border: 1px solid #f0c36d;
    border-radius: 4px;
    padding: 6px 10px;
    color: #5a3a00;
}}
QFrame#draftBar {{ background: #fff6d9; border-bottom: 1px solid #e6d08a; }}
QWidget#navigationPanel {{ background: #f1f3f6; border-right: 1px solid #d5d9e0; }}
QTreeWidget#navigation {{ background: #f1f3f6; border: none; font-size: 10.5pt; }}
QToolButton#navAction {{ margin: 0 8px; padding: 4px; }}
QLabel#navHint {{ color: {MUTED_TEXT}; margin: 0 10px; font-size: 8.5pt; }}
QTreeWidget#navigation::item {{ padding: 5px 6px; color: #1d2733; }}
QTreeWidget#navigation::item:selected {{ background: #d7e3f4; color: #10243e; }}
QListWidget#attachmentList {{ background: #fbfbfc; }}
QLabel#hint, QLabel#legend, QLabel#deadline {{ color: {MUTED_TEXT}; }}
QLabel#tcknOk {{ color: {OK_GREEN}; font-weight: bold; }}
QLabel#saveSummary {{ color: {ERROR_RED}; }}

QLabel#counter[level="warning"] {{ color: {WARNING_AMBER}; font-weight: bold; }}
QLabel#counter[level="limit"] {{ color: {ERROR_RED}; font-weight: bold; }}

QFrame#savedBanner {{
    background: #e6f4ea;
    border: 1px solid {OK_GREEN};
    border-radius: 4px;
}}
QFrame#savedBanner QLabel {{ color: #1b5e20; }}
QLabel#bannerNumber {{ font-size: 20pt; font-weight: bold; }}

QLabel#trainingStrip {{
    background: #ffe45c;
    color: #3d3300;
    font-weight: bold;
    padding: 3px;
}}
QTableView#applicationsTable::item, QTableView#draftsTable::item,
QTableView#outboxTable::item, QTableView#attemptsTable::item {{ padding: 0 8px; }}
QTableView#applicationsTable QHeaderView::section,
QTableView#draftsTable QHeaderView::section,
QTableView#outboxTable QHeaderView::section,
QTableView#attemptsTable QHeaderView::section {{
    padding: 3px 8px;
    background: #eef1f5;
    border: none;
    border-right: 1px solid #d5d9e0;
    border-bottom: 1px solid #c9ced6;
    font-weight: bold;
}}
QLabel#pageTitle {{ font-size: 13pt; font-weight: bold; color: #2b3a4a; }}

QListWidget#navigation {{
    background: #f1f3f6;
    border: none;
    border-right: 1px solid #d5d9e0;
    font-size: 10.5pt;
}}
QListWidget#navigation::item {{ padding: 7px 10px; }}
QListWidget#navigation::item:selected {{ background: #d7e3f4; color: #10243e; }}

QLabel#statusDot[state="online"] {{ color: {OK_GREEN}; }}
QLabel#statusDot[state="offline"] {{ color: {OFFLINE_GREY}; }}
QLabel#statusDot[state="syncing"] {{ color: {SYNC_BLUE}; }}
QLabel#statusDot[state="problem"] {{ color: {WARNING_AMBER}; }}
QLabel#statusSeparator {{ color: #a0a4aa; }}
/* The settings tabs: room for the dots of capital letters (see the note above). */
QTabWidget#settingsTabs::pane {{ border: 1px solid #c9ced6; top: -1px; background: #f7f8fa; }}
QTabWidget#settingsTabs > QTabBar::tab {{
    background: #eef1f5;
    border: 1px solid #c9ced6;
    border-bottom: none;
    border-top-left-radius: 3px;
    border-top-right-radius: 3px;
    padding: 5px 12px 4px 12px;
    margin-right: 2px;
    color: #2b3a4a;
}}
QTabWidget#settingsTabs > QTabBar::tab:selected {{ background: #f7f8fa; font-weight: bold; }}
QLabel#connectionStatus[state="ok"] {{ color: {OK_GREEN}; }}
QLabel#connectionStatus[state="error"] {{ color: {ERROR_RED}; }}
"""


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
    app.setStyleSheet(STYLESHEET)


def set_state_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the stylesheet selects on, and make the style look at it again."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
