"""The statistics page: on a desk filled by ``bench/fill_desk.py`` its real figures, on an
empty training desk the sample applications of today."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from models.samples import SAMPLE_FORMS
from ui.previews.staging import seed_applications
from ui.signals import wait_for


def build_statistics(desk: Desk) -> QWidget:
    from ui.operations import Operations
    from ui.statistics_page import StatisticsPage

    if desk.queries.count() < len(SAMPLE_FORMS):
        seed_applications(desk, SAMPLE_FORMS)
    ops = Operations()
    page = StatisticsPage(desk, ops)
    ops.setParent(page)
    wait_for(page.shown)
    return page
