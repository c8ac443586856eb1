"""Evveliyat on its own: a returning applicant's earlier applications, sent to the centre
so that the merged list shows central numbers too."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from models.i18n import _
from models.samples import RETURNING_FORMS, RETURNING_TCKN
from ui.history_panel import TITLE, HistoryPanel
from ui.operations import Operations
from ui.signals import SETTLE_TIMEOUT_MS, wait_for


def preview_history_panel(desk: Desk) -> QWidget:
    """The panel for a sample applicant with three applications, settled (merged list).

    Writes sample applications (once) and sends them to the centre: registered with
    ``writes_data=True``, so that it runs only in training mode.
    """
    if not desk.history.local(RETURNING_TCKN).entries:
        for form in RETURNING_FORMS:
            outcome = desk.intake.save(form, desk.config.user)
            if not outcome.ok:
                raise RuntimeError(f"sample application rejected: {outcome.errors}")
    ops = Operations()
    panel = HistoryPanel(desk, ops)
    ops.setParent(panel)
    panel.setWindowTitle(_("{title} — önizleme").format(title=_(TITLE)))
    panel.resize(680, 220)
    # Send the samples first (off the GUI thread: in training mode this starts the local
    # centre), so that the merged list shows central numbers too.
    ops.run(panel, "preview-sync", lambda: desk.sync.drain_once(force=True),
            lambda _report: panel.show_applicant(RETURNING_TCKN),
            lambda _error: panel.show_applicant(RETURNING_TCKN))
    deadline = time.monotonic() + SETTLE_TIMEOUT_MS / 1000
    while not panel.is_final and time.monotonic() < deadline:  # local list, then merged
        wait_for(panel.loaded, max(1, round((deadline - time.monotonic()) * 1000)))
    return panel
