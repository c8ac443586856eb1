"""Named previews: each window or state of the desk, on its own, for a look or a screenshot.

``bimer-desktop --preview NAME [--screenshot FILE.png]``. Previews that need data make it
through the real services in the desk's data directory; those that write (``writes_data``)
run only in training mode, so a preview never puts a sample application into a desk that
sends to a real central service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, SignalInstance
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.enums import Channel, OutboxState
from models.envelope import application_envelope
from models.numbers import StationNumber
from models.print_payload import PrintPayload
from models.tckn import check_digits
from services import page_ops
from services.central_client import CentralClient
from services.printouts import DocumentKind, PdfFile, PrintRequest, ReceiptLayout, free_pdf_path
from services.scanning import fake_page
from services.sync import SyncReport, SyncService
from ui.case_lookup import CaseLookupDialog
from ui.correction_dialog import CorrectionDialog
from ui.first_run import FirstRunWizard
from ui.history_panel import PREVIEW_TCKN, preview_history_panel
from ui.intake_form import IntakeForm
from ui.main_window import (
    INTAKE_PAGES,
    CentralState,
    DeskStatusBar,
    MainWindow,
    NavigationItem,
    central_state_for,
)
from ui.pdf_pages import render_pdf_pages
from ui.print_dialogs import Printers, PrintPreviewDialog, preferred_printer
from ui.printers import QtPrinterCatalog
from ui.settings_dialog import SettingsDialog

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
    form.set_form_value(sample)


def _days_ago(desk: Desk, days: int) -> str:
    return f"{desk.clock().date() - timedelta(days=days):%d.%m.%Y}"


def letter_sample(desk: Desk) -> ApplicationForm:
    return ApplicationForm(
        channel="letter", sender_as_written="Hasan Demir — Kızılay Mah. 12. Sok. No: 4, Ankara",
        paper_date=_days_ago(desk, 6), received_date=_days_ago(desk, 1),
        first_name="Hasan", last_name="Demir",
        address="Kızılay Mah. 12. Sok. No: 4 Çankaya / Ankara",
        location_province="Ankara", location_district="Çankaya",
        location_detail="Kızılay Parkı girişi",
        application_type="request", subject_code="02", sub_subject_code="02.04",
        text="Mahallemizden geçen 112 numaralı otobüsün sefer sayısının artırılmasını "
             "rica ederim. Sabah saatlerinde duraklarda uzun kuyruklar oluşuyor.",
    )


def fax_sample(desk: Desk) -> ApplicationForm:
    return ApplicationForm(
        channel="fax", sender_as_written="Gül Apartmanı Yönetimi",
        fax_number="0312 418 22 33", paper_date=_days_ago(desk, 2),
        received_date=_days_ago(desk, 0), first_name="Elif", last_name="Kaya",
        mobile_phone="0 (542) 555 12 34",
        application_type="complaint", subject_code="02", sub_subject_code="02.05",
        text="Apartmanımızın önündeki kanalizasyon taşması bir haftadır giderilmedi.",
    )


def organization_sample() -> ApplicationForm:
    return ApplicationForm(
        tckn=_tckn("512345678"), first_name="Selin", last_name="Aydın",
        mother_maiden_first="K", mother_maiden_last="R", email="bilgi@yildizinsaat.com.tr",
        address="Organize Sanayi Bölgesi 3. Cad. No: 18 Sincan / Ankara",
        application_type="information_request", applicant_kind="organization",
        organization_title="Yıldız İnşaat Taahhüt Ticaret Ltd. Şti.",
        organization_tax_number="9876543210",
        requested_information="2025 yılı yol yapım ihalesinin katılımcı listesi ve karar "
                              "tutanağı",
        subject_code="02", sub_subject_code="02.01",
        text="4982 sayılı Kanun kapsamında, şirketimizin de katıldığı ihaleye ait karar "
             "tutanağının bir örneğinin tarafımıza verilmesini talep ederiz.",
    )


def complaint_sample() -> ApplicationForm:
    return ApplicationForm(
        tckn=_tckn("612345679"), first_name="Murat", last_name="Güneş",
        mother_maiden_first="A", mother_maiden_last="Ş", mobile_phone="0 (533) 444 55 66",
        application_type="denunciation", hide_identity="true",
        subject_code="02", sub_subject_code="02.03", urgency="urgent",
        location_province="İzmir", location_district="Karşıyaka",
        location_detail="Çarşı içi, balık halinin arkası",
        text="Kim: Çarşıdaki bir seyyar satıcı. Ne: Tarihi geçmiş gıda satılıyor. "
             "Ne zaman: Her sabah 07.00 sularında. Nerede: Balık halinin arkası. ",
    )


def sample_email(desk: Desk) -> bytes:
    """A citizen's e-mail with a scanned petition attached, as a mail client saves it."""
    message = EmailMessage()
    message["From"] = "Fatma Şimşek <fatma.simsek@example.com>"
    message["To"] = "bimer@valilik.gov.tr"
    message["Subject"] = "Okul servis ücretleri hakkında şikayet"
    message["Date"] = format_datetime(datetime.combine(
        desk.clock().date() - timedelta(days=1), datetime.min.time()).astimezone())
    message.set_content("Sayın yetkili,\n\nÇocuğumun okulunun servis ücreti dönem ortasında "
                        "iki katına çıkarıldı. Gereğinin yapılmasını arz ederim.\n\n"
                        "Fatma Şimşek")
    message.add_attachment(b"%PDF-1.4\n% sample scan\n" + b"0" * 48_000,
                           maintype="application", subtype="pdf",
                           filename="dilekçe-tarama.pdf")
    message.add_attachment(b"\x89PNG\r\n\x1a\n" + b"0" * 210_000, maintype="image",
                           subtype="png", filename="servis-makbuzu.png")
    return message.as_bytes()


