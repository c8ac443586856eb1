"""How the workbench looks: the page strip, the preview, the messages, the tray.

Kept with the workbench while it is new; the lead may fold it into ``ui/style.py``.
"""

from __future__ import annotations

from ui.style import ERROR_RED, MUTED_TEXT, OK_GREEN, WARNING_AMBER

PANEL_STYLE = f"""
QListWidget#pageStrip {{ background: #eef1f5; border: 1px solid #c9ced6; }}
QListWidget#pageStrip::item {{ color: #2b3a4a; border-radius: 3px; padding: 2px; }}
QListWidget#pageStrip::item:selected {{ background: #cfe0f5; color: #10243e; }}
QLabel#pagePreview {{ background: #e3e6eb; border: 1px solid #c9ced6; }}
QLabel#previewCaption, QLabel#attachmentsSummary, QLabel#attachmentsHint {{
    color: {MUTED_TEXT};
}}
QLabel#attachmentsHint {{
    border: 2px dashed #c9ced6; border-radius: 6px; padding: 18px; background: #fbfbfc;
}}
QLabel#attachmentErrors {{ color: {ERROR_RED}; }}
QLabel#attachmentsNotice {{ color: {OK_GREEN}; }}
QLabel#attachmentsBusy {{ color: {MUTED_TEXT}; font-style: italic; }}
QLabel#hotFolderError {{ color: {WARNING_AMBER}; }}
QGroupBox#hotFolderTray {{ font-weight: normal; }}
QListWidget#hotFolderList {{ background: #fbfbfc; }}
QListWidget#hotFolderList::item {{ padding: 1px 4px; }}
"""
"""The panel's style sheet (it reaches every part of the workbench by object name)."""
