"""The shell around the desk: its version, where its data lives, and that headless commands
never stop for the first-run wizard."""

from __future__ import annotations

import tomllib
from pathlib import Path

import platformdirs
import pytest

from bimer_desktop.cli import main
from bimer_desktop.logging_setup import remove_handlers
from bimer_desktop.settings import write_data_dir_choice
from bimer_desktop.version import FALLBACK_VERSION, app_version

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _detach_log_files() -> object:
    yield None
    remove_handlers()  # main() logs to the test's data folder; let it go


def test_version_prints_the_product_and_its_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as leaving:
        main(["--version"])
    assert leaving.value.code == 0
    assert capsys.readouterr().out == f"BİMER Masaüstü {app_version()}\n"


def test_the_bundles_fallback_version_is_the_packages_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert FALLBACK_VERSION == project["version"] == app_version()


def test_a_headless_command_on_a_new_desk_runs_without_any_setup(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "yeni"
    assert main(["--data-dir", str(data_dir), "--station", "34-07", "list"]) == 0
    assert "Toplam: 0" in capsys.readouterr().out
    assert (data_dir / "desk.db").exists()
    assert not (data_dir / "settings.json").exists()  # nothing decided for the clerk


def test_commands_use_the_data_folder_chosen_at_first_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_dir, chosen = tmp_path / "config", tmp_path / "D" / "BIMER"
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *_a, **_k: str(config_dir))
    monkeypatch.setattr(platformdirs, "user_data_dir",
                        lambda *_a, **_k: str(tmp_path / "default"))
    write_data_dir_choice(config_dir, chosen)
    assert main(["list"]) == 0
    assert (chosen / "desk.db").exists()
    assert (chosen / "logs" / "desk.log").exists()
    assert not (tmp_path / "default").exists()


def test_a_broken_location_file_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "location.json").write_text("{bozuk", "utf-8")
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *_a, **_k: str(config_dir))
    assert main(["list"]) == 2
    assert "Konum dosyası okunamadı" in capsys.readouterr().err
