"""The printing settings: declared once, checked, and remembered without this run's overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bimer_desktop.app import PDF_DIR_NAME
from bimer_desktop.settings import SettingsError, load_settings, store_setting
from tests.conftest import make_desk


def test_defaults_print_a4_through_the_dialog_to_the_system_default(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.receipt_layout == "a4"
    assert (settings.receipt_printer, settings.report_printer) == ("", "")
    assert settings.receipt_direct_print is False
    assert settings.pdf_folder == ""


def test_an_unknown_paper_is_refused_in_turkish(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"receipt_layout": "a3"}), "utf-8")
    with pytest.raises(SettingsError,
                       match=r"Şunlardan biri olmalıdır: A4 \(a4\), A5 \(a5\), 80 mm"):
        load_settings(tmp_path)
    with pytest.raises(SettingsError):
        store_setting(tmp_path / "other", "receipt_layout", "letter")
    with pytest.raises(SettingsError):
        store_setting(tmp_path / "other", "receipt_direct_print", "yes")


def test_a_remembered_printer_keeps_this_run_s_overrides_out_of_the_file(tmp_path: Path) -> None:
    with make_desk(tmp_path, "http://127.0.0.1:9", station="34-02") as desk:
        desk.remember_setting("report_printer", "Ofis lazer")
        assert desk.config.settings.report_printer == "Ofis lazer"
        assert desk.config.station_code == "34-02"
        assert desk.config.pdf_folder == tmp_path / "documents" / PDF_DIR_NAME
    stored = json.loads((tmp_path / "settings.json").read_text("utf-8"))
    assert stored["report_printer"] == "Ofis lazer"
    assert stored["station_code"] == "06-01" and stored["central_url"] == ""
