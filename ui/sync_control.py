"""When and how the window sends the outbox: every few seconds, after every save, and at
once on F5 — one drain at a time, on its own worker lane, shown in the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from bimer_desktop.app import Desk
from models.i18n import _
from services.central_client import CentralSetupError
from services.outbox_queries import OutboxRow
from services.sync import SyncReport
from ui.notifications import QuarantineNotifier
from ui.operations import Change, Lane, Operations
from ui.status_bar import CentralState, DeskStatusBar, central_state_for

log = logging.getLogger("bimer.ui")

# A drain changes the queue, gives applications their central numbers and may refresh the
# reference data.
SYNC_CHANGES = Change.OUTBOX | Change.APPLICATIONS | Change.REFERENCE


@dataclass(frozen=True)
class SyncResult:
    """What one background sync brings back to the GUI thread."""

    report: SyncReport
    central_url: str
    quarantined: tuple[OutboxRow, ...] = ()  # the items this sync put in quarantine
    quarantined_total: int = 0  # every item in quarantine now


class SyncControl(QObject):
    """``finished`` carries a ``SyncResult`` or the exception; ``progress`` (done, total)
    after the status bar has shown it."""

    finished = Signal(object)
    progress = Signal(int, int)
    login_needed = Signal(str)  # the service refused the session: sending waits for a login

    def __init__(self, desk: Desk, ops: Operations, status: DeskStatusBar,
                 notifier: QuarantineNotifier, parent: QObject) -> None:
        super().__init__(parent)
        self._desk = desk
        self._ops = ops
        self._status = status
        self._notifier = notifier
        self._running = False
        self._again: bool | None = None  # a request that came meanwhile: its force flag
        self.timer = QTimer(self)
        self.timer.setInterval(desk.config.settings.sync_interval_seconds * 1000)
        self.timer.timeout.connect(lambda: self.sync_now(force=False))

    def start(self) -> None:
        """Sync now and then every ``sync_interval_seconds``."""
        self.timer.start()
        first = QTimer(self)  # owned: it goes with the window, never fires after it
        first.setSingleShot(True)
        first.timeout.connect(lambda: self.sync_now(force=False))
        first.start(0)

    def stop(self) -> None:
        self.timer.stop()
        self._again = None

    @property
    def syncing(self) -> bool:
        return self._running

    def sync_now(self, force: bool = False) -> bool:
        """Drain the outbox off the GUI thread. One at a time: a request while a sync runs
        is remembered and run right after, so a fresh save never waits for the timer."""
        if self._ops.closed:
            return False
        if self._running:
            self._again = force or bool(self._again)
            return False
        self._running = True
        self._status.show_central(CentralState.SYNCING, _("Merkeze gönderiliyor…"))
        desk = self._desk

        def job(progress: Callable[[int, int], None]) -> SyncResult:
            # The first access to desk.sync may start the training centre (≈1 s): here,
            # on the worker, never on the GUI thread.
            service = desk.sync
            report = service.drain_once(force=force, progress=progress)
            quarantined = tuple(desk.outbox.rows_by_id(report.quarantined_ids))
            return SyncResult(report, service.central_url, quarantined,
                              desk.outbox.counts().quarantined)

        self._ops.mutate_with_progress(self, "sync", job, SYNC_CHANGES, self._progressed,
                                       self._done, self._failed, lane=Lane.SYNC)
        return True

    def _progressed(self, done: int, total: int) -> None:
        self._status.show_progress(done, total)
        self.progress.emit(done, total)

    def _done(self, result: SyncResult) -> None:
        report = result.report
        state, tooltip = central_state_for(report, result.quarantined_total)
        central = _("Merkez: {url}").format(url=result.central_url)
        self._status.show_central(state, f"{tooltip}\n{central}")
        self._status.show_pending(report.pending)
        if report.reachable:
            self._status.show_last_sync(report.finished_at)
        self._notifier.notify(result.quarantined)
        if report.paused is not None and report.paused.needs_login:
            self.login_needed.emit(report.message)
        self._finish(result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, CentralSetupError):  # the settings' own Turkish line
            self._status.show_central(CentralState.PROBLEM, str(error))
            self._finish(error)
            return
        self._status.show_central(
            CentralState.PROBLEM,
            _("Eşitleme yapılamadı. Sorun sürerse sistem yöneticisine bildirin. "
              "({error})").format(error=type(error).__name__))
        self._finish(error)

    def _finish(self, outcome: object) -> None:
        self._running = False
        again, self._again = self._again, None
        self.finished.emit(outcome)
        if again is not None:
            self.sync_now(force=again)