def _window_on(desk: Desk, item: NavigationItem) -> MainWindow:
    # A preview's sample text is nobody's draft.
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    window.show_page(item)
    return window


def _window_with(desk: Desk, channel: Channel, sample: ApplicationForm | None) -> MainWindow:
    window = _window_on(desk, INTAKE_PAGES[channel])
    if sample is not None:
        window.forms[channel].set_form_value(sample)
    return window


def build_intake_letter(desk: Desk) -> QWidget:
    return _window_with(desk, Channel.LETTER, letter_sample(desk))


def build_intake_fax(desk: Desk) -> QWidget:
    return _window_with(desk, Channel.FAX, fax_sample(desk))


def build_intake_email(desk: Desk) -> QWidget:
    window = _window_on(desk, NavigationItem.INTAKE_EMAIL)
    path = desk.config.data_dir / "ornek-eposta.eml"
    path.write_bytes(sample_email(desk))
    window.import_email_files([path])
    wait_for(window.email_opened)
    return window


def build_intake_organization(desk: Desk) -> QWidget:
    return _window_with(desk, Channel.IN_PERSON, organization_sample())


def build_intake_complaint(desk: Desk) -> QWidget:
    return _window_with(desk, Channel.IN_PERSON, complaint_sample())


def build_intake_history(desk: Desk) -> QWidget:
    """The in-person form with a returning applicant typed in: Evveliyat fills beside it."""
    panel_preview = preview_history_panel(desk)  # saves and sends the samples, settles
    panel_preview.deleteLater()
    window = _window_on(desk, NavigationItem.INTAKE_IN_PERSON)
    window.form.set_form_value(ApplicationForm(
        tckn=PREVIEW_TCKN, first_name="Fatma", last_name="Işık", mother_maiden_first="A",
        mother_maiden_last="N", mobile_phone="0 (535) 222 33 44",
        application_type="request"))
    window.form.editor("subject_code").setFocus()
    if not window.history.is_final:
        wait_for(window.history.loaded)
        if not window.history.is_final:
            wait_for(window.history.loaded)
    return window


