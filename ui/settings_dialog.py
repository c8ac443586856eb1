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
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
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
from ui.widgets.error_outline import ErrorOutline

log = logging.getLogger("bimer.ui")

PrinterList = Callable[[], Sequence[str]]
"""The names of the printers installed here (``QPrinterInfo`` by default; tests pass a list)."""

# Every string this module shows, in one place: marked here, translated where shown
# (``_(TEXT[key])``), since this runs at import, before the language is chosen.
TEXT = {
    "title": N_("Ayarlar"),
    "choose": N_("Seç…"),
    "choose_folder": N_("Klasör seç"),
    "choose_file": N_("Dosya seç"),
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


def kind_is_short(kind: SettingKind) -> bool:
    """Editors whose values are short: a full-width box would only look empty."""
    return kind in (SettingKind.CHOICE, SettingKind.PRINTER)


def installed_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


class SettingField(QWidget):
    """The editor of one declared setting, its help line and its error line."""

    edited = Signal()

    def __init__(self, spec: SettingSpec, printers: Sequence[str] = (),
                 parent: QWidget | None = None, *, show_help: bool = True) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"setting_{spec.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor = self._make_editor(printers)
        self.editor.setObjectName(f"editor_{spec.key}")
        self.choose_button: QPushButton | None = None
        if spec.editor in (SettingKind.FOLDER, SettingKind.FILE):
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addWidget(self.editor, 1)
            self.choose_button = QPushButton(_(TEXT["choose"]), self)
            self.choose_button.clicked.connect(self._choose)
            row.addWidget(self.choose_button)
            layout.addLayout(row)
        else:
            layout.addWidget(self.editor)
        # The error sits right under its field (UI.md), the help line below it.
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        no_printers = spec.editor is SettingKind.PRINTER and not printers
        # Without printers the help ("boşsa varsayılan yazıcı") would mislead: the note says
        # what will happen instead.
        self.help = QLabel(_(TEXT["no_printers"]) if no_printers else _(spec.help), self)
        self.help.setObjectName("hint")
        self.help.setWordWrap(True)
        self.help.setVisible(show_help and bool(self.help.text()))
        layout.addWidget(self.help)
        self._outline = ErrorOutline(self.editor)
        if kind_is_short(spec.editor):
            self.editor.setMaximumWidth(SHORT_EDITOR_WIDTH)

    # ----- the editor for each kind ---------------------------------------------------------

    def _make_editor(self, printers: Sequence[str]) -> QWidget:
        spec = self.spec
        kind = spec.editor
        if kind is SettingKind.BOOL:
            box = QCheckBox(_(TEXT["yes"]), self)
            box.toggled.connect(lambda _on: self.edited.emit())
            return box
        if kind is SettingKind.INT:
            spin = QSpinBox(self)
            spin.setRange(spec.minimum if spec.minimum is not None else 0,
                          spec.maximum if spec.maximum is not None else 1_000_000)
            spin.setGroupSeparatorShown(True)
            spin.valueChanged.connect(lambda _value: self.edited.emit())
            spin.setMaximumWidth(140)  # the numbers are at most a few digits
            return spin
        if kind is SettingKind.CHOICE:
            combo = QComboBox(self)
            for value, label in spec.choices:
                combo.addItem(_(label), value)
            combo.currentIndexChanged.connect(lambda _index: self.edited.emit())
            return combo
        if kind is SettingKind.PRINTER:
            combo = QComboBox(self)
            combo.addItem(_(TEXT["default_printer"]) if printers else _(TEXT["pdf_only"]), "")
            for name in printers:
                combo.addItem(name, name)
            combo.setEnabled(bool(printers))
            combo.currentIndexChanged.connect(lambda _index: self.edited.emit())
            return combo
        if kind is SettingKind.LONG_TEXT:
            text = QPlainTextEdit(self)
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 4 + 12)
            text.textChanged.connect(self.edited.emit)
            return text
        line = QLineEdit(self)
        if kind is SettingKind.URL:
            line.setPlaceholderText(_(TEXT["url_placeholder"]))
        line.textEdited.connect(lambda _text: self.edited.emit())
        line.editingFinished.connect(self.check)
        return line

    def _choose(self) -> None:
        current = str(self.value())
        if self.spec.editor is SettingKind.FOLDER:
            chosen = QFileDialog.getExistingDirectory(self, _(TEXT["choose_folder"]), current)
        else:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, _(TEXT["choose_file"]), current, _(TEXT["file_filter"]))
        if chosen:
            self.set_value(str(Path(chosen)))
            self.edited.emit()
            self.check()

    # ----- value and error ------------------------------------------------------------------

    def value(self) -> Any:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText().strip()
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def set_value(self, value: Any) -> None:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index < 0:  # a printer that is gone, or a value from a newer desk
                editor.addItem(_(TEXT["missing_printer"]).format(name=value), value)
                index = editor.count() - 1
            editor.setCurrentIndex(index)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(value))
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(str(value))

    def check(self, *, check_place: bool = True) -> str | None:
        """Show (or clear) this field's own error; returns it."""
        message = field_error(self.spec, self.value(), check_places=check_place)
        self.show_error(message or "")
        return message

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setProperty("error", bool(message))
        self._outline.show_over_editor(bool(message))

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error.isVisibleTo(self) else ""


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
        self.resize(760, 600)
        self._data_dir = data_dir
        self._stored = dict(settings.values)
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
            if key in changed and key not in errors:
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
        self._stored = dict(settings.values)
        self.saved.emit(settings)
        self.accept()
        return True
