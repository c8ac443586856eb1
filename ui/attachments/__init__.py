"""The attachment workbench: attach, look at, turn, order and combine scanned pages.

One role per module:

- ``panel.py``: ``AttachmentsPanel`` — the set of documents and what the clerk does to it
  (add, turn, move, remove, combine), with its messages; holds the others together
- ``layout.py``: the panel's parts in Tab order, its buttons and keys, what is enabled
- ``page_view.py``: the strip of page thumbnails and the large preview of the current page
- ``sources.py``: the file dialog, the clipboard, drag and drop, the scan dialog
- ``hot_folder.py``: the tray of scans waiting in the hot folder; the scans taken but not
  yet attached
- ``loading.py``: the worker side of adding — checks, documents, thumbnails, refusals
- ``rendering.py``: page thumbnails and previews, drawn on workers; ``turned``
- ``style.py``: how the workbench looks
- ``dialog.py``: ``AttachmentsDialog`` — the panel in a window of its own (Ek ekle / tara)
- ``scan_dialog.py``: ``ScanDialog`` — Tara…, a scanner and how to scan
"""

from ui.attachments.dialog import AttachmentsDialog, refusal_of
from ui.attachments.loading import Checker, not_moved
from ui.attachments.panel import AttachmentsPanel
from ui.attachments.rendering import turned
from ui.attachments.scan_dialog import ScanDialog

__all__ = [
    "AttachmentsDialog",
    "AttachmentsPanel",
    "Checker",
    "ScanDialog",
    "not_moved",
    "refusal_of",
    "turned",
]