def build_drafts(desk: Desk) -> QWidget:
    user = desk.config.user
    if len(desk.drafts.list(user)) < 3:
        desk.drafts.save(user, letter_sample(desk))
        desk.drafts.save(user, ApplicationForm(
            first_name="Kemal", last_name="Öz", application_type="suggestion",
            text="Parktaki banklar"))
        desk.email_import.import_eml(sample_email(desk), user, received=desk.clock().date())
    return _window_on(desk, NavigationItem.DRAFTS)


def _main_window(desk: Desk) -> MainWindow:
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    window.sync_now(force=True)
    wait_for(window.sync_finished)
    return window


def build_main(desk: Desk) -> QWidget:
    return _main_window(desk)


def build_intake(desk: Desk) -> QWidget:
    return IntakeForm(desk)


def build_intake_errors(desk: Desk) -> QWidget:
    """A mistyped T.C. Kimlik No and nothing else, then Kaydet: every error at its field."""
    window = _window_on(desk, NavigationItem.INTAKE_IN_PERSON)
    tckn = window.form.editor("tckn")
    assert isinstance(tckn, QLineEdit)
    tckn.setText("12345678901")
    tckn.textEdited.emit(tckn.text())  # as typing does
    window.form.save()
    return window


def build_intake_saved(desk: Desk) -> QWidget:
    window = _window_on(desk, NavigationItem.INTAKE_LETTER)
    form = window.forms[Channel.LETTER]
    fill_form(form, letter_sample(desk))
    form.save_and_forward()
    return window


def build_applications(desk: Desk) -> QWidget:
    seed_applications(desk, SAMPLE_FORMS[:3])
    window = _main_window(desk)
    # One more after the sync, so the table shows a sent and a waiting state together.
    desk.intake.save(SAMPLE_FORMS[3], desk.config.user)
    window.refresh()
    window.show_page(NavigationItem.APPLICATIONS)
    window.applications.select_row(0)
    return window


def build_home(desk: Desk) -> QWidget:
    """Bugün: three applications sent, one waiting, a receipt printed."""
    seed_applications(desk, SAMPLE_FORMS[:3])
    window = _main_window(desk)
    saved = desk.intake.save(SAMPLE_FORMS[3], desk.config.user)
    desk.printouts.produce(
        PrintRequest(DocumentKind.RECEIPT, saved.station_number or ""), desk.config.user,
        PdfFile(free_pdf_path(desk.config.pdf_folder, DocumentKind.RECEIPT,
                              saved.station_number or "")))
    window.refresh()
    window.show_page(NavigationItem.HOME)
    return window


QUEUE_SAMPLE_FORMS: tuple[ApplicationForm, ...] = (
    *SAMPLE_FORMS,
    ApplicationForm(
        tckn=_tckn("789123456"), first_name="Emine", last_name="Arslan",
        mother_maiden_first="D", mother_maiden_last="T", mobile_phone="0 (536) 777 88 99",
        application_type="complaint", subject_code="02", sub_subject_code="02.05",
        text="Mahallemizdeki su kesintileri hakkında bilgi verilmiyor.",
    ),
)


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
        *QUEUE_SAMPLE_FORMS, replace(SAMPLE_FORMS[1], urgency="normal"),
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


def build_outbox(desk: Desk) -> QWidget:
    """Gönderim Kuyruğu with every state; the refused application selected, its attempts
    shown, and the status bar as a sync with a refusal leaves it."""
    seed_queue(desk)
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    wait_for(window.queue_loaded)
    window.show_page(NavigationItem.OUTBOX)
    window.outbox.set_filter("Tümü")
    quarantined = window.outbox.row_index(lambda row: row.state is OutboxState.QUARANTINED)
    if quarantined is not None:
        window.outbox.select_row(quarantined)
        wait_for(window.outbox.attempts_shown)
    counts = desk.outbox.counts()
    window.status.show_central(*central_state_for(
        SyncReport(0, 0, 0, counts.waiting, True, "", desk.clock()), counts.quarantined))
    window.status.show_last_sync(desk.clock())
    return window


