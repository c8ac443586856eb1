"""Settings: declared once, checked field by field in Turkish, stored in one file, atomically."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import FrozenInstanceError, fields, replace
from pathlib import Path

import pytest

from bimer_desktop.settings import (
    SETTINGS,
    SPECS,
    SettingKind,
    Settings,
    SettingsError,
    default_settings,
    field_error,
    load_settings,
    read_data_dir_choice,
    save_settings,
    setting_errors,
    settings_path,
    write_data_dir_choice,
)


def test_every_setting_is_declared_with_a_turkish_title_and_a_default_that_keeps_its_rules(
) -> None:
    assert len(SPECS) == len(SETTINGS)
    for spec in SETTINGS:
        assert spec.title and spec.title[0].isupper(), spec.key
        assert field_error(spec, spec.default) is None, spec.key
        if spec.editor is SettingKind.CHOICE:
            assert spec.default in {value for value, _label in spec.choices}
    assert setting_errors(default_settings().values) == {}


def test_the_typed_view_and_the_declarations_name_the_same_keys_and_types() -> None:
    """Each setting is a field of ``Settings``; ``SETTINGS`` is derived from the fields, so
    what mypy sees (``settings.scan_dpi: int``) and what the dialog edits are one list."""
    settings = default_settings()
    assert [item.name for item in fields(Settings) if item.name != "unknown"] == [
        spec.key for spec in SETTINGS]
    for spec in SETTINGS:
        assert spec.type in (str, int, bool), spec.key
        assert type(getattr(settings, spec.key)) is spec.type, spec.key
        assert getattr(settings, spec.key) == spec.default == settings.values[spec.key]


def test_settings_are_read_as_typed_attributes_and_cannot_be_changed_in_place(
        tmp_path: Path) -> None:
    settings_path(tmp_path).write_text(json.dumps({
        "station_code": "34-07", "sync_interval_seconds": 45, "scan_duplex": True}), "utf-8")
    settings = load_settings(tmp_path)
    assert (settings.station_code, settings.sync_interval_seconds, settings.scan_duplex) == (
        "34-07", 45, True)
    assert settings.attachment_limits.max_file_bytes == 20 * 1024 * 1024
    assert settings.printer_for("receipt") == settings.receipt_printer == ""
    with pytest.raises(FrozenInstanceError):
        settings.station_code = "06-02"  # type: ignore[misc]
    settings.values["station_code"] = "06-02"  # a copy: the settings do not change
    assert settings.station_code == "34-07"


def test_values_by_key_are_checked_before_they_become_settings() -> None:
    with pytest.raises(SettingsError, match="tam sayı"):
        Settings.from_values({"sync_interval_seconds": "30"})
    with pytest.raises(SettingsError, match="İstasyon kodu"):
        default_settings().with_overrides(station_code="ankara")
    with pytest.raises(SettingsError, match="statoin_code"):
        default_settings().with_overrides(statoin_code="34-07")  # a typo is not a setting
    assert default_settings().with_overrides(station_code=None) == default_settings()
    with pytest.raises(ValueError, match="station_code"):  # a setting is never "unknown"
        Settings(unknown={"station_code": "34-07"})


def test_importing_the_settings_loads_no_paper_images_qt_or_web_libraries() -> None:
    """The CLI reads its settings before it knows what it will do: reportlab, Pillow, Qt and
    the central service's libraries are loaded when a command needs them, not for this."""
    heavy = ["reportlab", "PIL", "PySide6", "fastapi", "pydantic", "sqlalchemy", "requests"]
    script = ("import sys, bimer_desktop.settings\n"
              f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(heavy)!r}))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(("code", "ok"), [("06-01", True), ("34-12", True), ("6-1", False),
                                          ("ankara", False), ("06-01 ", False), ("", False)])
def test_the_station_code_follows_the_numbering_rule(code: str, ok: bool) -> None:
    message = field_error(SPECS["station_code"], code)
    assert (message is None) is ok
    if not ok:
        assert message is not None and "örneğin 06-01" in message


@pytest.mark.parametrize(("url", "ok"), [
    ("", True), ("https://bimer.kurum.gov.tr", True), ("http://127.0.0.1:8470", True),
    ("https://bimer.kurum.gov.tr/merkez/", True), ("bimer.kurum.gov.tr", False),
    ("ftp://bimer.kurum.gov.tr", False), ("https://", False), ("https://x.tr/?a=1", False),
])
def test_the_central_address_is_empty_or_http_s(url: str, ok: bool) -> None:
    assert (field_error(SPECS["central_url"], url) is None) is ok


def test_numbers_keep_their_range_and_a_yes_no_is_not_a_number() -> None:
    spec = SPECS["sync_interval_seconds"]
    assert field_error(spec, 4) == "5 ile 3600 arasında olmalıdır."
    assert field_error(spec, 3601) is not None
    assert field_error(spec, True) is not None
    assert field_error(spec, "30") is not None


