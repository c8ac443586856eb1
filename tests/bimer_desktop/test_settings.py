"""Settings: declared once, checked field by field in Turkish, stored in one file, atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bimer_desktop.settings import (
    SETTINGS,
    SPECS,
    SettingKind,
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
    assert load_settings(data_dir)["hot_folder"] == "/olmayan/ağ/paylaşımı"


@pytest.mark.parametrize(("stored", "says"), [
    ({"station_code": "ankara"}, "İstasyon kodu"),
    ({"sync_interval_seconds": True}, "türü yanlış"),
    ({"sync_interval_seconds": 2}, "Otomatik eşitleme aralığı"),
    ({"central_url": "bimer.gov.tr"}, "Merkezi servis adresi"),
    ({"renk": "mavi"}, "bilinmeyen ayar"),
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
    broken = default_settings()
    broken.values["station_code"] = "x"
    with pytest.raises(SettingsError):
        save_settings(tmp_path, broken)
    assert load_settings(tmp_path)["station_code"] == "06-01"


def test_the_chosen_data_folder_is_remembered_outside_it(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    assert read_data_dir_choice(config_dir) is None
    write_data_dir_choice(config_dir, tmp_path / "D" / "BIMER")
    assert read_data_dir_choice(config_dir) == tmp_path / "D" / "BIMER"
    (config_dir / "location.json").write_text("{}", "utf-8")
    with pytest.raises(SettingsError, match="veri klasörü"):
        read_data_dir_choice(config_dir)