def build_correction(desk: Desk) -> QWidget:
    """Düzelt on the refused sample: the form filled with what was sent, the reason above."""
    seed_queue(desk)
    refused = next(r for r in desk.outbox.rows({OutboxState.QUARANTINED}) if r.correctable)
    return CorrectionDialog(desk, desk.corrections.source(refused.application_id))


def build_status_bar(desk: Desk) -> QWidget:
    """The status bar in each of its states, one under the other (the real widget)."""
    holder = QWidget()
    holder.setWindowTitle("Durum çubuğu")
    layout = QVBoxLayout(holder)
    layout.setSpacing(2)
    moment = desk.clock()
    for caption, state, progress, pending in (
        ("Çevrimiçi: her şey gönderildi", CentralState.ONLINE, None, 0),
        ("Çevrimdışı: merkeze ulaşılamıyor", CentralState.OFFLINE, None, 12),
        ("Eşitleniyor: büyük bir gönderim sürerken", CentralState.SYNCING, (1234, 2000), 766),
        ("Sorun var: bir başvuru karantinada (bildirim durum çubuğunda)",
         CentralState.PROBLEM, None, 1),
    ):
        title = QLabel(caption, holder)
        title.setObjectName("hint")
        bar = DeskStatusBar(desk.config.station_code, desk.config.user, holder)
        bar.show_central(state, caption)
        if progress is not None:
            bar.show_progress(*progress)
        bar.show_pending(pending)
        if state is not CentralState.OFFLINE:
            bar.show_last_sync(moment)
        if state is CentralState.PROBLEM:
            bar.showMessage("Merkez kabul etmedi: 06-01-2026-000005 numaralı başvuru "
                            "karantinada. Gönderim Kuyruğu'na bakın.")
        layout.addWidget(title)
        layout.addWidget(bar)
        layout.addSpacing(10)
    layout.addStretch(1)
    return holder


def build_receipt(desk: Desk) -> QWidget:
    """The receipt's first page as the preview renders it (nothing is logged)."""
    seed_applications(desk, SAMPLE_FORMS[:1])
    newest = desk.queries.list_applications(limit=1)[0]
    preview = desk.printouts.preview(
        PrintRequest(DocumentKind.RECEIPT, newest.station_number), desk.config.user)
    page = render_pdf_pages(preview.pdf, dpi=96)[0]
    label = QLabel()
    label.setPixmap(QPixmap.fromImage(page))
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    label.setStyleSheet("background: #6b7078; padding: 16px;")
    scroll = QScrollArea()
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    scroll.setWindowTitle(preview.title)
    return scroll


def _print_preview(desk: Desk, request: PrintRequest) -> QWidget:
    catalog = QtPrinterCatalog()
    names = catalog.names()
    preview = desk.printouts.preview(request, desk.config.user)
    printers = Printers(names, preferred_printer(names, "", catalog.default_name()))
    return PrintPreviewDialog(preview, printers, desk.config.pdf_folder)


def build_print_preview(desk: Desk) -> QWidget:
    seed_applications(desk, SAMPLE_FORMS[:1])
    newest = desk.queries.list_applications(limit=1)[0]
    return _print_preview(desk, PrintRequest(DocumentKind.RECEIPT, newest.station_number,
                                             layout=ReceiptLayout.THERMAL_80))


def build_print_preview_report(desk: Desk) -> QWidget:
    seed_applications(desk, SAMPLE_FORMS[:1])
    newest = desk.queries.list_applications(limit=1)[0]
    return _print_preview(desk, PrintRequest(DocumentKind.REPORT, newest.station_number))


