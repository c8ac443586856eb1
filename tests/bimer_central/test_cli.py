"""``python -m bimer_central`` / ``bimer-central`` as an operator runs it."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import make_url

import bimer_central
from bimer_central.cli import main
from tests.bimer_central.databases import CentralDatabase

REPO_ROOT = Path(bimer_central.__file__).resolve().parent.parent
STARTED = re.compile(
    r"^BİMER merkez servisi çalışıyor: (http://127\.0\.0\.1:\d+) \(veritabanı: (.+); "
    r"SMS günlüğü: (.+)\)$"
)


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def first_line(process: subprocess.Popen[str], timeout: float = 30) -> str:
    """The first stdout line, without hanging the suite if none ever comes."""
    stream = process.stdout
    assert stream is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout).rstrip("\n")
    except queue.Empty:
        pytest.fail("bimer-central printed nothing")


@pytest.fixture
def running_cli(
    central_db: CentralDatabase, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bimer_central", "--db", central_db.url, "--port", "0",
         "--blobs", str(central_db.blob_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=cli_env(),
        cwd=tmp_path,
    )
    try:
        yield process, first_line(process)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_serves_on_the_printed_port_until_terminated(
    running_cli: tuple[subprocess.Popen[str], str], central_db: CentralDatabase
) -> None:
    process, line = running_cli
    match = STARTED.match(line)
    assert match, line
    assert match.group(2) == make_url(central_db.url).render_as_string(hide_password=True)
    health = requests.get(match.group(1) + "/api/v1/health", timeout=10)
    assert health.json() == {"status": "ok"}

    process.terminate()
    _, stderr = process.communicate(timeout=30)

    if sys.platform != "win32":  # there terminate() is TerminateProcess: no clean exit
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME steers platformdirs on Linux")
def test_default_database_lives_in_the_user_data_dir(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bimer_central", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=cli_env(XDG_DATA_HOME=str(tmp_path / "data")),
    )
    try:
        line = first_line(process)
    finally:
        process.terminate()
        process.communicate(timeout=30)
    expected = tmp_path / "data" / "bimer-central" / "central.db"
    assert f"(veritabanı: sqlite:///{expected};" in line
    assert expected.exists()


def test_password_is_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    # No PostgreSQL driver is needed to see the refusal: the URL is shown masked either way.
    code = main(["--db", "postgresql+nosuchdriver://memur:gizli123@sunucu/bimer", "--port", "0"])
    captured = capsys.readouterr()
    assert code == 2
    assert "gizli123" not in captured.err + captured.out
    assert "***" in captured.err


@pytest.mark.parametrize(
    ("db_url", "words"),
    [
        ("bu bir adres değil", "anlaşılamadı"),
        ("nosuchdb://sunucu/bimer", "kullanılamıyor"),
    ],
)
def test_bad_db_url_is_a_one_line_turkish_error(db_url: str, words: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bimer_central", "--db", db_url, "--port", "0"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(),
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("bimer-central: Veritabanı")
    assert words in lines[0]


def test_unreachable_database_file_is_refused_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", f"sqlite:///{tmp_path / 'yok' / 'c.db'}", "--port", "0"])
    assert code == 2
    assert "Veritabanına bağlanılamadı" in capsys.readouterr().err


def test_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--port", "70000"])
    assert exited.value.code == 2
    assert "0 ile 65535 arasında" in capsys.readouterr().err
