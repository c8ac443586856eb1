"""Previews of finding a case: Başvurularım with its search and filters, and the case
detail. On a desk filled by ``bench/fill_desk.py`` they show that desk (200,000 cases);
on an empty training desk they save the sample applications first."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from models.deadlines import DeadlineState
from models.samples import SAMPLE_FORMS
from services.case_search import Query
from services.fake_scanner import fake_page
from ui.case_detail_dialog import CaseDetailDialog
from ui.navigation import NavigationItem
from ui.operations import Operations
from ui.previews.staging import seed_applications, settled, window_on
from ui.signals import wait_for


def _seeded(desk: Desk) -> None:
    if desk.queries.count() < len(SAMPLE_FORMS):
        seed_applications(desk, SAMPLE_FORMS)


def build_case_list(desk: Desk) -> QWidget:
    _seeded(desk)
    window = window_on(desk, NavigationItem.APPLICATIONS)
    window.applications.select_row(0)
    return window


def build_case_search(desk: Desk) -> QWidget:
    """A name typed without Turkish letters, all of the desk, deadline near."""
    _seeded(desk)
    window = window_on(desk, NavigationItem.APPLICATIONS)
    page = window.applications
    page.scope.setCurrentIndex(1)
    page.deadline.setCurrentIndex(page.deadline.findData(DeadlineState.NEAR))
    page.set_search("ayse")
    settled(window)
    return window


def build_case_detail(desk: Desk) -> QWidget:
    """The newest case. On its own, with its own operations: a window left behind a
    preview would keep its barcode filter on the application."""
    _seeded(desk)
    newest = desk.cases.page(Query(), desk.viewer(), limit=1).rows[0]
    ops = Operations()
    dialog = CaseDetailDialog(desk, ops, newest.id, None)
    ops.setParent(dialog)
    wait_for(dialog.shown)
    return dialog


def build_case_detail_revealed(desk: Desk) -> QWidget:
    """The same case after "Kimliği göster": unmasked, and the reveal audited."""
    dialog = build_case_detail(desk)
    assert isinstance(dialog, CaseDetailDialog)
    dialog.reveal_button.click()
    wait_for(dialog.shown)
    return dialog


def build_attachment_viewer(desk: Desk) -> QWidget:
    """A case's attachments opened from its detail (Enter on an attachment): the viewer on
    the second attachment's first page. On an empty desk, a sample case with two scans."""
    newest = _case_with_attachments(desk)
    ops = Operations()
    dialog = CaseDetailDialog(desk, ops, newest, None)
    ops.setParent(dialog)
    wait_for(dialog.shown)
    dialog.tabs.setCurrentIndex(1)
    dialog.attachments.setCurrentRow(dialog.attachments.count() - 1)
    viewer = dialog.view_attachments()
    assert viewer is not None
    wait_for(viewer.pages_shown)
    return viewer


def _case_with_attachments(desk: Desk) -> int:
    found = desk.queries.newest_with_attachments()
    if found is not None:
        return found
    pages = [("tarama-1.png", fake_page(1, "Dilekçe")), ("tarama-2.png", fake_page(2, "Ek"))]
    stored = [desk.attachments.store(desk.attachments.check(name, data))
              for name, data in pages]
    desk.intake.save(SAMPLE_FORMS[0], desk.config.user, attachments=stored)
    found = desk.queries.newest_with_attachments()
    assert found is not None
    return found
