"""İlk kurulum: the wizard a desk shows on its first start (no settings file yet).

Three short pages — central service (its address and the coordinator's one-time enrollment
code: the station code comes from the service, never typed here) or the embedded training
centre; data folder and scan folder; receipt and report printers — then the settings file is
written (atomically) into the chosen data folder, and the desk's credential is stored.
Everything here is editable later in Ayarlar (``ui/settings_dialog.py``); the fields are the
same declared settings (``bimer_desktop/settings.py``), so their rules and messages are the
same too.
Headless and command-line runs never show it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from bimer_desktop.settings import (
    SPECS,
    Settings,
    folder_error,
    save_settings,
    setting_errors,
    write_data_dir_choice,
)
from models.i18n import N_, _
from services.central_client import HEALTH_CHECK_TIMEOUT, CentralClient, HealthCheck
from services.credentials import CredentialStore, backend_for
from ui.editors import FieldBox, PathEditor, PathKind
from ui.enrollment import EnrollmentBox
from ui.operations import Operations
from ui.questions import ask_before
from ui.settings_dialog import PrinterList, SettingField, installed_printers
from ui.style import set_state_property

log = logging.getLogger("bimer.ui")

# Every string this module shows, in one place: marked here, translated where shown
# (``_(TEXT[key])``), since this runs at import, before the language is chosen.
TEXT = {
    "window_title": N_("BİMER Masaüstü — ilk kurulum"),
    "next": N_("İleri >"),
    "back": N_("< Geri"),
    "finish": N_("Bitir"),
    "cancel": N_("Vazgeç"),
    "central_title": N_("Adım 1 / 3 — Merkezi servis"),
    "central_subtitle": N_("Hoş geldiniz. Başvurular nereye gönderilecek? Gerçek kullanımda "
                           "merkez adresini ve koordinatörün verdiği kayıt kodunu yazın; "
                           "istasyon kodu merkezden gelir."),
    "training": N_("Eğitim merkezi (bu bilgisayarda; deneme ve eğitim için)"),
    "production": N_("Merkezi servis adresi:"),
    "test": N_("Bağlantıyı sına"),
    "testing": N_("Sınanıyor…"),
    "training_note": N_("Eğitim merkezi bu bilgisayarda çalışır; pencerede sarı bir "
                        "\"Eğitim modu\" şeridi görünür."),
    "url_required": N_("Merkezi servis adresini yazın ya da eğitim merkezini seçin."),
    "test_failed": N_("Sınama yapılamadı. Tekrar deneyin."),
    "folders_title": N_("Adım 2 / 3 — Klasörler"),
    "folders_subtitle": N_("Başvuruların, eklerin ve günlüklerin saklanacağı klasör; ağ "
                           "tarayıcısının kaydettiği klasör."),
    "data_dir": N_("Veri klasörü *:"),
    "data_dir_help": N_("Veritabanı, ekler, yedekler ve günlük dosyası burada durur."),
    "data_dir_fixed": N_("Komut satırında --data-dir ile verildi."),
    "data_dir_required": N_("Veri klasörünü seçin."),
    "create_failed": N_("Klasör oluşturulamadı: {path} ({reason})"),
    "printers_title": N_("Adım 3 / 3 — Yazıcılar"),
    "printers_subtitle": N_("Alındı belgesi ve raporların yazdırılacağı yazıcılar. Her belge "
                            "PDF olarak da kaydedilebilir."),
    "no_printers": N_("Yazıcı bulunamadı, PDF olarak kaydedilecek. Yazıcı kurulduktan sonra "
                      "Ayarlar'dan seçebilirsiniz."),
    "write_failed": N_("Ayar dosyası yazılamadı: {path} ({reason})."),
    "leave_title": N_("Kurulumdan çık"),
    "leave_text": N_("Kurulum bitmedi: hiçbir ayar kaydedilmedi. Şimdi çıkarsanız program "
                     "kapanır ve bir sonraki açılışta kurulum baştan başlar. Çıkılsın mı?"),
    "leave": N_("Kurulumdan çık"),
    "credential_failed": N_("Masanın kimlik bilgisi saklanamadı: {reason}."),
}


def _field_page(page: QWizardPage, title: str, subtitle: str) -> QVBoxLayout:
    page.setTitle(title)
    layout = QVBoxLayout(page)
    layout.setSpacing(8)
    # In the page, wrapped: the wizard's own subtitle line has room for two lines and cut
    # the welcome text off in the middle of a sentence.
    words = QLabel(subtitle, page)
    words.setObjectName("wizardSubtitle")
    words.setWordWrap(True)
    layout.addWidget(words)
    return layout


def _labelled(parent: QWidget, label: str, field: QWidget) -> QWidget:
    """A bold label over its field, the wizard's one-column layout."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(3)
    title = QLabel(label, box)
    font = title.font()
    font.setBold(True)
    title.setFont(font)
    layout.addWidget(title)
    layout.addWidget(field)
    return box


