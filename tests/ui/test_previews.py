"""Every named preview renders a screenshot through ``run_gui``, in a fresh data dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from bimer_desktop.app import DeskConfig
from bimer_desktop.settings import load_settings
from ui.previews import PREVIEWS
from ui.run import run_gui


def config_for(data_dir: Path, central: str = "") -> DeskConfig:
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings(data_dir).with_overrides(central_url=central)
    return DeskConfig(data_dir=data_dir, settings=settings, user="memur1")


@pytest.mark.parametrize("name", list(PREVIEWS))
def test_preview_renders_a_screenshot(tmp_path: Path, name: str) -> None:
    shot = tmp_path / f"{name}.png"
    assert run_gui(config_for(tmp_path / "data"), preview=name, screenshot=shot) == 0
    assert shot.stat().st_size > 10_000
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)


def test_preview_list_prints_every_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_gui(config_for(tmp_path), preview="list", screenshot=None) == 0
    out = capsys.readouterr().out
    for name in PREVIEWS:
        assert name in out
    assert {"main", "intake", "intake-errors", "intake-saved", "applications",
            "receipt", "intake-letter", "intake-fax", "intake-email",
            "intake-information-organization", "intake-complaint", "drafts",
            "intake-history", "history"} <= set(PREVIEWS)


def test_unknown_preview_is_a_usage_error_in_turkish(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_gui(config_for(tmp_path), preview="yok", screenshot=None) == 2
    assert "'yok' adında bir önizleme yok" in capsys.readouterr().err


def test_previews_that_write_refuse_outside_training_mode(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = config_for(tmp_path, central="http://127.0.0.1:9")
    assert run_gui(config, preview="intake-saved", screenshot=tmp_path / "x.png") == 2
    assert "eğitim modunda" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
