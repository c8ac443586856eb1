"""Desk operations: the one way the UI does slow work, and learns that the desk changed.

Modelled on Anki's ``CollectionOp`` / ``QueryOp`` with ``operation_did_execute`` and on
Orange's ``ConcurrentWidgetMixin``. Every piece of work runs on a worker thread, gets no Qt
objects and returns plain data; its answer comes back on the GUI thread:

- ``mutate`` — work that changes the desk (save, attach, take from the hot folder, correct,
  re-queue, print, write a draft). Mutations run one at a time in the order they were asked
  for, so a save asked for after an attach sees the attachment. When one succeeds,
  ``desk_changed`` carries what it changed (``Change``) to every screen that listens; each
  screen decides whether that concerns it. Nobody calls a screen's ``refresh()``.
- ``read`` — reads that grow with the data (lists, counts, history, the queue). Latest
  only: while a read of the same (owner, key) runs, a newer request waits, and when it can
  start the older answer is dropped unseen — a screen never shows older news over newer.
- ``run`` — other slow work that is not the desk's (a page rendered, a scan, a connection
  test); ``sync`` — the outbox drain, on a lane of its own so that a long drain never holds
  up a save.

Delivery is owner-aware: each call names the QObject the answer is for, and the answer is
dropped — without any flag in the owner — when that object has been destroyed or the
operations have been shut down (the window closed). A window's screens therefore never
check whether they are still there.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, Flag, auto
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import Shiboken

log = logging.getLogger("bimer.ui")

Report = Callable[[int, int], None]
"""``report(done, total)``: what a long piece of work calls, from its worker, as it goes."""


class Change(Flag):
    """What a mutation changed, for the screens that show it."""

    NONE = 0
    APPLICATIONS = auto()  # saved, corrected, a central number arrived
    OUTBOX = auto()  # queue states, attempts
    DRAFTS = auto()  # a draft written, deleted or given attachments
    PRINTS = auto()  # the print log
    REFERENCE = auto()  # subjects and institutions refreshed from the centre

    @classmethod
    def everything(cls) -> Change:
        changes = cls.NONE
        for member in cls:
            changes |= member
        return changes


class Lane(Enum):
    """Where a piece of work waits its turn: its own worker threads."""

    WRITE = "write"  # mutations, one at a time, in order
    SYNC = "sync"  # the outbox drain
    READ = "read"  # reads and other work, two at a time


LANE_THREADS = {Lane.WRITE: 1, Lane.SYNC: 1, Lane.READ: 2}


class Operation(QObject):
    """One piece of work. Lives on the GUI thread, so its signals are delivered there.

    ``succeeded`` / ``failed`` / ``finished`` fire only if the answer is delivered (its
    owner is alive and the operations not shut down); ``progress`` likewise."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception instance
    finished = Signal()
    progress = Signal(int, int)

    def __init__(self, name: str, owner: QObject, operations: Operations) -> None:
        super().__init__(operations)
        self.name = name
        self.owner = owner
        self._operations = operations
        self._courier = operations.courier
        self.done = False

    @property
    def wanted(self) -> bool:
        """Whether anyone still wants the answer: the owner exists, the desk is open."""
        return not self._operations.closed and Shiboken.isValid(self.owner)

    def report_progress(self, done: int, total: int) -> None:
        """Called by the work on its worker thread; ``progress`` fires on the GUI thread,
        in order, before the answer."""
        with contextlib.suppress(RuntimeError):  # the operations are gone: nobody listens
            self._courier.progressed.emit(self, done, total)

    def _relay_progress(self, done: int, total: int) -> None:
        if not self.done and self.wanted:
            self.progress.emit(done, total)

    def _deliver(self, ok: bool, value: object) -> None:
        self.done = True
        if not ok:
            # Logged here once, whoever listens: the listener says it to the clerk in words.
            error = value if isinstance(value, BaseException) else None
            log.error("operation %s failed", self.name, exc_info=error)
        try:
            self._operations._answered(self, ok, value)
        finally:
            self.deleteLater()