def build_case_lookup(desk: Desk) -> QWidget:
    """A printed receipt scanned back: the case and who printed the paper."""
    seed_applications(desk, SAMPLE_FORMS[:1])
    newest = desk.queries.list_applications(limit=1)[0]
    printed = desk.printouts.produce(
        PrintRequest(DocumentKind.RECEIPT, newest.station_number), desk.config.user,
        PdfFile(free_pdf_path(desk.config.pdf_folder, DocumentKind.RECEIPT,
                              newest.station_number)))
    lookup = desk.printouts.lookup(printed.payload)
    assert lookup is not None, "a payload the desk just printed reads back"
    return CaseLookupDialog(lookup)


def build_case_lookup_elsewhere(desk: Desk) -> QWidget:
    """A paper printed at another station, for a case taken there: what this desk can say."""
    other = PrintPayload(StationNumber("34-07", desk.clock().year, 58), "34-07", 311).encode()
    lookup = desk.printouts.lookup(other)
    assert lookup is not None
    return CaseLookupDialog(lookup)


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


def build_settings(desk: Desk) -> QWidget:
    return on_backdrop(SettingsDialog(desk.config.data_dir, desk.config.settings), 760, 600)


def build_settings_errors(desk: Desk) -> QWidget:
    """Ayarlar with a mistyped station code and address, after Kaydet: errors at the fields."""
    dialog = SettingsDialog(desk.config.data_dir, desk.config.settings)
    dialog.fields["station_code"].set_value("ankara-1")
    dialog.fields["central_url"].set_value("bimer.kurum.gov.tr")
    dialog.save()
    return on_backdrop(dialog, 760, 600)


def _wizard_on(desk: Desk, page: int) -> FirstRunWizard:
    wizard = FirstRunWizard(desk.config.data_dir, desk.config.settings,
                            config_dir=desk.config.data_dir / "onizleme-konum")
    wizard.restart()
    for _step in range(page):
        wizard.next()
    return wizard


def build_first_run(page: int) -> Callable[[Desk], QWidget]:
    def build(desk: Desk) -> QWidget:
        return on_backdrop(_wizard_on(desk, page), 660, 480)

    return build


def build_first_run_station_error(desk: Desk) -> QWidget:
    wizard = _wizard_on(desk, 0)
    wizard.station_page.station.set_value("6-1")
    wizard.next()  # refused: the error shows at the field
    return on_backdrop(wizard, 660, 480)


def build_first_run_connection(desk: Desk) -> QWidget:
    """The central page after a successful connection test (to this desk's training
    centre, which stands in for a real one here)."""
    url = desk.central_client().base_url  # starts the training centre
    wizard = _wizard_on(desk, 1)
    wizard.central_page.set_central_url(url)
    wizard.central_page.test_connection()
    wait_for(wizard.central_page.connection_checked)
    return on_backdrop(wizard, 660, 480)


def build_first_run_no_connection(desk: Desk) -> QWidget:
    wizard = _wizard_on(desk, 1)
    wizard.central_page.set_central_url("http://127.0.0.1:9")
    wizard.central_page.test_connection()
    wait_for(wizard.central_page.connection_checked)
    return on_backdrop(wizard, 660, 480)


def build_crash(desk: Desk) -> QWidget:
    """The dialog after an unhandled exception, with a form kept as a draft."""
    from bimer_desktop.logging_setup import log_file_path
    from ui.crash import CrashHandler

    handler = CrashHandler(log_file_path(desk.config.data_dir), lambda: 1)
    dialog = handler.report()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    handler.setParent(dialog)
    size = dialog.sizeHint()
    backdrop = on_backdrop(dialog, size.width(), size.height())
    dialog.setVisible(True)  # reparenting hid it
    return backdrop


from ui.attachments_panel import preview_attachments_panel  # noqa: E402

