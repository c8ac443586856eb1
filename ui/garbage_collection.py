"""Python's cyclic garbage collection, run on the GUI thread between events — never elsewhere.

Why: widgets caught in reference cycles (a slot that captures the screen owning it, a
lambda connected to a child's signal) are freed by CPython's cyclic collector, which
normally runs whenever an allocation crosses a threshold — in whatever thread allocates
(a worker of ``ui/operations.py``) and in the middle of Qt delivering an event (a paint, a
polish, a slot). Freeing a widget tree from another thread, or while Qt is dispatching into
it, is undefined behaviour in Qt: it crashed the test suite as "Segmentation fault" in
``processEvents`` (PySide6 6.11; the same crash and cure are documented by pyqtgraph,
calibre and several PySide projects). So the desk turns automatic collection off and
collects from a timer on the GUI thread, where no widget's event is half delivered and no
worker holds a Qt object.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_EVERY_MS = 1000
"""How often the GUI thread looks whether a collection is due: often enough that memory
held by garbage cycles stays small, rarely enough to cost nothing measurable."""


def collect_due() -> int:
    """Collect the generations whose thresholds the allocations since the last collection
    have crossed, as the automatic collector would have; returns the objects freed.

    Call it only where no Qt event is being delivered (a timer slot, between two tests)."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    generation = -1
    for level, (count, threshold) in enumerate(zip(counts, thresholds, strict=True)):
        if threshold and count > threshold:
            generation = level
    return gc.collect(generation) if generation >= 0 else 0


class GuiThreadCollector(QObject):
    """``GuiThreadCollector(app)``: turns automatic collection off for as long as it lives
    and collects what is due every ``COLLECT_EVERY_MS`` on the thread it was made on."""

    def __init__(self, parent: QObject, interval_ms: int = COLLECT_EVERY_MS) -> None:
        super().__init__(parent)
        self.setObjectName("gui-thread-garbage-collector")
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_due)
        self._timer.start()
        self.destroyed.connect(gc.enable)


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """The one collector of ``app`` (made on the first call, on the GUI thread)."""
    existing = app.findChild(GuiThreadCollector, "gui-thread-garbage-collector")
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(app)
