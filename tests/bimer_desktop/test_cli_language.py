"""The command line speaks the desk's language: Turkish by default, English when chosen
(``--language`` for one run, or the ``language`` setting), messages and help alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bimer_desktop.cli import main
from models.i18n import active_language, use_language
from tests.bimer_desktop.test_cli import run

BAD_LINE = {"channel": "in_person", "tckn": "12345678901"}


@pytest.fixture(autouse=True)
def back_to_turkish() -> Iterator[None]:
    yield
    use_language("tr")


def import_bad_line(tmp_path: Path, *language: str) -> str:
    lines = tmp_path / "bad.jsonl"
    lines.write_text(json.dumps(BAD_LINE) + "\n", "utf-8")
    done = run(*language, "--data-dir", str(tmp_path / "desk"), "import", str(lines))
    assert done.returncode == 1
    return done.stdout


def test_turkish_by_default(tmp_path: Path) -> None:
    out = import_bad_line(tmp_path)
    assert "satır 1: T.C. Kimlik No" in out
    assert "Kaydedilen: 0  Zaten kayıtlı: 0  Reddedilen satır: 1" in out


def test_english_for_one_run(tmp_path: Path) -> None:
    out = import_bad_line(tmp_path, "--language", "en")
    assert "line 1:" in out
    assert "Saved: 0  Already saved: 0  Rejected lines: 1" in out
    assert "satır" not in out and "Kaydedilen" not in out


def test_the_language_setting_is_used_and_help_follows_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "desk"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"language": "en"}), "utf-8")
    assert main(["--data-dir", str(data), "list"]) == 0
    assert active_language() == "en"
    assert "Total: 0" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data), "--help"])
    assert "print the version and exit" in capsys.readouterr().out


def test_an_unknown_language_in_the_settings_is_refused_at_the_field(tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "desk"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"language": "xx"}), "utf-8")
    assert main(["--data-dir", str(data), "list"]) == 2
    assert "Dil / Language" in capsys.readouterr().err
