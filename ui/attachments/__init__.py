"""The attachment workbench: attach, look at, turn, order and combine scanned pages.

- ``panel``        ``AttachmentsPanel``: the set of documents and what the clerk does to it
- ``dialog``       ``AttachmentsDialog``: the panel in a window of its own (Ek ekle / tara)
- ``scan_dialog``  ``ScanDialog``: Tara…, a scanner and how to scan
"""

from ui.attachments.dialog import AttachmentsDialog, refusal_of
from ui.attachments.panel import AttachmentsPanel, not_moved, turned
from ui.attachments.scan_dialog import ScanDialog

__all__ = [
    "AttachmentsDialog",
    "AttachmentsPanel",
    "ScanDialog",
    "not_moved",
    "refusal_of",
    "turned",
]