def test_choices_are_checked_and_named_in_turkish() -> None:
    message = field_error(SPECS["scan_mode"], "sepia")
    assert message is not None and "Gri tonlamalı (gray)" in message


def test_the_total_attachment_limit_cannot_be_under_the_single_file_limit() -> None:
    values = {**default_settings().values, "attachment_max_file_mb": 30,
              "attachment_max_application_mb": 20}
    assert set(setting_errors(values)) == {"attachment_max_application_mb"}


def test_folders_must_exist_or_be_creatable_and_files_must_exist(tmp_path: Path) -> None:
    folder, ca = SPECS["hot_folder"], SPECS["ca_bundle"]
    a_file = tmp_path / "ca.pem"
    a_file.write_text("-----BEGIN CERTIFICATE-----\n", "ascii")
    assert field_error(folder, str(tmp_path), check_places=True) is None
    assert field_error(folder, str(tmp_path / "yeni" / "klasör"), check_places=True) is None
    assert "dosya" in (field_error(folder, str(a_file), check_places=True) or "")
    assert "tam yolunu" in (field_error(folder, "taramalar", check_places=True) or "")
    assert field_error(ca, str(a_file), check_places=True) is None
    assert "bulunamadı" in (field_error(ca, str(tmp_path / "yok.pem"), check_places=True) or "")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0,
                    reason="file permissions do not bind Windows or root")
def test_a_folder_under_a_read_only_parent_cannot_be_created(tmp_path: Path) -> None:
    locked = tmp_path / "kilitli"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        message = field_error(SPECS["hot_folder"], str(locked / "tarama"), check_places=True)
    finally:
        locked.chmod(0o700)
    assert message is not None and "oluşturulamıyor" in message


def test_a_missing_folder_or_file_does_not_stop_the_desk_from_starting(tmp_path: Path) -> None:
    """A scan share that is down this morning must not stop intake: places are checked when
    a person edits them, not when the settings are loaded."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    settings_path(data_dir).write_text(json.dumps({
        "hot_folder": "/olmayan/ağ/paylaşımı", "ca_bundle": "/olmayan/ca.pem"}), "utf-8")
    assert load_settings(data_dir).hot_folder == "/olmayan/ağ/paylaşımı"


@pytest.mark.parametrize(("stored", "says"), [
    ({"station_code": "ankara"}, "İstasyon kodu"),
    ({"sync_interval_seconds": True}, "türü yanlış"),
    ({"sync_interval_seconds": 2}, "Otomatik eşitleme aralığı"),
    ({"central_url": "bimer.gov.tr"}, "Merkezi servis adresi"),
    # A newer release's file is no excuse: a known key still keeps its type and rules.
    ({"settings_version": 99, "station_code": "ankara"}, "İstasyon kodu"),
    ({"settings_version": 99, "scan_duplex": "evet"}, "türü yanlış"),
    ({"settings_version": "iki"}, "settings_version"),
    ({"settings_version": 0}, "settings_version"),
])
def test_a_broken_settings_file_is_refused_with_the_setting_named(
        tmp_path: Path, stored: dict[str, object], says: str) -> None:
    settings_path(tmp_path).write_text(json.dumps(stored), "utf-8")
    with pytest.raises(SettingsError, match=says) as raised:
        load_settings(tmp_path)
    assert str(settings_path(tmp_path)) in str(raised.value)


def test_saving_writes_the_whole_file_at_once_and_reads_back_the_same(tmp_path: Path) -> None:
    settings = default_settings().with_overrides(station_code="34-07", scan_duplex=True,
                                                 receipt_printer="Kasa Yazıcısı")
    save_settings(tmp_path, settings)
    assert load_settings(tmp_path) == settings
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary left
    assert json.loads(settings_path(tmp_path).read_text("utf-8"))["station_code"] == "34-07"


def test_a_value_that_breaks_a_rule_is_never_saved(tmp_path: Path) -> None:
    save_settings(tmp_path, default_settings())
    broken = replace(default_settings(), station_code="x")  # past from_values' checks
    with pytest.raises(SettingsError):
        save_settings(tmp_path, broken)
    assert load_settings(tmp_path).station_code == "06-01"


def test_the_chosen_data_folder_is_remembered_outside_it(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    assert read_data_dir_choice(config_dir) is None
    write_data_dir_choice(config_dir, tmp_path / "D" / "BIMER")
    assert read_data_dir_choice(config_dir) == tmp_path / "D" / "BIMER"
    (config_dir / "location.json").write_text("{}", "utf-8")
    with pytest.raises(SettingsError, match="veri klasörü"):
        read_data_dir_choice(config_dir)
