"""Time, injectable so that tests can fix it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """Aware local time: station numbers and paper use the desk's own calendar day."""
    return datetime.now().astimezone()
