"""Settings that evolve: a file from an older release is migrated (renamed keys keep their
values, deleted ones are logged), a file from a newer release is read as far as this one
understands it and its unknown keys are kept and written back — never a refusal to start.

The mechanism is tested with migration tables passed in: the real one (``MIGRATIONS``) is
empty until a setting is really renamed or removed.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.cli import main
from bimer_desktop.logging_setup import log_file_path
from bimer_desktop.settings import (
    MIGRATIONS,
    SETTINGS_VERSION,
    Migration,
    Settings,
    default_settings,
    load_settings,
    migrate,
    migration_problems,
    save_settings,
    settings_path,
    store_setting,
)

# Release 2 renamed ``fis_yazicisi`` and dropped ``eski_tema``; release 3 renamed
# ``tarama_dpi``. (Keys of an imagined history; the real table is MIGRATIONS.)
HISTORY = (
    Migration(2, renamed={"fis_yazicisi": "receipt_printer"}, deleted=("eski_tema",)),
    Migration(3, renamed={"tarama_dpi": "scan_dpi"}),
)
PRIVATE = "Ayşe Yılmaz'ın klasörü"  # a value that must never reach the log


def write(data_dir: Path, stored: dict[str, object]) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = settings_path(data_dir)
    path.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    return path


def stored(data_dir: Path) -> dict[str, object]:
    result = json.loads(settings_path(data_dir).read_text("utf-8"))
    assert isinstance(result, dict)
    return result


@pytest.fixture
def settings_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="bimer.settings")
    return caplog


# ----- an older file ------------------------------------------------------------------------


def test_a_version_1_file_loads_with_renamed_values_under_their_new_names(
        tmp_path: Path, settings_log: pytest.LogCaptureFixture) -> None:
    write(tmp_path, {"station_code": "34-07", "fis_yazicisi": "Kasa termal",
                     "eski_tema": PRIVATE, "tarama_dpi": 300})  # no settings_version: 1
    settings = load_settings(tmp_path, migrations=HISTORY)
    assert settings.station_code == "34-07"
    assert settings.receipt_printer == "Kasa termal"
    assert settings.scan_dpi == 300
    assert settings.unknown == {}  # the deleted key is gone, not carried
    log = settings_log.text
    assert "'eski_tema' is no longer used" in log
    assert "'fis_yazicisi' is now 'receipt_printer'" in log
    assert PRIVATE not in log and "Kasa termal" not in log


def test_writing_a_migrated_file_back_gives_the_new_keys_and_version(tmp_path: Path) -> None:
    write(tmp_path, {"fis_yazicisi": "Kasa termal", "eski_tema": "koyu", "tarama_dpi": 300})
    save_settings(tmp_path, load_settings(tmp_path, migrations=HISTORY), migrations=HISTORY)
    written = stored(tmp_path)
    assert written["settings_version"] == 3
    assert (written["receipt_printer"], written["scan_dpi"]) == ("Kasa termal", 300)
    assert {"fis_yazicisi", "eski_tema", "tarama_dpi"}.isdisjoint(written)
    assert load_settings(tmp_path, migrations=HISTORY).receipt_printer == "Kasa termal"


def test_storing_one_setting_migrates_the_rest_of_an_older_file(tmp_path: Path) -> None:
    write(tmp_path, {"settings_version": 2, "tarama_dpi": 300, "receipt_printer": "Kasa"})
    store_setting(tmp_path, "report_printer", "Ofis lazer", migrations=HISTORY)
    written = stored(tmp_path)
    assert written["settings_version"] == 3
    assert (written["scan_dpi"], written["receipt_printer"], written["report_printer"]) == (
        300, "Kasa", "Ofis lazer")


def test_only_the_steps_after_the_file_s_version_apply() -> None:
    """A version-3 file was written after the rename: a key under the old name there is
    some newer release's own, and stays what it is."""
    migrated = migrate({"settings_version": 3, "fis_yazicisi": "x"}, HISTORY)
    assert migrated.values == {"fis_yazicisi": "x"} and migrated.renamed == ()
    migrated = migrate({"settings_version": 2, "fis_yazicisi": "x", "tarama_dpi": 300},
                       HISTORY)
    assert migrated.values == {"fis_yazicisi": "x", "scan_dpi": 300}


def test_a_renamed_key_never_overwrites_a_value_already_under_its_new_name(
        tmp_path: Path, settings_log: pytest.LogCaptureFixture) -> None:
    """An older release may write its old key beside the newer release's key it kept: the
    newer key's value wins, and the old one is named in the log, not silently dropped."""
    write(tmp_path, {"fis_yazicisi": "Eski", "receipt_printer": "Yeni"})
    assert load_settings(tmp_path, migrations=HISTORY).receipt_printer == "Yeni"
    assert "'fis_yazicisi' was renamed 'receipt_printer', which the file also holds" in (
        settings_log.text)
    assert "Eski" not in settings_log.text


