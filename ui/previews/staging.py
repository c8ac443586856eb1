"""What several previews set up: sample applications saved through the real services, a
queue in every state, windows that show one page, dialogs on a backdrop.

Sample data comes from ``models.samples``; everything is written through the desk's own
services into the preview's data folder, which is a training desk's (previews that write
run only in training mode).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.enums import Channel, OutboxState
from models.envelope import application_envelope
from models.samples import EXTRA_SAMPLE, SAMPLE_FORMS
from services import page_ops
from services.central_client import CentralClient
from services.fake_scanner import fake_page
from services.sync import SyncService
from ui.main_window import MainWindow
from ui.navigation import INTAKE_PAGES, NavigationItem
from ui.signals import wait_for, wait_until


def seed_applications(desk: Desk, forms: tuple[ApplicationForm, ...] = SAMPLE_FORMS) -> None:
    """Save sample applications through the intake service, unless enough are there."""
    if len(desk.queries.list_applications(limit=len(forms))) >= len(forms):
        return
    for form in forms:
        outcome = desk.intake.save(form, desk.config.user)
        if not outcome.ok:
            raise RuntimeError(f"sample application rejected: {outcome.errors}")


def settled(window: MainWindow) -> MainWindow:
    """The window once what it asked of the desk (its pages' reads, the counts) is done."""
    wait_until(lambda: not window.ops.busy)
    return window


def window_on(desk: Desk, item: NavigationItem) -> MainWindow:
    # A preview's sample text is nobody's draft.
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    window.show_page(item)
    return settled(window)


def window_with(desk: Desk, channel: Channel, sample: ApplicationForm | None) -> MainWindow:
    window = window_on(desk, INTAKE_PAGES[channel])
    if sample is not None:
        window.forms[channel].set_form_value(sample)
    return window


def synced_window(desk: Desk) -> MainWindow:
    """The window after one sync with the (training) centre."""
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    window.sync.sync_now(force=True)
    wait_for(window.sync.finished)
    return settled(window)


def show_loaded(window: MainWindow, item: NavigationItem) -> None:
    """Show a page of the window once its data has been read."""
    window.show_page(item)
    settled(window)


def seed_queue(desk: Desk) -> None:
    """A queue with every state, reached the real way against the (training) centre:
    sent applications and an attachment; one the centre refused (409: its key had been used
    for another body, staged here by sending that body first), corrected as version 2;
    another refused one waiting for the clerk; and, while the link is "down" (a client of
    a closed port), one to retry and one still waiting."""
    if desk.outbox.counts().by_state:
        return  # seeded by an earlier run of this preview
    user = desk.config.user
    sync = desk.sync  # in training mode this starts the local centre
    client = desk.central_client()
    first, second, third, refused, corrected, offline, waiting = (
        *SAMPLE_FORMS, EXTRA_SAMPLE, replace(SAMPLE_FORMS[1], urgency="normal"),
        replace(SAMPLE_FORMS[2], text="Aile hekimi randevuları."))
    desk.intake.save(first, user)
    draft = desk.drafts.save(user, second)
    scan = page_ops.combine(page_ops.load_images("Dilekçe", [
        fake_page(1, "Dilekçe · sayfa 1", dpi=40)]), "Dilekçe.pdf")
    desk.attachments.add_to_draft(draft, user, "Dilekçe.pdf", scan.data)
    desk.intake.save(second, user, draft_id=draft)
    desk.intake.save(third, user)
    staged: list[str] = []
    for form in (refused, corrected):
        outcome = desk.intake.save(form, user)
        assert outcome.uuid is not None and outcome.station_number is not None
        staged.append(outcome.station_number)
        # Another body under the same key first: the centre will answer the desk's 409.
        other = desk.intake.validate(replace(form, text=form.text + " (başka bir masadan)"))
        assert other.application is not None
        client.submit_application(outcome.uuid, application_envelope(
            uuid=outcome.uuid, station_number=outcome.station_number,
            station_code=desk.config.station_code,
            created_at=desk.clock().isoformat(), created_by=user,
            application=other.application))
    sync.drain_once(force=True)
    to_correct = next(r for r in desk.outbox.rows({OutboxState.QUARANTINED})
                      if r.station_number == staged[1])
    source = desk.corrections.source(to_correct.application_id)
    desk.corrections.correct(to_correct.application_id, source.form, user)
    sync.drain_once(force=True)
    desk.intake.save(offline, user)
    desk.intake.save(waiting, user)
    down = CentralClient("http://127.0.0.1:9", timeout=(0.5, 0.5))
    try:
        SyncService(desk.db, down, desk.clock, desk.config.station_code,
                    desk.queries).drain_once()
    finally:
        down.close()


def on_backdrop(inner: QWidget, width: int, height: int) -> QWidget:
    """A dialog drawn as a window would be, on a grey backdrop the size of a screenshot."""
    backdrop = QWidget()
    backdrop.setObjectName("previewBackdrop")
    backdrop.setStyleSheet("QWidget#previewBackdrop { background: #6b7078; }")
    backdrop.setWindowTitle(inner.windowTitle())
    inner.setParent(backdrop)
    inner.setWindowFlags(Qt.WindowType.Widget)
    inner.setAutoFillBackground(True)
    inner.setFixedSize(width, height)
    layout = QGridLayout(backdrop)
    layout.addWidget(inner, 0, 0, Qt.AlignmentFlag.AlignCenter)
    return backdrop
