"""Named previews: each window or state of the desk, on its own, for a look or a screenshot.

``bimer-desktop --preview NAME [--screenshot FILE.png]``. Previews that need data make it
through the real services in the desk's data directory; those that write (``writes_data``)
run only in training mode, so a preview never puts a sample application into a desk that
sends to a real central service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, SignalInstance
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QWidget

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.tckn import check_digits
from ui.intake_form import IntakeForm
from ui.main_window import MainWindow, NavigationItem
from ui.print_dialogs import render_pdf_pages

SETTLE_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Preview:
    name: str
    description: str
    build: Callable[[Desk], QWidget]
    writes_data: bool = False


def wait_for(signal: SignalInstance, timeout_ms: int = SETTLE_TIMEOUT_MS) -> bool:
    """Run the event loop until ``signal`` fires (True) or the timeout passes (False)."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    return bool(fired)


def _tckn(first_nine: str) -> str:
    return first_nine + check_digits(first_nine)


SAMPLE_FORMS: tuple[ApplicationForm, ...] = (
    ApplicationForm(
        tckn=_tckn("100000001"), first_name="Ayşe", last_name="Yılmaz",
        mother_maiden_first="Ş", mother_maiden_last="K", mobile_phone="0532 123 45 67",
        email="ayse.yilmaz@example.com", address="Atatürk Bulvarı No: 1 Çankaya / Ankara",
        application_type="complaint", subject_code="02", sub_subject_code="02.02",
        text="Sokağımızdaki çöpler üç gündür toplanmıyor.",
    ),
    ApplicationForm(
        tckn=_tckn("234567891"), first_name="Mehmet", last_name="Öztürk",
        mother_maiden_first="Ç", mother_maiden_last="N", mobile_phone="0505 987 65 43",
        application_type="information_request", subject_code="03",
        sub_subject_code="03.03", urgency="urgent",
        text="Üniversite yurt başvurularının ne zaman açılacağını öğrenmek istiyorum.",
    ),
    ApplicationForm(
        tckn=_tckn("345678912"), first_name="Zeynep", last_name="Çelik",
        mother_maiden_first="İ", mother_maiden_last="R",
        address="Cumhuriyet Mah. Gül Sok. No: 7 Konak / İzmir",
        application_type="request", subject_code="04", sub_subject_code="04.02",
        text="Aile hekimimin çalışma saatlerinin akşam saatlerine uzatılmasını rica ediyorum.",
    ),
    ApplicationForm(
        tckn=_tckn("456789123"), first_name="İbrahim", last_name="Şahin",
        mother_maiden_first="Ö", mother_maiden_last="Ğ", email="ibrahim.sahin@example.com",
        application_type="thanks", subject_code="02", sub_subject_code="02.04",
        text="Yeni otobüs hattı için belediyemize teşekkür ederim.",
    ),
)


def seed_applications(desk: Desk, forms: tuple[ApplicationForm, ...] = SAMPLE_FORMS) -> None:
    """Save sample applications through the intake service, unless enough are there."""
    if len(desk.queries.list_applications(limit=len(forms))) >= len(forms):
        return
    for form in forms:
        outcome = desk.intake.save(form, desk.config.user)
        if not outcome.ok:
            raise RuntimeError(f"sample application rejected: {outcome.errors}")


def fill_form(form: IntakeForm, sample: ApplicationForm) -> None:
    """Put a sample into the widgets the way a clerk's typing ends up there."""
    for key in ApplicationForm.field_names():
        value = getattr(sample, key)
        if key == "channel" or value in ("", "false"):
            continue
        editor = form.editor(key)
        if isinstance(editor, QLineEdit):
            editor.setText(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        else:
            combo = editor
            index = combo.findData(value)  # type: ignore[attr-defined]
            combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def _main_window(desk: Desk) -> MainWindow:
    window = MainWindow(desk, auto_sync=False, ask_before_close=False)
    window.sync_now(force=True)
    wait_for(window.sync_finished)
    return window


def build_main(desk: Desk) -> QWidget:
    return _main_window(desk)


def build_intake(desk: Desk) -> QWidget:
    return IntakeForm(desk)


def build_intake_errors(desk: Desk) -> QWidget:
    form = IntakeForm(desk)
    form.save()
    return form


def build_intake_saved(desk: Desk) -> QWidget:
    form = IntakeForm(desk)
    fill_form(form, SAMPLE_FORMS[0])
    form.save()
    return form


def build_applications(desk: Desk) -> QWidget:
    seed_applications(desk, SAMPLE_FORMS[:3])
    window = _main_window(desk)
    # One more after the sync, so the table shows a sent and a waiting state together.
    desk.intake.save(SAMPLE_FORMS[3], desk.config.user)
    window.refresh()
    window.show_page(NavigationItem.APPLICATIONS)
    window.applications.select_row(0)
    return window


def build_outbox(desk: Desk) -> QWidget:
    seed_applications(desk)
    window = MainWindow(desk, auto_sync=False, ask_before_close=False)
    window.show_page(NavigationItem.OUTBOX)
    return window


def build_receipt(desk: Desk) -> QWidget:
    seed_applications(desk, SAMPLE_FORMS[:1])
    newest = desk.queries.list_applications(limit=1)[0]
    document = desk.receipts.print_receipt(newest.station_number, desk.config.user,
                                           printer="PDF")
    page = render_pdf_pages(document.pdf, dpi=96)[0]
    label = QLabel()
    label.setPixmap(QPixmap.fromImage(page))
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    label.setStyleSheet("background: #6b7078; padding: 16px;")
    scroll = QScrollArea()
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    scroll.setWindowTitle(f"Alındı belgesi — {document.station_number}")
    return scroll


PREVIEWS: dict[str, Preview] = {
    preview.name: preview
    for preview in (
        Preview("main", "ana pencere (Yeni Başvuru — Şahsen)", build_main),
        Preview("intake", "şahsen başvuru formu, boş", build_intake),
        Preview("intake-errors", "boş formu kaydetme denemesi: alan hataları",
                build_intake_errors),
        Preview("intake-saved", "başarılı kayıttan sonra yeşil şerit", build_intake_saved,
                writes_data=True),
        Preview("applications", "Başvurularım, örnek başvurularla", build_applications,
                writes_data=True),
        Preview("outbox", "Gönderim Kuyruğu, gönderilmemiş örnek başvurularla", build_outbox,
                writes_data=True),
        Preview("receipt", "alındı belgesinin ilk sayfası", build_receipt, writes_data=True),
    )
}


def close_preview(widget: QObject) -> None:
    if isinstance(widget, MainWindow):
        widget.shutdown()
