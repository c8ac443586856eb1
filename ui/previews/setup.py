"""Previews of setting the desk up: Ayarlar, each page of the first-run wizard (with an
error, a connection that works and one that does not), and the crash dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from bimer_desktop.logging_setup import log_file_path
from models.desk_ledger import Ledger, ledger_path, write_ledger
from services.desk_identity import DeskStartError, check_database_file
from ui.crash import CrashHandler
from ui.first_run import FirstRunWizard
from ui.previews.staging import on_backdrop
from ui.run import start_refused_box
from ui.settings_dialog import SettingsDialog
from ui.signals import wait_for

SETTINGS_SIZE = (760, 600)
WIZARD_SIZE = (660, 480)
START_REFUSED_SIZE = (560, 230)
TYPICAL_DATABASE_PATH = "~/.local/share/bimer-desktop/desk.db"


def build_start_window(_desk: Desk) -> QWidget:
    from ui.start_window import StartWindow

    return StartWindow()


def build_settings(desk: Desk) -> QWidget:
    return on_backdrop(SettingsDialog(desk.config.data_dir, desk.config.settings),
                       *SETTINGS_SIZE)


def build_settings_errors(desk: Desk) -> QWidget:
    """Ayarlar with a mistyped station code and address, after Kaydet: errors at the fields."""
    dialog = SettingsDialog(desk.config.data_dir, desk.config.settings)
    dialog.fields["station_code"].set_value("ankara-1")
    dialog.fields["central_url"].set_value("bimer.kurum.gov.tr")
    dialog.save()
    return on_backdrop(dialog, *SETTINGS_SIZE)


def _wizard_on(desk: Desk, page: int) -> FirstRunWizard:
    wizard = FirstRunWizard(desk.config.data_dir, desk.config.settings,
                            config_dir=desk.config.data_dir / "onizleme-konum")
    wizard.restart()
    for _step in range(page):
        wizard.next()
    return wizard


def build_first_run(page: int) -> Callable[[Desk], QWidget]:
    def build(desk: Desk) -> QWidget:
        return on_backdrop(_wizard_on(desk, page), *WIZARD_SIZE)

    return build


def build_first_run_enroll_refused(desk: Desk) -> QWidget:
    """İleri with a code the (training) centre does not know: the answer under the code."""
    url = desk.central_client().base_url  # starts the training centre
    wizard = _wizard_on(desk, 0)
    page = wizard.central_page
    page.set_central_url(url)
    page.enrollment.code.setText("YANL-ISKO-DXXX")
    wizard.next()
    wait_for(page.enrollment.refused)
    return on_backdrop(wizard, *WIZARD_SIZE)


def build_first_run_connection(desk: Desk) -> QWidget:
    """The central page after a successful connection test (to this desk's training
    centre, which stands in for a real one here)."""
    url = desk.central_client().base_url  # starts the training centre
    wizard = _wizard_on(desk, 0)
    wizard.central_page.set_central_url(url)
    wizard.central_page.test_connection()
    wait_for(wizard.central_page.connection_checked)
    return on_backdrop(wizard, *WIZARD_SIZE)


def build_first_run_no_connection(desk: Desk) -> QWidget:
    wizard = _wizard_on(desk, 0)
    wizard.central_page.set_central_url("http://127.0.0.1:9")
    wizard.central_page.test_connection()
    wait_for(wizard.central_page.connection_checked)
    return on_backdrop(wizard, *WIZARD_SIZE)


def build_crash(desk: Desk) -> QWidget:
    """The dialog after an unhandled exception, with a form kept as a draft."""
    handler = CrashHandler(log_file_path(desk.config.data_dir), lambda: 1)
    dialog = handler.report()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    handler.setParent(dialog)
    size = dialog.sizeHint()
    backdrop = on_backdrop(dialog, size.width(), size.height())
    dialog.setVisible(True)  # reparenting hid it
    return backdrop


def build_start_refused(desk: Desk) -> QWidget:
    """The dialog of a desk whose database was deleted: the real check, on a folder of its
    own holding only a ledger."""
    folder = desk.config.data_dir / "preview-lost-database"
    write_ledger(ledger_path(folder / "desk.db"), Ledger("preview", "06-01", {2026: 12}))
    try:
        check_database_file(folder / "desk.db")
        message = ""
    except DeskStartError as error:
        # The usual folder of a desk, not this preview's (a long path does not wrap).
        message = str(error).replace(str(folder / "desk.db"), TYPICAL_DATABASE_PATH)
    dialog = start_refused_box(message)
    backdrop = on_backdrop(dialog, *START_REFUSED_SIZE)
    dialog.setVisible(True)  # reparenting hid it
    return backdrop
