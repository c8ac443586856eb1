"""The main window against a real desk and a real central service on loopback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.enums import Channel
from tests.conftest import in_person_form
from tests.ui.conftest import WindowFactory, choose, show_page, sync_window, type_text
from ui.case_list_model import COLUMN_INDEX
from ui.drafts_ui import ChannelChooser
from ui.main_window import TRAINING_TEXT, MainWindow
from ui.navigation import NavigationItem
from ui.status_bar import CentralState
from ui.sync_control import SyncResult

SYNC_TIMEOUT_MS = 20_000



def sync(qtbot: QtBot, window: MainWindow) -> object:
    outcome = sync_window(qtbot, window)
    assert window.status.state is not CentralState.SYNCING
    return outcome


def test_title_and_status_bar_show_station_and_user(
        make_window: WindowFactory, desk: Desk) -> None:
    window = make_window(desk)
    assert window.windowTitle() == "BİMER Masaüstü — 06-01"
    assert window.status.station_label.text() == "İstasyon: 06-01"
    assert window.status.user_label.text() == "Kullanıcı: memur1"
    assert window.status.pending_label.text() == "Bekleyen: 0"
    assert window.training_strip is None
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON
    assert QApplication.focusWidget() is window.form.editor("tckn")


def test_sync_against_real_central_shows_online_and_central_number(
        qtbot: QtBot, make_window: WindowFactory, desk: Desk) -> None:
    saved = desk.intake.save(in_person_form(), desk.config.user)
    assert saved.station_number is not None
    window = make_window(desk)
    assert window.status.pending_label.text() == "Bekleyen: 1"

    result = sync(qtbot, window)

    assert isinstance(result, SyncResult) and result.report.sent == 1
    assert window.status.state is CentralState.ONLINE
    assert window.status.central_label.text() == "Çevrimiçi"
    assert window.status.dot.property("state") == "online"
    assert window.status.pending_label.text() == "Bekleyen: 0"
    assert window.status.last_sync_label.text().startswith("Son eşitleme: ")
    assert window.status.last_sync_label.text() != "Son eşitleme: —"

    central = desk.queries.find(saved.station_number)
    assert central is not None and central.central_number
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    model = window.applications.table.model()
    assert model.rowCount() == 1
    shown = model.index(0, COLUMN_INDEX["central_number"]).data()
    assert shown == central.central_number
    assert model.index(0, COLUMN_INDEX["sync_state"]).data() == "Gönderildi"
    assert model.index(0, COLUMN_INDEX["station_number"]).data() == saved.station_number
    show_page(qtbot, window, NavigationItem.OUTBOX)
    assert window.outbox.row_count() == 0


def test_offline_sync_shows_offline_and_pending(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    offline_desk.intake.save(in_person_form(), offline_desk.config.user)
    window = make_window(offline_desk)

    sync(qtbot, window)

    assert window.status.state is CentralState.OFFLINE
    assert window.status.central_label.text() == "Çevrimdışı"
    assert window.status.dot.property("state") == "offline"
    assert window.status.pending_label.text() == "Bekleyen: 1"
    assert window.status.last_sync_label.text() == "Son eşitleme: —"
    show_page(qtbot, window, NavigationItem.OUTBOX)
    assert window.outbox.row_count() == 1
    assert window.nav_text(NavigationItem.OUTBOX) == "Gönderim Kuyruğu (1)"


def test_saving_in_the_window_refreshes_counts_and_syncs(
        qtbot: QtBot, make_window: WindowFactory, desk: Desk) -> None:
    window = make_window(desk)
    form = window.form
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON
    for key, value in vars(in_person_form()).items():
        if key in ("channel", "urgency") or value in ("", "false"):
            continue
        editor = form.editor(key)
        if key in ("application_type", "subject_code", "sub_subject_code"):
            choose(editor, value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        else:
            editor.setFocus()
            type_text(editor, value)

    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_TIMEOUT_MS):
        qtbot.keyClick(form.editor("text"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert form.banner.shown
    qtbot.waitUntil(lambda: window.nav_text(NavigationItem.APPLICATIONS)
                    == "Başvurularım (1)", timeout=SYNC_TIMEOUT_MS)
    assert window.status.central_label.text() == "Çevrimiçi"
    assert window.status.pending_label.text() == "Bekleyen: 0"


def test_only_one_sync_at_a_time(qtbot: QtBot, make_window: WindowFactory,
                                 desk: Desk) -> None:
    window = make_window(desk)
    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_TIMEOUT_MS):
        assert window.sync.sync_now() is True
        assert window.sync.syncing
        assert window.status.central_label.text() == "Eşitleniyor"
        assert window.sync.sync_now(force=True) is False  # remembered, run right after
    # The remembered request runs next.
    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_TIMEOUT_MS):
        pass
    assert not window.sync.syncing


def test_ctrl_p_in_applications_prints_the_selected_receipt(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    saved = offline_desk.intake.save(in_person_form(), offline_desk.config.user)
    window = make_window(offline_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    table = window.applications.table

    with qtbot.waitSignal(window.applications.message, timeout=2000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "seçin" in blocker.args[0]

    window.applications.select_row(0)
    with qtbot.waitSignal(window.applications.print_requested, timeout=2000) as printed:
        qtbot.keyClick(table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == [saved.station_number]

    qtbot.waitUntil(lambda: window.printing.dialog is not None, timeout=10_000)
    dialog = window.printing.dialog
    assert dialog is not None
    assert dialog.preview.station_number == saved.station_number
    assert dialog.preview.pdf.startswith(b"%PDF")
    dialog.reject()
    assert offline_desk.printouts.print_log() == []  # a preview is not a print


def test_training_desk_shows_the_yellow_strip(
        make_window: WindowFactory, training_desk: Desk) -> None:
    window = make_window(training_desk)
    assert window.training_strip is not None
    assert window.training_strip.text() == TRAINING_TEXT
    assert window.training_strip.isVisible()


def test_ctrl_n_away_from_a_form_asks_the_channel_with_keys_1_to_4(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    window = make_window(offline_desk)
    window.show_page(NavigationItem.APPLICATIONS)
    qtbot.keyClick(window.applications.table, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier)
    chooser = window.findChild(ChannelChooser, "channelChooser")
    assert chooser is not None and chooser.isVisible()
    assert [b.text() for b in chooser.buttons.values()] == [
        "1  Şahsen", "2  Mektup", "3  Faks", "4  E-posta"]
    qtbot.keyClick(chooser, Qt.Key.Key_3)
    assert window.current_page() is NavigationItem.INTAKE_FAX
    assert QApplication.focusWidget() is window.forms[Channel.FAX].editor("sender_as_written")

    # On a form, Ctrl+N is a new application of that channel: no question.
    window.show_page(NavigationItem.INTAKE_IN_PERSON)
    qtbot.keyClick(window.form.editor("tckn"), Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.findChild(ChannelChooser, "channelChooser") is None or not chooser.isVisible()
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON
    assert QApplication.focusWidget() is window.form.editor("tckn")

    # Esc cancels the question.
    window.show_page(NavigationItem.OUTBOX)
    window.new_application()
    chooser = next(c for c in window.findChildren(ChannelChooser) if c.isVisible())
    qtbot.keyClick(chooser, Qt.Key.Key_Escape)
    assert window.current_page() is NavigationItem.OUTBOX


def test_navigation_lists_every_channel_and_keeps_half_filled_forms(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    window = make_window(offline_desk)
    home, heading = window.navigation.topLevelItem(0), window.navigation.topLevelItem(1)
    assert home is not None and home.text(0) == "Bugün"
    assert heading is not None and heading.text(0) == "Yeni Başvuru"
    texts = [heading.child(i).text(0) for i in range(heading.childCount())]
    assert texts == ["Şahsen", "Mektup", "Faks", "E-posta"]
    letter = window.forms[Channel.LETTER]
    window.show_page(NavigationItem.INTAKE_LETTER)
    assert window.current_form() is letter
    type_text(letter.editor("first_name"), "Hasan")
    qtbot.keyClick(window.form.editor("tckn"), Qt.Key.Key_2,
                   Qt.KeyboardModifier.ControlModifier)  # Ctrl+2: Şahsen (Ctrl+1: Bugün)
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON
    type_text(window.form.editor("first_name"), "Ayşe")
    window.show_page(NavigationItem.APPLICATIONS)
    window.show_page(NavigationItem.INTAKE_LETTER)
    assert letter.form_value().first_name == "Hasan"
    assert window.form.form_value().first_name == "Ayşe"
