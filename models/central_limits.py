"""What the central service accepts of one application, declared once for both sides.

The central service enforces these (``models/envelope.py``, ``bimer_central/blobs.py``); the
desk applies them at intake (``services/attachment_limits.py``), so that it never saves an
application the central service would refuse forever. Plain numbers: importing this costs
nothing (the desk's settings read it at start).
"""

from __future__ import annotations

MAX_ATTACHMENTS = 500
# Above any desk's default per-file limit (20 MB) with room for desks that raise theirs; the
# central service may be started with another (``bimer-central --max-blob-mb``).
MAX_BLOB_BYTES = 64 * 1024 * 1024
