"""Ayarlar: every declared setting (``bimer_desktop/settings.py``) in one dialog.

The dialog is generated from the declarations: one editor per kind (text, number, yes/no,
folder, file, address, choice, printer), one tab per section, the Turkish title as label and
the help text under the field. Errors show at the field, in red, as in the intake form; the
file is written atomically, and only when every value keeps its rules. A folder or file that
is missing is an error only for a value the person changed (a network share that is down
today must not stop them from changing the sync interval).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.settings import (
    SETTINGS,
    Section,
    SettingKind,
    Settings,
    SettingSpec,
    field_error,
    save_settings,
    setting_errors,
)
from models.i18n import N_, _
from ui.editors import (
    CheckEditor,
    ChoiceEditor,
    FieldBox,
    FieldEditor,
    LineEditor,
    LongTextEditor,
    NumberEditor,
    PathEditor,
    PathKind,
)
from ui.screen_fit import fit_dialog

log = logging.getLogger("bimer.ui")

PrinterList = Callable[[], Sequence[str]]
"""The names of the printers installed here (``QPrinterInfo`` by default; tests pass a list)."""

# Every string this module shows, in one place: marked here, translated where shown
# (``_(TEXT[key])``), since this runs at import, before the language is chosen.
TEXT = {
    "title": N_("Ayarlar"),
    "file_filter": N_("Sertifika dosyası (*.pem *.crt *.cer);;Tüm dosyalar (*)"),
    "yes": N_("Evet"),
    "default_printer": N_("Sistemin varsayılan yazıcısı"),
    "pdf_only": N_("PDF olarak kaydet"),
    "missing_printer": N_("{name} (bu bilgisayarda bulunamadı)"),
    "no_printers": N_("Yazıcı bulunamadı, PDF olarak kaydedilecek."),
    "url_placeholder": N_("https://bimer.kurum.gov.tr  (boş: yerel eğitim merkezi)"),
    "save": N_("Kaydet"),
    "cancel": N_("Vazgeç"),
    "restart_note": N_("Değişiklikler program yeniden başlatıldığında geçerli olur."),
    "fix_errors": N_("Kaydedilmedi: işaretli alanları düzeltin."),
    "write_failed_title": N_("Ayarlar kaydedilemedi"),
    "write_failed": N_("Ayar dosyası yazılamadı: {path} ({reason}). Klasörün yazılabilir "
                       "olduğunu kontrol edin ya da sistem yöneticisine bildirin."),
}


SHORT_EDITOR_WIDTH = 360

EditorFactory = Callable[[SettingSpec, Sequence[str], QWidget | None], FieldEditor[Any]]


def installed_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def _choice(spec: SettingSpec, _printers: Sequence[str],
            parent: QWidget | None) -> FieldEditor[Any]:
    # A value this release does not offer (written by a newer desk) is shown, and kept.
    return ChoiceEditor[str](parent, choices=[(value, _(label), "") for value, label
                                              in spec.choices],
                             empty="", unknown=_(TEXT["missing_printer"]))


def _printer(_spec: SettingSpec, printers: Sequence[str],
             parent: QWidget | None) -> FieldEditor[Any]:
    first = _(TEXT["default_printer"]) if printers else _(TEXT["pdf_only"])
    editor = ChoiceEditor[str](parent, choices=[("", first, ""), *((name, name, "")
                                                                   for name in printers)],
                               empty="", unknown=_(TEXT["missing_printer"]))
    editor.widget.setEnabled(bool(printers))
    return editor


# The one table from a setting's kind to its editor (ui/editors): the dialog and the
# first-run wizard build every field through it.
SETTING_EDITORS: dict[SettingKind, EditorFactory] = {
    SettingKind.BOOL: lambda _spec, _printers, parent: CheckEditor[bool](
        _(TEXT["yes"]), parent, on=True, off=False),
    SettingKind.INT: lambda spec, _printers, parent: NumberEditor(
        parent, minimum=spec.minimum if spec.minimum is not None else 0,
        maximum=spec.maximum if spec.maximum is not None else 1_000_000),
    SettingKind.CHOICE: _choice,
    SettingKind.PRINTER: _printer,
    SettingKind.LONG_TEXT: lambda _spec, _printers, parent: LongTextEditor(parent, lines=4),
    SettingKind.TEXT: lambda _spec, _printers, parent: LineEditor(parent),
    SettingKind.URL: lambda _spec, _printers, parent: LineEditor(
        parent, placeholder=_(TEXT["url_placeholder"])),
    SettingKind.FOLDER: lambda _spec, _printers, parent: PathEditor(PathKind.FOLDER, parent),
    SettingKind.FILE: lambda _spec, _printers, parent: PathEditor(
        PathKind.FILE, parent, file_filter=_(TEXT["file_filter"])),
}
# Editors whose values are short: a full-width box would only look empty.
SHORT_KINDS = frozenset({SettingKind.CHOICE, SettingKind.PRINTER})


class SettingField(FieldBox):
    """The editor of one declared setting, its error line and its help line. ``check``
    applies the setting's rules (and, by default, whether its folder or file is there)."""

    def __init__(self, spec: SettingSpec, printers: Sequence[str] = (),
                 parent: QWidget | None = None, *, show_help: bool = True) -> None:
        no_printers = spec.editor is SettingKind.PRINTER and not printers
        # Without printers the help ("boşsa varsayılan yazıcı") would mislead: the note says
        # what will happen instead.
        help_text = _(TEXT["no_printers"]) if no_printers else _(spec.help)
        self.spec = spec
        super().__init__(SETTING_EDITORS[spec.editor](spec, printers, None), parent,
                         help=help_text if show_help else "")
        self.setObjectName(f"setting_{spec.key}")
        self.editor.setObjectName(f"editor_{spec.key}")
        if spec.editor in SHORT_KINDS:
            self.field.widget.setMaximumWidth(SHORT_EDITOR_WIDTH)

    def value(self) -> Any:
        value = self.field.value()
        return value.strip() if isinstance(value, str) else value

    def set_value(self, value: Any) -> None:
        self.field.set_value(value)

    def check(self, *, check_place: bool = True) -> str | None:
        """Show (or clear) this field's own error; returns it."""
        message = field_error(self.spec, self.value(), check_places=check_place)
        self.show_error(message or "")
        return message