PREVIEWS: dict[str, Preview] = {
    preview.name: preview
    for preview in (
        Preview("main", "ana pencere (Yeni Başvuru — Şahsen)", build_main),
        Preview("intake", "şahsen başvuru formu, boş", build_intake),
        Preview("intake-letter", "mektupla gelen başvuru, örnek bilgilerle",
                build_intake_letter),
        Preview("intake-fax", "faksla gelen şikayet, örnek bilgilerle", build_intake_fax),
        Preview("intake-email", "e-posta dosyasından doldurulmuş form, ekleriyle",
                build_intake_email, writes_data=True),
        Preview("intake-information-organization",
                "Bilgi Edinme, tüzel kişi: unvan, vergi no, istenen bilgi",
                build_intake_organization),
        Preview("intake-complaint", "İhbar: kimlik gizleme ve 5N1K", build_intake_complaint),
        Preview("drafts", "Taslaklar ve açılışta taslak şeridi", build_drafts,
                writes_data=True),
        Preview("intake-history", "şahsen form, evveliyatı olan bir başvuranla",
                build_intake_history, writes_data=True),
        Preview("history", "Evveliyat paneli tek başına, örnek başvurularla",
                preview_history_panel, writes_data=True),
        Preview("intake-errors", "boş formu kaydetme denemesi: alan hataları",
                build_intake_errors),
        Preview("intake-saved", "mektup: Kaydet ve Sevk Et sonrası yeşil şerit",
                build_intake_saved,
                writes_data=True),
        Preview("home", "Bugün: masanın günlük sayıları", build_home, writes_data=True),
        Preview("applications", "Başvurularım, örnek başvurularla", build_applications,
                writes_data=True),
        Preview("outbox", "Gönderim Kuyruğu: gönderilen, düzeltilen, karantinada, yeniden "
                "denenecek ve bekleyen örneklerle", build_outbox, writes_data=True),
        Preview("correction", "Düzelt: merkezin kabul etmediği başvuru formda, nedeniyle",
                build_correction, writes_data=True),
        Preview("status-bar", "durum çubuğu: çevrimiçi, çevrimdışı, eşitleniyor, sorun var",
                build_status_bar),
        Preview("receipt", "alındı belgesinin ilk sayfası", build_receipt, writes_data=True),
        Preview("print-preview", "yazdırma önizlemesi: 80 mm alındı belgesi, yazıcı seçimi",
                build_print_preview, writes_data=True),
        Preview("print-preview-report", "yazdırma önizlemesi: başvuru raporu",
                build_print_preview_report, writes_data=True),
        Preview("case-lookup", "barkod okutuldu: başvuru ve kimin bastığı", build_case_lookup,
                writes_data=True),
        Preview("case-lookup-elsewhere",
                "barkod okutuldu: başka istasyonda basılmış, bu masada olmayan başvuru",
                build_case_lookup_elsewhere),
        Preview("attachments", "Ek ekle / tara: sayfalar, önizleme, tarama klasörü",
                lambda _desk: preview_attachments_panel()),
        Preview("crash", "beklenmeyen hata: taslak saklandı, günlük dosyasının yeri",
                build_crash),
        Preview("settings", "Ayarlar: bildirilmiş her ayar, sekmelerde", build_settings),
        Preview("settings-errors", "Ayarlar: yanlış istasyon kodu ve adres, alan hataları",
                build_settings_errors),
        Preview("first-run-station", "ilk kurulum 1/4: istasyon kodu", build_first_run(0)),
        Preview("first-run-station-error", "ilk kurulum: geçersiz istasyon kodu, İleri'ye basıldı",
                build_first_run_station_error),
        Preview("first-run-central", "ilk kurulum 2/4: merkez ya da eğitim merkezi",
                build_first_run(1)),
        Preview("first-run-central-ok", "ilk kurulum: bağlantı sınandı, merkez çalışıyor",
                build_first_run_connection, writes_data=True),
        Preview("first-run-central-failed", "ilk kurulum: bağlantı sınandı, merkeze ulaşılamadı",
                build_first_run_no_connection),
        Preview("first-run-folders", "ilk kurulum 3/4: veri ve tarama klasörü",
                build_first_run(2)),
        Preview("first-run-printers", "ilk kurulum 4/4: yazıcılar (yoksa PDF)",
                build_first_run(3)),
    )
}


def close_preview(widget: QObject) -> None:
    if isinstance(widget, MainWindow):
        widget.shutdown()
