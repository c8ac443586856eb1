"""The headless commands, run as an operator would: real processes, real central service."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from bimer_desktop.cli import main
from models.print_payload import decode_payload
from models.roles import Role
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, central_for, enrollment_code, register
from tests.conftest import in_person_form
from tests.printing.pdf_helpers import decode_barcodes, normalize_space, pdf_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "applications.jsonl"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bimer_desktop", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False,
                          env={**os.environ, **(env or {})})


def test_import_sync_list_and_print_end_to_end(tmp_path: Path, central_url: str) -> None:
    """As an operator scripts a desk: enroll with the coordinator's code, then every
    command with the clerk's credentials from the environment (docs/security.md)."""
    server = central_for(central_url)
    assert server is not None
    tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                       frozenset({Role.CLERK}), TEST_PASSWORD)
    data = ["--data-dir", str(tmp_path / "desk"), "--central", central_url]
    refused = run(*data, "list")
    assert refused.returncode == 2 and "kayıtlı değil" in refused.stderr
    enrolled = run(*data, "enroll", central_url, enrollment_code(server, "06-01"))
    assert enrolled.returncode == 0, enrolled.stderr
    assert run(*data, "list").returncode == 2  # enrolled, but nobody logged in
    clerk = {"BIMER_TCKN": tckn, "BIMER_PASSWORD": TEST_PASSWORD}
    mixed = tmp_path / "mixed.jsonl"
    good = dict(vars(in_person_form()))
    bad = dict(good, tckn="12345678901")
    mixed.write_text(json.dumps(good, ensure_ascii=False) + "\n"
                     + json.dumps(bad, ensure_ascii=False) + "\n", "utf-8")

    imported = run(*data, "import", str(mixed), env=clerk)
    assert imported.returncode == 1
    assert "satır 1: kaydedildi, başvuru numarası 06-01-" in imported.stdout
    assert "satır 2: T.C. Kimlik No (tckn): T.C. Kimlik No geçersiz" in imported.stdout

    synced = run(*data, "sync", env=clerk)
    assert synced.returncode == 0, synced.stderr
    assert "Gönderilen: 1" in synced.stdout and "Bekleyen: 0" in synced.stdout

    listed = json.loads(run(*data, "list", "--json", env=clerk).stdout)
    assert len(listed) == 1
    assert listed[0]["sync_state"] == "done"
    central_number = listed[0]["central_number"]
    remote = requests.get(f"{central_url}/api/v1/applications/{central_number}",
                          headers=register(server, "06-02", "memur2", frozenset({Role.MANAGER})),
                          timeout=5)
    assert remote.status_code == 200
    assert remote.json()["station_number"] == listed[0]["station_number"]

    out = tmp_path / "alindi.pdf"
    printed = run(*data, "print", "receipt", central_number, "--out", str(out), env=clerk)
    assert printed.returncode == 0, printed.stderr
    pdf = out.read_bytes()
    [payload] = decode_barcodes(pdf)
    decoded = decode_payload(payload)
    assert decoded is not None and str(decoded.case) == listed[0]["station_number"]
    assert central_number in normalize_space(pdf_text(pdf))


def test_examples_import_cleanly_on_a_fresh_install(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(tmp_path), "import", str(EXAMPLES)])  # training desk
    out = capsys.readouterr().out
    assert code == 0, out
    lines = EXAMPLES.read_text("utf-8").splitlines()
    assert f"Kaydedilen: {len(lines)}  Zaten kayıtlı: 0  Reddedilen satır: 0" in out
    channels = {json.loads(line)["channel"] for line in lines}
    assert channels == {"in_person", "letter", "fax", "email"}


def test_a_desk_not_enrolled_refuses_commands_with_one_turkish_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path), "--central", "http://127.0.0.1:9"]
    assert main([*args, "sync"]) == 2
    err = capsys.readouterr().err
    assert "Bu masa merkeze kayıtlı değil" in err and "Traceback" not in err


def test_sync_in_training_mode_uses_the_embedded_centre(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path)]
    main([*args, "import", str(EXAMPLES)])
    assert main([*args, "sync"]) == 0
    assert (tmp_path / "training-central.db").exists()
    assert "Bekleyen: 0" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["print", "receipt", "06-01-2026-000099", "--out", "x.pdf"],
         "'06-01-2026-000099' numaralı başvuru bu masada bulunamadı."),
        (["import", "does-not-exist.jsonl"], "dosya okunamadı"),
        (["--station", "ankara", "list"], "İstasyon kodu geçersiz"),
    ],
)
def test_operator_mistakes_get_one_turkish_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = main(["--data-dir", str(tmp_path), *args])  # a training desk: no login needed
    err = capsys.readouterr().err
    assert code in (1, 2)
    assert message in err
    assert "Traceback" not in err


def test_a_broken_settings_file_is_named(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "settings.json").write_text("{broken", "utf-8")
    assert main(["--data-dir", str(tmp_path), "list"]) == 2
    assert "Ayar dosyası okunamadı" in capsys.readouterr().err


def test_console_script_help_runs() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "bimer-desktop" in result.stdout and "sync" in result.stdout
