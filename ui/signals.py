"""Waiting for a signal outside a test: for the self-test and the previews, which let the
window work until it has done what they asked.

The waiting turns the event loop by hand (``processEvents``) rather than in a nested
``QEventLoop``: a new nested loop for each wait, while answers of the desk's operations
arrive and their objects are deleted, corrupted the heap of this PySide6 (seen with the
history preview, which waits twice: this desk's list, then the merged one).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEventLoop, SignalInstance

SETTLE_TIMEOUT_MS = 30_000
TURN_S = 0.005  # between two turns of the loop: the workers get the GIL


def wait_until(done: Callable[[], bool], timeout_ms: int = SETTLE_TIMEOUT_MS) -> bool:
    """Let the window work until ``done()`` holds (True) or the timeout passes (False)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not done():
        if time.monotonic() >= deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(TURN_S)
    return True


def wait_for(signal: SignalInstance, timeout_ms: int = SETTLE_TIMEOUT_MS) -> bool:
    """Let the window work until ``signal`` fires (True) or the timeout passes (False)."""
    return wait_for_any([signal], timeout_ms) is not None


def wait_for_any(signals: Sequence[SignalInstance],
                 timeout_ms: int = SETTLE_TIMEOUT_MS) -> int | None:
    """Let the window work until one of ``signals`` fires: its index, or None after the
    timeout."""
    fired: list[int] = []
    slots = []
    for index, signal in enumerate(signals):
        def done(*_args: object, index: int = index) -> None:
            fired.append(index)

        signal.connect(done)
        slots.append((signal, done))
    deadline = time.monotonic() + timeout_ms / 1000
    try:
        while not fired and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(TURN_S)
    finally:
        for signal, done in slots:
            signal.disconnect(done)
    return fired[0] if fired else None
