"""Run a callable on a worker thread; get its result or exception back on the GUI thread.

The one way the UI does slow work (network, the first ``desk.sync`` access, rendering a
document), in the spirit of Anki's ``QueryOp``: the callable gets no Qt objects and returns
plain data; the answer arrives through a signal, so slots run on the GUI thread.
"""

from __future__ import annotations

import contextlib
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
    progress = Signal(int, int)  # (done, total), for jobs run with ``run_with_progress``

    # Emitted from the worker thread; the connection to a slot of this GUI-thread object
    # is queued, which is what moves the answer across threads.
    _delivered = Signal(bool, object)
    _progressed = Signal(int, int)

    def __init__(self, name: str, parent: QObject) -> None:
        super().__init__(parent)
        self.name = name
        self.done = False
        self._delivered.connect(self._deliver)
        self._progressed.connect(self._relay_progress)

    def report_progress(self, done: int, total: int) -> None:
        """Called by the job's function on the worker thread; ``progress`` fires on the
        GUI thread, in order, before the result."""
        with contextlib.suppress(RuntimeError):  # the owner is gone: nobody listens
            self._progressed.emit(done, total)

    @Slot(int, int)
    def _relay_progress(self, done: int, total: int) -> None:
        if not self.done:
            self.progress.emit(done, total)

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

    def run_with_progress(
        self,
        name: str,
        function: Callable[[Callable[[int, int], None]], Any],
        on_progress: Callable[[int, int], None],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> BackgroundJob:
        """Like ``run``; ``function`` gets a ``report(done, total)`` to call as it goes
        (from the worker thread), and ``on_progress`` hears it on the GUI thread."""
        job = BackgroundJob(name, self)
        job.progress.connect(on_progress)
        if on_success is not None:
            job.succeeded.connect(on_success)
        if on_failure is not None:
            job.failed.connect(on_failure)
        self._pool.start(_Runnable(job, lambda: function(job.report_progress)))
        return job

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every submitted job has returned (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)
