"""Run a callable on a worker thread; get its result or exception back on the GUI thread.

The one way the UI does slow work (network, the first ``desk.sync`` access, rendering a
document), in the spirit of Anki's ``QueryOp``: the callable gets no Qt objects and returns
plain data; the answer arrives through a signal, so slots run on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("bimer.ui")


class BackgroundJob(QObject):
    """One submitted callable. Lives on the GUI thread; its signals are delivered there."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception instance
    finished = Signal()  # after either of the two

    # Emitted from the worker thread; the connection to a slot of this GUI-thread object
    # is queued, which is what moves the answer across threads.
    _delivered = Signal(bool, object)

    def __init__(self, name: str, parent: QObject) -> None:
        super().__init__(parent)
        self.name = name
        self.done = False
        self._delivered.connect(self._deliver)

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        self.done = True
        if ok:
            self.succeeded.emit(value)
        else:
            # Logged here once, whoever listens: the listener says it to the clerk in words.
            error = value if isinstance(value, BaseException) else None
            log.error("background job %s failed", self.name, exc_info=error)
            self.failed.emit(value)
        self.finished.emit()
        self.deleteLater()


class _Runnable(QRunnable):
    def __init__(self, job: BackgroundJob, function: Callable[[], Any]) -> None:
        super().__init__()
        self._job = job
        self._function = function

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as error:  # delivered to the GUI thread, which decides what to say
            outcome: tuple[bool, object] = (False, error)
        else:
            outcome = (True, result)
        try:
            self._job._delivered.emit(*outcome)
        except RuntimeError:
            # The owner was destroyed while the job ran (window closed); nobody listens.
            log.debug("background job %s finished after its owner was gone", self._job.name)


class BackgroundRunner(QObject):
    """Owns a small thread pool; ``run`` submits a callable and returns its job.

    Connect to the job's signals right after ``run`` returns: delivery is queued through
    the GUI thread's event loop, so it cannot happen before the caller returns to it.
    """

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)

    def run(
        self,
        name: str,
        function: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> BackgroundJob:
        job = BackgroundJob(name, self)
        if on_success is not None:
            job.succeeded.connect(on_success)
        if on_failure is not None:
            job.failed.connect(on_failure)
        self._pool.start(_Runnable(job, function))
        return job

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every submitted job has returned (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)