class CentralPage(QWizardPage):
    """Training centre or an address; the test runs off the GUI thread."""

    connection_checked = Signal(object)  # the HealthCheck, or the exception
    health_timeout = HEALTH_CHECK_TIMEOUT  # (connect, read) seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _field_page(self, _(TEXT["central_title"]), _(TEXT["central_subtitle"]))
        self._ops = Operations(self)
        self._checking = False
        self.training_choice = QRadioButton(_(TEXT["training"]), self)
        self.production_choice = QRadioButton(_(TEXT["production"]), self)
        group = QButtonGroup(self)
        group.addButton(self.training_choice)
        group.addButton(self.production_choice)
        # The radio buttons say what an empty address would: no help line under it.
        self.url = SettingField(SPECS["central_url"], parent=self, show_help=False)
        self.url.field.set_placeholder("https://bimer.kurum.gov.tr")
        self.ca_bundle = SettingField(SPECS["ca_bundle"], parent=self)
        self.test_button = QPushButton(_(TEXT["test"]), self)
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel(self)
        self.status.setObjectName("connectionStatus")
        self.status.setWordWrap(True)
        self.training_note = QLabel(_(TEXT["training_note"]), self)
        self.training_note.setObjectName("hint")
        self.training_note.setWordWrap(True)

        layout.addWidget(self.training_choice)
        layout.addWidget(self.training_note)
        layout.addSpacing(6)
        layout.addWidget(self.production_choice)
        indented = QVBoxLayout()
        indented.setContentsMargins(24, 0, 0, 0)
        indented.addWidget(self.url)
        indented.addWidget(_labelled(self, f"{_(SPECS['ca_bundle'].title)}:", self.ca_bundle))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.status, 1)
        indented.addLayout(test_row)
        self.enrollment = EnrollmentBox(self)
        self.enrollment.enrolled.connect(self._enrolled)
        indented.addWidget(self.enrollment)
        layout.addLayout(indented)
        layout.addStretch(1)
        self.training_choice.toggled.connect(self._mode_changed)
        self.url.edited.connect(self._forget_result)
        self.ca_bundle.edited.connect(self._forget_result)
        self.training_choice.setChecked(True)

    @property
    def training(self) -> bool:
        return self.training_choice.isChecked()

    def central_url(self) -> str:
        return "" if self.training else str(self.url.value())

    def set_central_url(self, url: str) -> None:
        self.url.set_value(url)
        (self.production_choice if url else self.training_choice).setChecked(True)

    def _mode_changed(self) -> None:
        production = not self.training
        for widget in (self.url, self.ca_bundle, self.enrollment):
            widget.setEnabled(production)
        self.test_button.setEnabled(production and not self._checking)
        self.training_note.setEnabled(not production)
        if production:
            self.url.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.url.show_error("")
            self.ca_bundle.show_error("")
        self._forget_result()

    def _forget_result(self) -> None:
        if not self._checking:
            self.status.clear()

    def test_connection(self) -> bool:
        """Ask ``GET /api/v1/health`` on a worker thread; the answer lands in ``status``."""
        if self.training or self._checking:
            return False
        url_error = self.url.check()
        ca_error = self.ca_bundle.check()
        if not self.url.value():
            self.url.show_error(_(TEXT["url_required"]))
            return False
        if url_error or ca_error:
            return False
        url, ca_bundle = str(self.url.value()), str(self.ca_bundle.value()) or None
        timeout = self.health_timeout

        def job() -> HealthCheck:
            client = CentralClient(url, ca_bundle=ca_bundle)
            try:
                return client.check_health(timeout=timeout)
            finally:
                client.close()

        self._checking = True
        self.test_button.setEnabled(False)
        self._show_status(_(TEXT["testing"]), "")
        self._ops.run(self, "connection test", job, self._checked, self._check_failed)
        return True

    def _checked(self, result: HealthCheck) -> None:
        self._checking = False
        self.test_button.setEnabled(not self.training)
        self._show_status(("✔ " if result.ok else "✖ ") + result.message,
                          "ok" if result.ok else "error")
        self.connection_checked.emit(result)

    def _check_failed(self, error: BaseException) -> None:
        self._checking = False
        self.test_button.setEnabled(not self.training)
        self._show_status("✖ " + _(TEXT["test_failed"]), "error")
        self.connection_checked.emit(error)

    def _show_status(self, text: str, state: str) -> None:
        self.status.setText(text)
        set_state_property(self.status, "state", state)

    @property
    def checking(self) -> bool:
        return self._checking

    def validatePage(self) -> bool:
        if self.training:
            return True
        if not self.url.value():
            self.url.show_error(_(TEXT["url_required"]))
            return False
        if self.url.check() is not None or self.ca_bundle.check() is not None:
            return False
        if self.enrollment.result is None or \
                self.enrollment.result.central_url != str(self.url.value()).rstrip("/"):
            # İleri sends the code; the page turns when the service has answered.
            self.enrollment.enroll(str(self.url.value()), str(self.ca_bundle.value()) or None,
                                   allow_insecure_http=False)
            return False
        return True

    def _enrolled(self, _credential: object) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()

    def stop(self) -> None:
        self._ops.wait()
        self.enrollment.stop()