def test_a_migration_table_must_count_up_and_land_on_real_settings() -> None:
    assert migration_problems(MIGRATIONS) == []
    assert migration_problems(HISTORY) == []
    assert len(MIGRATIONS) + 1 == SETTINGS_VERSION
    assert migration_problems((Migration(3, deleted=("x",)),)) == ["step 2 says version 3"]
    assert migration_problems((Migration(2, renamed={"a": "b"}),)) == [
        "version 2: a → b lands on b, which is not a setting"]
    # Renamed on, then removed: the chain ends nowhere, and that is fine.
    assert migration_problems((Migration(2, renamed={"a": "b"}),
                               Migration(3, deleted=("b",)))) == []


def test_today_s_files_are_version_1_and_are_written_with_it(tmp_path: Path) -> None:
    write(tmp_path, {"station_code": "34-07"})
    save_settings(tmp_path, load_settings(tmp_path))
    assert stored(tmp_path)["settings_version"] == SETTINGS_VERSION == 1


# ----- a newer file -------------------------------------------------------------------------


NEWER = {"settings_version": 99, "station_code": "34-07", "sync_interval_seconds": 45,
         "kiosk_mode": True, "greeting": PRIVATE, "theme": {"dark": True, "accent": "#c00"}}
NEWER_KEYS = {"kiosk_mode", "greeting", "theme"}


def test_a_newer_release_s_file_loads_with_its_unknown_keys_kept_and_logged(
        tmp_path: Path, settings_log: pytest.LogCaptureFixture) -> None:
    write(tmp_path, NEWER)
    settings = load_settings(tmp_path)
    assert (settings.station_code, settings.sync_interval_seconds) == ("34-07", 45)
    assert dict(settings.unknown) == {key: NEWER[key] for key in NEWER_KEYS}
    log = settings_log.text
    assert "settings file is version 99, newer than this release's 1" in log
    for key in NEWER_KEYS:
        assert f"{key!r} is not a setting of this release" in log
    assert PRIVATE not in log and "#c00" not in log
    assert all(record.levelno == logging.WARNING for record in settings_log.records)


def test_a_newer_release_s_keys_survive_store_setting_and_the_settings_dialog_s_save(
        tmp_path: Path) -> None:
    """A desk downgraded and upgraded again finds the newer release's settings as it left
    them (the version written is this release's: the newer one migrates from there)."""
    write(tmp_path, NEWER)
    store_setting(tmp_path, "report_printer", "Ofis lazer")
    after_store = stored(tmp_path)
    assert {key: after_store[key] for key in NEWER_KEYS} == {key: NEWER[key] for key in NEWER_KEYS}
    assert (after_store["report_printer"], after_store["station_code"]) == ("Ofis lazer", "34-07")
    assert after_store["settings_version"] == SETTINGS_VERSION

    # The dialog and the wizard go through values by key, and back.
    loaded = load_settings(tmp_path)
    save_settings(tmp_path, Settings.from_values({**loaded.values, "scan_dpi": 300}))
    after_dialog = stored(tmp_path)
    assert {key: after_dialog[key] for key in NEWER_KEYS} == {key: NEWER[key] for key in NEWER_KEYS}
    assert after_dialog["scan_dpi"] == 300
    assert load_settings(tmp_path).with_overrides(scan_dpi=150).unknown == loaded.unknown


def test_a_misspelt_setting_is_kept_and_the_log_names_the_one_it_looks_like(
        tmp_path: Path, settings_log: pytest.LogCaptureFixture) -> None:
    write(tmp_path, {"statoin_code": "34-07"})
    assert load_settings(tmp_path).station_code == default_settings().station_code
    assert "'statoin_code' is not a setting of this release" in settings_log.text
    assert "did you mean 'station_code'?" in settings_log.text


def test_the_desk_starts_on_a_newer_release_s_file_and_remembers_into_it(
        tmp_path: Path, settings_log: pytest.LogCaptureFixture) -> None:
    write(tmp_path, NEWER)
    config = DeskConfig(data_dir=tmp_path, settings=load_settings(tmp_path), user="memur1")
    with Desk(config) as desk:
        assert desk.config.station_code == "34-07"
        desk.remember_setting("receipt_printer", "Kasa termal")
        assert desk.config.settings.receipt_printer == "Kasa termal"
        assert desk.config.settings.unknown == {key: NEWER[key] for key in NEWER_KEYS}
    assert "'kiosk_mode' is not a setting of this release" in settings_log.text
    written = stored(tmp_path)
    assert written["kiosk_mode"] is True and written["receipt_printer"] == "Kasa termal"


def test_the_command_line_runs_on_a_newer_release_s_file_and_logs_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "masa"
    write(data_dir, NEWER)
    assert main(["--data-dir", str(data_dir), "list"]) == 0
    streams = capsys.readouterr()
    assert "Toplam: 0" in streams.out
    desk_log = log_file_path(data_dir).read_text("utf-8")
    for log in (desk_log, streams.err):  # the log file, and the operator's console
        assert "settings file is version 99" in log
        assert "'kiosk_mode' is not a setting of this release" in log
        assert PRIVATE not in log
    assert stored(data_dir) == NEWER  # reading changes nothing