# Whether a folder or file is there is checked only for what the person changed (a scan
# share that is down this morning must not block other changes) — except the CA file: with
# it gone no call to the central service can succeed, so it is an error at once.
CHECKED_EVEN_UNCHANGED = ("ca_bundle",)


class SettingsDialog(QDialog):
    """``SettingsDialog(data_dir, settings)``; ``saved`` carries the new ``Settings``."""

    saved = Signal(object)

    def __init__(self, data_dir: Path, settings: Settings, *,
                 printers: PrinterList = installed_printers,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_(TEXT["title"]))
        self.setMinimumSize(640, 480)
        fit_dialog(self, 760, 600)
        self._data_dir = data_dir
        self._stored = dict(settings.values)
        self.changed_keys: list[str] = []
        printer_names = list(printers())
        self.fields: dict[str, SettingField] = {}
        self._tab_of: dict[str, int] = {}

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        layout.addWidget(self.tabs, 1)
        for section in Section:
            specs = [spec for spec in SETTINGS if spec.section is section]
            if specs:
                self._add_tab(section, specs, printer_names)
        self.summary = QLabel(self)
        self.summary.setObjectName("saveSummary")
        self.summary.hide()
        layout.addWidget(self.summary)
        note = QLabel(_(TEXT["restart_note"]), self)
        note.setObjectName("hint")
        layout.addWidget(note)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_(TEXT["save"]),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(_(TEXT["cancel"]), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.save_button.setDefault(True)
        layout.addWidget(buttons)
        for key, field in self.fields.items():
            field.set_value(self._stored.get(key, field.spec.default))
        for key in CHECKED_EVEN_UNCHANGED:  # shown at the field as soon as the dialog opens
            self.fields[key].check()

    def _add_tab(self, section: Section, specs: list[SettingSpec],
                 printers: list[str]) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # rows keep their height; the space stays below them
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        index = self.tabs.count()
        for spec in specs:
            field = SettingField(spec, printers, page)
            label = QLabel(f"{_(spec.title)}{' *' if spec.required else ''}:", page)
            label.setWordWrap(True)
            label.setMinimumWidth(200)
            label.setMaximumWidth(240)
            label.setBuddy(field.editor)
            form.addRow(label, field)
            self.fields[spec.key] = field
            self._tab_of[spec.key] = index
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, _(section.value))

    def values(self) -> dict[str, Any]:
        """What the dialog holds now; settings it does not show keep their stored value."""
        values = dict(self._stored)
        values.update({key: field.value() for key, field in self.fields.items()})
        return values

    def errors(self) -> dict[str, str]:
        values = self.values()
        errors = setting_errors(values)
        # Whether a folder or file is there: only for what the person changed.
        changed = {key: value for key, value in values.items()
                   if value != self._stored.get(key)}
        for key, message in setting_errors(values, check_places=True).items():
            if (key in changed or key in CHECKED_EVEN_UNCHANGED) and key not in errors:
                errors[key] = message
        return errors

    def save(self) -> bool:
        """Check every field; write the file atomically only if all keep their rules."""
        errors = self.errors()
        for key, field in self.fields.items():
            field.show_error(errors.get(key, ""))
        if errors:
            self.summary.setText(_(TEXT["fix_errors"]))
            self.summary.show()
            first = next(key for key in self.fields if key in errors)
            self.tabs.setCurrentIndex(self._tab_of[first])
            self.fields[first].editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.summary.hide()
        settings = Settings.from_values(self.values())
        try:
            save_settings(self._data_dir, settings)
        except OSError as error:
            log.error("writing the settings file failed: %s", type(error).__name__)
            QMessageBox.warning(self, _(TEXT["write_failed_title"]),
                                _(TEXT["write_failed"]).format(
                                    path=self._data_dir,
                                    reason=error.strerror or type(error).__name__))
            return False
        # Their names only, never their values, go to the audit trail (main_window).
        self.changed_keys = sorted(key for key, value in settings.values.items()
                                   if value != self._stored.get(key))
        self._stored = dict(settings.values)
        self.saved.emit(settings)
        self.accept()
        return True
