"""Waiting for a signal outside a test: for the self-test and the previews, which run the
event loop until the window has done what they asked."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance

SETTLE_TIMEOUT_MS = 30_000


def wait_for(signal: SignalInstance, timeout_ms: int = SETTLE_TIMEOUT_MS) -> bool:
    """Run the event loop until ``signal`` fires (True) or the timeout passes (False)."""
    return wait_for_any([signal], timeout_ms) is not None


def wait_for_any(signals: Sequence[SignalInstance],
                 timeout_ms: int = SETTLE_TIMEOUT_MS) -> int | None:
    """Run the event loop until one of ``signals`` fires: its index, or None after the
    timeout."""
    loop = QEventLoop()
    fired: list[int] = []
    slots = []
    for index, signal in enumerate(signals):
        def done(*_args: object, index: int = index) -> None:
            if not fired:
                fired.append(index)
            loop.quit()

        signal.connect(done)
        slots.append((signal, done))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    for signal, done in slots:
        signal.disconnect(done)
    return fired[0] if fired else None
