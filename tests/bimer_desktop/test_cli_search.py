"""``bimer-desktop search``: the window's search from the command line, on a real desk."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bimer_desktop.cli import main
from tests.conftest import in_person_form, make_desk


@pytest.fixture(autouse=True)
def root_handlers_restored() -> Iterator[None]:
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "desk"
    desk = make_desk(directory, "")
    try:
        for first, last, tckn in (("Şükrü", "Işık", "10000000146"),
                                  ("Ayşe", "Şahin", "12345678950"),
                                  ("İsmail", "Öztürk", "11111111110")):
            assert desk.intake.save(in_person_form(first_name=first, last_name=last,
                                                   tckn=tckn), "memur1").ok
    finally:
        desk.close()
    return directory


def search(data_dir: Path, capsys: pytest.CaptureFixture[str],
           *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "--user", "memur1", "search", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_names_follow_turkish_rules_and_forgive_missing_marks(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for text, expected in (("ışık", "Ş**** I***"), ("sahin", "A*** Ş****"),
                           ("ISMAIL", "İ***** Ö*****"), ("istanbul", None)):
        code, out, _err = search(data_dir, capsys, text, "--json")
        assert code == 0
        found = json.loads(out)
        assert [row["applicant"] for row in found["rows"]] == ([expected] if expected else [])
        assert found["total"] == (1 if expected else 0)


def test_by_id_number_and_by_number_with_identity_masked(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = search(data_dir, capsys, "--tckn", "12345678950")
    assert code == 0
    assert "A*** Ş****" in out and "12345678950" not in out
    assert out.splitlines()[-1] == "Toplam: 1 (gösterilen: 1)"
    number = out.split()[0]
    code, out, _err = search(data_dir, capsys, number, "--json")
    assert json.loads(out)["rows"][0]["tckn"] == "123******50"


def test_the_id_number_may_come_from_stdin_never_seen_in_the_process_list(
        data_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("12345678950\n"))
    code, out, _err = search(data_dir, capsys, "--tckn", "-")
    assert code == 0
    assert "A*** Ş****" in out and out.splitlines()[-1] == "Toplam: 1 (gösterilen: 1)"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _out, err = search(data_dir, capsys, "--tckn", "-")
    assert code == 2 and "standart girdiden okunamadı" in err


def test_dates_and_channel_filter_and_csv(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = search(data_dir, capsys, "--from", "01.01.2000", "--to", "2000-12-31")
    assert out.splitlines()[-1] == "Toplam: 0 (gösterilen: 0)"
    code, out, _err = search(data_dir, capsys, "--channel", "letter")
    assert out.splitlines()[-1] == "Toplam: 0 (gösterilen: 0)"
    code, out, _err = search(data_dir, capsys, "--channel", "in_person", "--sort", "name")
    assert out.splitlines()[-1] == "Toplam: 3 (gösterilen: 3)"
    target = tmp_path / "x.csv"
    code, out, _err = search(data_dir, capsys, "--csv", str(target))
    assert code == 0 and target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(target.read_text("utf-8-sig").splitlines()) == 4


@pytest.mark.parametrize(("args", "message"), [
    (("--tckn", "123"), "T.C. Kimlik No"),
    (("--from", "31.02.2026"), "--from tarihi anlaşılamadı"),
    (("--from", "2026-02-01", "--to", "2026-01-01"), "--from tarihi --to tarihinden sonra"),
])
def test_bad_input_is_a_turkish_line_not_a_traceback(
        data_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
        message: str) -> None:
    code, _out, err = search(data_dir, capsys, *args)
    assert code == 2
    assert err.startswith("Hata: ") and message in err and "Traceback" not in err
