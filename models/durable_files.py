"""Durable file writes shared by the desk's blob store and the central service's."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new entry in ``directory`` survive a power cut."""
    # Windows cannot open a directory for fsync; NTFS journals the rename itself.
    if os.name == "nt":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