class FoldersPage(QWizardPage):
    def __init__(self, data_dir: Path, data_dir_fixed: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _field_page(self, _(TEXT["folders_title"]), _(TEXT["folders_subtitle"]))
        # Not a setting (it says where the settings are), but the same folder editor.
        folder = PathEditor(PathKind.FOLDER)
        folder.set_value(str(data_dir))
        folder.line.setReadOnly(data_dir_fixed)
        folder.choose_button.setEnabled(not data_dir_fixed)
        folder.line.setObjectName("editor_data_dir")
        self.data_dir = FieldBox(folder, self, check=self._data_dir_problem,
                                 help=_(TEXT["data_dir_fixed"]) if data_dir_fixed
                                 else _(TEXT["data_dir_help"]))
        layout.addWidget(_labelled(self, _(TEXT["data_dir"]), self.data_dir))
        spec = SPECS["hot_folder"]
        self.hot_folder = SettingField(spec, parent=self)
        layout.addWidget(_labelled(self, f"{_(spec.title)}:", self.hot_folder))
        layout.addStretch(1)

    def chosen_data_dir(self) -> Path:
        return Path(str(self.data_dir.field.value()).strip()).expanduser()

    def _data_dir_problem(self) -> str | None:
        text = str(self.data_dir.field.value()).strip()
        return folder_error(text) if text else _(TEXT["data_dir_required"])

    def check_data_dir(self) -> str | None:
        return self.data_dir.check()

    def show_data_dir_error(self, message: str) -> None:
        self.data_dir.show_error(message)

    def validatePage(self) -> bool:
        data_ok = self.check_data_dir() is None
        return self.hot_folder.check() is None and data_ok


class PrintersPage(QWizardPage):
    def __init__(self, printers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _field_page(self, _(TEXT["printers_title"]), _(TEXT["printers_subtitle"]))
        self.fields: dict[str, SettingField] = {}
        self.no_printers: QLabel | None = None
        if not printers:
            self.no_printers = QLabel(_(TEXT["no_printers"]), self)
            self.no_printers.setObjectName("infoBar")
            self.no_printers.setWordWrap(True)
            layout.addWidget(self.no_printers)
        for key in ("receipt_printer", "report_printer"):
            spec = SPECS[key]
            # Without printers the page says it once, above; the fields need no note.
            field = SettingField(spec, printers, self, show_help=bool(printers))
            self.fields[key] = field
            layout.addWidget(_labelled(self, f"{_(spec.title)}:", field))
        layout.addStretch(1)


class FirstRunWizard(QWizard):
    """``FirstRunWizard(data_dir, initial)``: on Bitir the settings file is written in the
    chosen folder; ``data_dir`` and ``settings`` then say what was chosen.

    ``config_dir``: where a data folder other than ``data_dir`` is recorded for later starts
    (None when the folder was fixed on the command line).
    """

    def __init__(self, data_dir: Path, initial: Settings, *,
                 config_dir: Path | None = None,
                 printers: PrinterList = installed_printers,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(_(TEXT["window_title"]))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, key in ((QWizard.WizardButton.NextButton, "next"),
                            (QWizard.WizardButton.BackButton, "back"),
                            (QWizard.WizardButton.FinishButton, "finish"),
                            (QWizard.WizardButton.CancelButton, "cancel")):
            self.setButtonText(button, _(TEXT[key]))
        self.setMinimumSize(600, 440)
        self._initial = dict(initial.values)
        self._default_data_dir = data_dir
        self._config_dir = config_dir
        self.data_dir = data_dir
        self.settings = initial
        self.central_page = CentralPage(self)
        self.folders_page = FoldersPage(data_dir, data_dir_fixed=config_dir is None,
                                        parent=self)
        self.printers_page = PrintersPage(list(printers()), self)
        for page in (self.central_page, self.folders_page,
                     self.printers_page):
            self.addPage(page)
        self._forward_by_default()
        self._leaving = False
        self.central_page.set_central_url(str(self._initial["central_url"]))
        self.central_page.ca_bundle.set_value(self._initial["ca_bundle"])
        self.folders_page.hot_folder.set_value(self._initial["hot_folder"])
        for key, field in self.printers_page.fields.items():
            field.set_value(self._initial[key])

    def chosen_values(self) -> dict[str, Any]:
        values = dict(self._initial)
        enrolled = self.central_page.enrollment.result
        if enrolled is not None and not self.central_page.training:
            values["station_code"] = enrolled.station_code  # the service's word, not typed
        values["central_url"] = self.central_page.central_url()
        values["ca_bundle"] = "" if self.central_page.training else \
            self.central_page.ca_bundle.value()
        values["hot_folder"] = self.folders_page.hot_folder.value()
        for key, field in self.printers_page.fields.items():
            values[key] = field.value()
        return values

    def finish(self) -> bool:
        """Check everything once more, make the folders, write the settings file."""
        values = self.chosen_values()
        errors = setting_errors(values, check_places=True)
        data_error = self.folders_page.check_data_dir()
        if errors or data_error:
            self._show(errors)
            return False
        data_dir = self.folders_page.chosen_data_dir()
        folders = [("data_dir", data_dir)]
        if values["hot_folder"]:
            folders.append(("hot_folder", Path(str(values["hot_folder"])).expanduser()))
        for key, folder in folders:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self._show({key: _(TEXT["create_failed"]).format(
                    path=folder, reason=error.strerror or type(error).__name__)})
                return False
        settings = Settings.from_values(values)
        enrolled = self.central_page.enrollment.result
        if enrolled is not None and not self.central_page.training:
            try:
                CredentialStore(backend_for(data_dir)).save_desk(enrolled)
            except (OSError, RuntimeError) as error:
                self._show({"central_url": _(TEXT["credential_failed"]).format(
                    reason=str(error) or type(error).__name__)})
                return False
        try:
            save_settings(data_dir, settings)
            if self._config_dir is not None and data_dir != self._default_data_dir:
                write_data_dir_choice(self._config_dir, data_dir)
        except OSError as error:
            self._show({"data_dir": _(TEXT["write_failed"]).format(
                path=data_dir, reason=error.strerror or type(error).__name__)})
            return False
        log.info("first-run setup written (training: %s)", not values["central_url"])
        self.data_dir, self.settings = data_dir, settings
        return True

    def _show(self, errors: dict[str, str]) -> None:
        """Go to the first page with an error and show it at its field."""
        fields: dict[str, tuple[QWizardPage, Any]] = {
            "central_url": (self.central_page, self.central_page.url),
            "ca_bundle": (self.central_page, self.central_page.ca_bundle),
            "hot_folder": (self.folders_page, self.folders_page.hot_folder),
            **{key: (self.printers_page, field)
               for key, field in self.printers_page.fields.items()},
        }
        first_page: QWizardPage | None = None
        for key, message in errors.items():
            if key == "data_dir":
                self.folders_page.show_data_dir_error(message)
                first_page = first_page or self.folders_page
            elif key in fields:
                page, field = fields[key]
                field.show_error(message)
                first_page = first_page or page
            else:
                log.warning("first-run setup: setting %s is not on any page", key)
        if first_page is not None:
            while self.currentPage() is not first_page and self.currentId() > 0:
                self.back()

    def _forward_by_default(self) -> None:
        """Enter always goes forward (İleri, on the last page Bitir): no other button of
        the wizard becomes the default by being clicked or focused — after "Bağlantıyı
        sına" it was "< Geri", and Enter went back to step 1."""
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.currentIdChanged.connect(lambda _id: self._default_forward())
        self._default_forward()

    def _default_forward(self) -> None:
        last = self.currentId() == self.pageIds()[-1] if self.pageIds() else False
        forward = self.button(QWizard.WizardButton.FinishButton if last
                              else QWizard.WizardButton.NextButton)
        if isinstance(forward, QPushButton):
            forward.setDefault(True)

    def accept(self) -> None:
        if self.finish():
            self.central_page.stop()
            super().accept()

    def reject(self) -> None:
        """Esc, Vazgeç or the window's close: asked first, saying plainly that nothing was
        saved (the program then ends: there is no desk without its settings)."""
        if not self._leaving:
            ask_before(self, title=_(TEXT["leave_title"]), text=_(TEXT["leave_text"]),
                       object_name="leaveSetupQuestion",
                       destructive=(_(TEXT["leave"]), self._leave))
            return
        self.central_page.stop()
        super().reject()

    def _leave(self) -> None:
        self._leaving = True
        self.reject()

