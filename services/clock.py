"""Time, injectable so that tests can fix it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from models.turkey_time import turkey_now

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """Aware, on Turkey's clock whatever the PC's zone: station numbers take Turkey's year,
    the form's "today" and the paper Turkey's day and time."""
    return turkey_now()
