"""Ayarlar: one editor per declared setting, errors at the field, the file written whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from bimer_desktop.settings import (
    SETTINGS,
    SettingKind,
    SettingSpec,
    default_settings,
    load_settings,
    save_settings,
    settings_path,
)
from ui.settings_dialog import TEXT, SettingsDialog

PRINTERS = ["Kasa Yazıcısı", "Arşiv Lazer"]  # stand-ins for printers this machine lacks


def make_dialog(qtbot: QtBot, data_dir: Path, printers: list[str] | None = None,
                **overrides: Any) -> SettingsDialog:
    settings = default_settings().with_overrides(**overrides)
    if not settings_path(data_dir).exists():
        save_settings(data_dir, settings)
    dialog = SettingsDialog(data_dir, load_settings(data_dir),
                            printers=lambda: PRINTERS if printers is None else printers)
    qtbot.addWidget(dialog)
    return dialog


def other_value(spec: SettingSpec, tmp_path: Path) -> Any:
    """A valid value for ``spec`` that is not its default."""
    kind = spec.editor
    if kind is SettingKind.BOOL:
        return not spec.default
    if kind is SettingKind.INT:
        candidate = spec.default + 1
        return candidate if spec.maximum is None or candidate <= spec.maximum else \
            spec.default - 1
    if kind is SettingKind.CHOICE:
        return next(value for value, _label in spec.choices if value != spec.default)
    if kind is SettingKind.PRINTER:
        return PRINTERS[1]
    if kind is SettingKind.FOLDER:
        return str(tmp_path / "tarama")
    if kind is SettingKind.FILE:
        path = tmp_path / "kurum-ca.pem"
        path.write_text("-----BEGIN CERTIFICATE-----\n", "ascii")
        return str(path)
    if kind is SettingKind.URL:
        return "https://bimer.kurum.gov.tr"
    if spec.key == "station_code":
        return "34-07"
    return f"{spec.default} (değişti)" if spec.default else "Tarayıcı-1"


def test_every_declared_setting_has_an_editor_of_its_kind(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    editors = {SettingKind.BOOL: QCheckBox, SettingKind.INT: QSpinBox,
               SettingKind.CHOICE: QComboBox, SettingKind.PRINTER: QComboBox,
               SettingKind.LONG_TEXT: QPlainTextEdit, SettingKind.TEXT: QLineEdit,
               SettingKind.URL: QLineEdit, SettingKind.FOLDER: QLineEdit,
               SettingKind.FILE: QLineEdit}
    assert list(dialog.fields) == [spec.key for spec in sorted(
        SETTINGS, key=lambda s: [*type(s.section)].index(s.section))]
    for spec in SETTINGS:
        assert isinstance(dialog.fields[spec.key].editor, editors[spec.editor]), spec.key
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[0] == "İstasyon ve merkez"


def test_every_setting_round_trips_through_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    dialog = make_dialog(qtbot, data_dir)
    wanted = {spec.key: other_value(spec, tmp_path) for spec in SETTINGS}
    for key, value in wanted.items():
        dialog.fields[key].set_value(value)
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save()
    assert load_settings(data_dir).values == wanted

    again = make_dialog(qtbot, data_dir)  # and shows them when opened again
    assert {key: field.value() for key, field in again.fields.items()} == wanted


def test_an_invalid_station_code_is_shown_at_its_field_and_nothing_is_written(
        qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    before = settings_path(tmp_path).read_bytes()
    dialog.tabs.setCurrentIndex(2)
    dialog.fields["station_code"].set_value("ankara")
    dialog.fields["sync_interval_seconds"].set_value(60)

    assert not dialog.save()
    assert "İstasyon kodu geçersiz" in dialog.fields["station_code"].error_text
    assert dialog.fields["sync_interval_seconds"].error_text == ""
    assert dialog.summary.text() == TEXT["fix_errors"]
    assert dialog.tabs.currentIndex() == 0  # the tab with the error comes forward
    assert settings_path(tmp_path).read_bytes() == before


def test_a_folder_that_cannot_be_made_is_refused_when_changed(
        qtbot: QtBot, tmp_path: Path) -> None:
    a_file = tmp_path / "dosya.txt"
    a_file.write_text("x", "utf-8")
    dialog = make_dialog(qtbot, tmp_path / "data")
    dialog.fields["hot_folder"].set_value(str(a_file / "tarama"))
    assert not dialog.save()
    assert "oluşturulamıyor" in dialog.fields["hot_folder"].error_text


def test_an_unchanged_folder_that_is_away_today_does_not_block_other_changes(
        qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    settings_path(data_dir).write_text('{"hot_folder": "/olmayan/ağ/paylaşımı"}', "utf-8")
    dialog = SettingsDialog(data_dir, load_settings(data_dir), printers=lambda: [])
    qtbot.addWidget(dialog)
    dialog.fields["sync_interval_seconds"].set_value(45)
    assert dialog.save()
    assert load_settings(data_dir).sync_interval_seconds == 45


def test_without_printers_the_dialog_says_documents_are_saved_as_pdf(
        qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path, printers=[])
    field = dialog.fields["receipt_printer"]
    assert not field.editor.isEnabled()
    assert field.help.text() == TEXT["no_printers"]
    assert field.value() == ""


def test_a_printer_that_is_gone_keeps_its_name_until_changed(
        qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    dialog = make_dialog(qtbot, data_dir, report_printer="Eski Yazıcı")
    combo = dialog.fields["report_printer"].editor
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == TEXT["missing_printer"].format(name="Eski Yazıcı")
    assert dialog.save()
    assert load_settings(data_dir).report_printer == "Eski Yazıcı"


def test_a_ca_file_that_is_gone_is_shown_at_its_field_at_once_and_blocks_saving(
        qtbot: QtBot, tmp_path: Path) -> None:
    """Unlike a scan share that is away today, a CA file that is gone stops every call to the
    central service: the dialog says so when it opens, and until it is fixed or cleared."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    missing = tmp_path / "kurum-ca.pem"
    settings_path(data_dir).write_text(json.dumps({"ca_bundle": str(missing)}), "utf-8")
    dialog = SettingsDialog(data_dir, load_settings(data_dir), printers=lambda: [])
    qtbot.addWidget(dialog)
    assert dialog.fields["ca_bundle"].error_text == f"Dosya bulunamadı: {missing}"
    dialog.fields["sync_interval_seconds"].set_value(45)
    assert not dialog.save()
    dialog.fields["ca_bundle"].set_value("")
    assert dialog.save()
    assert load_settings(data_dir).ca_bundle == ""