class _Courier(QObject):
    """Carries answers and progress from the worker threads to the GUI thread (its signals
    are emitted on a worker, its receivers live on the GUI thread: queued connections).

    One per ``Operations``, made after its thread pools, so that it outlives every worker
    (a QObject's children go in the order they were made, and a pool waits for its work).
    The workers used to emit the operation's own signal instead; the GUI thread could then
    deliver the answer and delete the operation while its worker was still inside that
    emit, and the process crashed (a segfault at the emit, seen twice in full runs under
    load). An operation is now only an argument, touched on the GUI thread alone."""

    delivered = Signal(object, bool, object)  # the operation, ok, the value or the error
    progressed = Signal(object, int, int)  # the operation, done, total


class _Runnable(QRunnable):
    def __init__(self, courier: _Courier, operation: Operation,
                 work: Callable[[], Any]) -> None:
        super().__init__()
        self._courier = courier
        self._operation = operation
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # delivered to the GUI thread, which decides what to say
            outcome: tuple[bool, object] = (False, error)
        else:
            outcome = (True, result)
        try:
            self._courier.delivered.emit(self._operation, *outcome)
        except RuntimeError:
            # The operations were destroyed while the work ran; nobody listens.
            log.debug("operation %s finished after its window was gone", self._operation.name)


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_failed: Callable[[BaseException], None] | None
    changes: Change = Change.NONE


@dataclass
class _ReadSlot:
    """The read of one (owner, key): the one running, and the newest request waiting."""

    running: Operation
    waiting: tuple[Callable[[], Any], _Callbacks] | None = field(default=None)


