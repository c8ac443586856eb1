"""Previews of finding a case: Başvurularım with its search and filters, and the case
detail. On a desk filled by ``bench/fill_desk.py`` they show that desk (200,000 cases);
on an empty training desk they save the sample applications first."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from models.deadlines import DeadlineState
from models.samples import SAMPLE_FORMS
from services.case_search import Query
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