class Operations(QObject):
    """``Operations(parent)``: the worker lanes of one window (or one preview).

    ``desk_changed(Change)`` fires on the GUI thread after each successful mutation, after
    its owner's own callback. ``settled`` fires whenever nothing is left running."""

    desk_changed = Signal(object)
    settled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[Lane, QThreadPool] = {}
        for lane, threads in LANE_THREADS.items():
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            self._pools[lane] = pool
        self.courier = _Courier(self)  # after the pools: it outlives their work
        self.courier.delivered.connect(self._arrived)
        self.courier.progressed.connect(self._progress_arrived)
        self._callbacks: dict[Operation, _Callbacks] = {}
        self._reads: dict[tuple[QObject, str], _ReadSlot] = {}
        self.closed = False

    # ----- asking -------------------------------------------------------------------------

    def mutate(self, owner: QObject, name: str, work: Callable[[], Any], changes: Change,
               on_done: Callable[[Any], None] | None = None,
               on_failed: Callable[[BaseException], None] | None = None,
               *, lane: Lane = Lane.WRITE) -> Operation:
        """Change the desk with ``work``; then ``on_done(result)`` and ``desk_changed``."""
        return self._submit(owner, name, work, _Callbacks(on_done, on_failed, changes), lane)

    def mutate_with_progress(self, owner: QObject, name: str, work: Callable[[Report], Any],
                             changes: Change, on_progress: Callable[[int, int], None],
                             on_done: Callable[[Any], None] | None = None,
                             on_failed: Callable[[BaseException], None] | None = None,
                             *, lane: Lane = Lane.WRITE) -> Operation:
        """Like ``mutate``; ``work`` gets a ``report(done, total)`` and ``on_progress``
        hears it on the GUI thread."""
        operation = Operation(name, owner, self)
        operation.progress.connect(on_progress)
        self._start(operation, lambda: work(operation.report_progress),
                    _Callbacks(on_done, on_failed, changes), lane)
        return operation

    def read(self, owner: QObject, key: str, work: Callable[[], Any],
             on_done: Callable[[Any], None],
             on_failed: Callable[[BaseException], None] | None = None) -> None:
        """Read for ``owner``; of several reads with one key, only the newest is shown."""
        callbacks = _Callbacks(on_done, on_failed)
        slot = self._reads.get((owner, key))
        if slot is not None:
            slot.waiting = (work, callbacks)  # an older waiting request is simply forgotten
            return
        self._start_read(owner, key, work, callbacks)

    def run(self, owner: QObject, name: str, work: Callable[[], Any],
            on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None) -> Operation:
        """Slow work that changes nothing of the desk's (rendering, scanning, a test)."""
        return self._submit(owner, name, work, _Callbacks(on_done, on_failed), Lane.READ)

    def run_with_progress(self, owner: QObject, name: str, work: Callable[[Report], Any],
                          on_progress: Callable[[int, int], None],
                          on_done: Callable[[Any], None] | None = None,
                          on_failed: Callable[[BaseException], None] | None = None
                          ) -> Operation:
        return self.mutate_with_progress(owner, name, work, Change.NONE, on_progress,
                                         on_done, on_failed, lane=Lane.READ)

    def announce(self, changes: Change) -> None:
        """The desk changed other than through these operations (a preview's staging, a
        command run beside the window): every screen hears it as if a mutation had run."""
        if not self.closed:
            self.desk_changed.emit(changes)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = 30_000, lane: Lane | None = None) -> bool:
        """Block until every submitted piece of work (of ``lane``, or of every lane) has
        returned — its answer is then on its way (shutdown, the crash handler, tests)."""
        pools = [self._pools[lane]] if lane is not None else self._pools.values()
        return all(pool.waitForDone(msecs) for pool in pools)

    def shutdown(self, msecs: int = 30_000) -> None:
        """No answer is delivered from now on; wait for the work that is running (a save
        half done finishes its transaction) so that the desk can be closed after."""
        self.closed = True
        for slot in self._reads.values():
            slot.waiting = None
        self.wait(msecs)

    # ----- the machinery --------------------------------------------------------------------

    def _submit(self, owner: QObject, name: str, work: Callable[[], Any],
                callbacks: _Callbacks, lane: Lane) -> Operation:
        operation = Operation(name, owner, self)
        self._start(operation, work, callbacks, lane)
        return operation

    def _start(self, operation: Operation, work: Callable[[], Any], callbacks: _Callbacks,
               lane: Lane) -> None:
        if self.closed:
            # Asked after the window closed: the desk is going away; nothing runs.
            operation.done = True
            operation.deleteLater()
            return
        self._callbacks[operation] = callbacks
        self._pools[lane].start(_Runnable(self.courier, operation, work))

    def _start_read(self, owner: QObject, key: str, work: Callable[[], Any],
                    callbacks: _Callbacks) -> None:
        operation = Operation(key, owner, self)
        self._reads[(owner, key)] = _ReadSlot(operation)
        self._start(operation, work, callbacks, Lane.READ)

    @Slot(object, bool, object)
    def _arrived(self, operation: Operation, ok: bool, value: object) -> None:
        operation._deliver(ok, value)

    @Slot(object, int, int)
    def _progress_arrived(self, operation: Operation, done: int, total: int) -> None:
        if Shiboken.isValid(operation):
            operation._relay_progress(done, total)

    def _answered(self, operation: Operation, ok: bool, value: object) -> None:
        callbacks = self._callbacks.pop(operation)
        key = (operation.owner, operation.name)
        slot = self._reads.get(key)
        if slot is not None and slot.running is operation:
            del self._reads[key]
            if slot.waiting is not None and operation.wanted:
                # A newer request came while this one ran: its answer is older news.
                self._start_read(operation.owner, operation.name, *slot.waiting)
                return
        if operation.wanted:
            self._deliver(operation, callbacks, ok, value)
        if ok and callbacks.changes and not self.closed:
            # Whether or not its owner is still there, the desk did change.
            self.desk_changed.emit(callbacks.changes)
        if not self._callbacks:
            self.settled.emit()

    def _deliver(self, operation: Operation, callbacks: _Callbacks, ok: bool,
                 value: object) -> None:
        if ok:
            if callbacks.on_done is not None:
                callbacks.on_done(value)
            operation.succeeded.emit(value)
        else:
            error = value if isinstance(value, BaseException) else RuntimeError(str(value))
            if callbacks.on_failed is not None:
                callbacks.on_failed(error)
            operation.failed.emit(error)
        operation.finished.emit()
