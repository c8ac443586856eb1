"""A lost, emptied, replaced or rolled-back database is never started empty, and
``bimer-desktop restore`` brings the desk back without reissuing a number (issue 18, item 3).

Before: a deleted or 0-byte ``desk.db`` started empty and reissued station numbers; a deleted
WAL silently dropped saved applications and rolled the counter back; a lost ``settings.json``
switched the station to 06-01."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.cli import main
from bimer_desktop.settings import load_settings, save_settings, settings_path
from models.backups import backup_database, list_backups
from models.desk_ledger import LEDGER_FILE_NAME
from models.samples import in_person_sample
from tests.desk_sql import desk_key

ROOT = Path(__file__).resolve().parents[2]
CLOSED = "http://127.0.0.1:9"


def in_2026() -> datetime:  # station numbers carry the year
    return datetime(2026, 12, 5, 10, tzinfo=UTC)


def open_desk(data_dir: Path, station: str | None = None) -> Desk:
    settings = load_settings(data_dir).with_overrides(central_url=CLOSED, station_code=station)
    return Desk(DeskConfig(data_dir=data_dir, settings=settings, user="memur1"), in_2026)


def save(data_dir: Path, count: int, station: str | None = None) -> list[str]:
    with open_desk(data_dir, station) as desk:
        numbers = []
        for _n in range(count):
            outcome = desk.intake.save(in_person_sample(), "memur1")
            assert outcome.ok, outcome.errors
            numbers.append(str(outcome.station_number))
        return numbers


def start(data_dir: Path, capsys: pytest.CaptureFixture[str], *command: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "--central", CLOSED, *(command or ("list",))])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def refused(data_dir: Path, capsys: pytest.CaptureFixture[str], words: str) -> None:
    code, output = start(data_dir, capsys)
    assert code == 1
    assert words in output
    assert "Traceback" not in output
    assert "bimer-desktop restore" in output
    assert len(output.strip().splitlines()) == 1  # one Turkish line


def test_a_deleted_database_stops_the_desk_and_restore_empty_continues_the_numbers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = tmp_path / "desk"
    assert save(desk_dir, 3)[-1] == "06-01-2026-000003"
    (desk_dir / "desk.db").unlink()

    refused(desk_dir, capsys, "Veritabanı dosyası bulunamadı")
    assert not (desk_dir / "desk.db").exists()  # the refused start made nothing

    code, output = start(desk_dir, capsys, "restore")  # no backups: says what to do
    assert code == 1 and "restore --empty" in output
    code, output = start(desk_dir, capsys, "restore", "--empty")
    assert code == 0, output
    assert "numaralandırma 4 numaradan sürecek" in output
    assert save(desk_dir, 1) == ["06-01-2026-000004"]  # never 000001 again


def test_an_emptied_database_stops_the_desk(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = tmp_path / "desk"
    save(desk_dir, 1)
    (desk_dir / "desk.db").write_bytes(b"")
    refused(desk_dir, capsys, "Veritabanı dosyası boş")


def test_a_database_made_anew_in_its_place_stops_the_desk(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir, other = tmp_path / "desk", tmp_path / "other"
    save(desk_dir, 2)
    save(other, 1)
    shutil.copyfile(other / "desk.db", desk_dir / "desk.db")
    # Encrypted under the other desk's key: it does not even open here.
    refused(desk_dir, capsys, "başka bir masanın anahtarıyla şifrelenmiş")


KILLED_SAVES = """
import os, sys
from pathlib import Path
from tests.bimer_desktop.test_lost_database import open_desk
from models.samples import in_person_sample
desk = open_desk(Path(sys.argv[1]))
for _ in range(3):
    assert desk.intake.save(in_person_sample(), "memur1").ok
os._exit(0)  # killed: the last saves are only in the WAL file
"""


def test_a_deleted_wal_stops_the_desk_and_restore_keeps_the_numbering(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = tmp_path / "desk"
    save(desk_dir, 2)
    backup_database(desk_dir / "desk.db", desk_dir / "backups", "0009", keep=5,
                    now=datetime(2026, 12, 1, 9), data_key=desk_key(desk_dir))
    save(desk_dir, 1)  # number 3: after the backup, checkpointed into desk.db
    subprocess.run([sys.executable, "-c", KILLED_SAVES, str(desk_dir)], cwd=ROOT,
                   check=True, timeout=120)
    wal = desk_dir / "desk.db-wal"
    assert wal.stat().st_size > 0
    wal.unlink()  # numbers 4-6 gone from the database; integrity_check would say "ok"

    refused(desk_dir, capsys, "Veritabanı geri gitmiş: 2026 yılında en son 6 numara")

    code, output = start(desk_dir, capsys, "restore")
    assert code == 0, output
    assert "Yedek geri yüklendi" in output and "(2 başvuru)" in output
    assert "3–6 numaralı 4 başvuru bu yedekte yok" in output
    assert len(list((tmp_path / "desk").glob("damaged-*/desk.db"))) == 1  # kept, not deleted
    assert list_backups(desk_dir / "backups")  # the backup itself stays
    assert save(desk_dir, 1) == ["06-01-2026-000007"]


def test_a_lost_settings_file_does_not_change_the_station(tmp_path: Path) -> None:
    desk_dir = tmp_path / "desk"
    settings = load_settings(desk_dir).with_overrides(station_code="34-02")
    save_settings(desk_dir, settings)
    assert save(desk_dir, 1) == ["34-02-2026-000001"]
    settings_path(desk_dir).unlink()  # defaults would say 06-01

    with open_desk(desk_dir) as desk:
        assert desk.config.station_code == "34-02"
    assert save(desk_dir, 1) == ["34-02-2026-000002"]


def test_settings_naming_another_station_stop_the_desk(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = tmp_path / "desk"
    save(desk_dir, 1)
    save_settings(desk_dir, load_settings(desk_dir).with_overrides(station_code="34-02"))
    code, output = start(desk_dir, capsys)
    assert code == 1
    assert "istasyon kodu 34-02 yazıyor, ama bu veritabanı 06-01" in output
    assert "Traceback" not in output


def test_a_garbled_ledger_stops_the_desk_with_a_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = tmp_path / "desk"
    save(desk_dir, 1)
    (desk_dir / LEDGER_FILE_NAME).write_text("{not json", "utf-8")
    code, output = start(desk_dir, capsys)
    assert code == 1 and "Masa defteri dosyası bozuk" in output
    assert "Traceback" not in output


def test_the_ledger_follows_every_save(tmp_path: Path) -> None:
    desk_dir = tmp_path / "desk"
    with open_desk(desk_dir) as desk:
        for expected in (1, 2):
            assert desk.intake.save(in_person_sample(), "memur1").ok
            ledger = json.loads((desk_dir / LEDGER_FILE_NAME).read_text("utf-8"))
            assert ledger["last_numbers"] == {"2026": expected}
            assert ledger["station_code"] == "06-01"


@pytest.mark.parametrize("damage", ["garbage", "torn-header"])
def test_a_damaged_database_file_is_one_line_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    """Issue 18, item 6: a corrupt database was a raw traceback."""
    desk_dir = tmp_path / "desk"
    save(desk_dir, 2)
    path = desk_dir / "desk.db"
    original = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database " * 200)
    else:
        path.write_bytes(b"\0" * 100 + original[100:])  # the SQLite header wiped
    damaged = path.read_bytes()
    refused(desk_dir, capsys, "Veritabanı dosyası bozuk")
    assert path.read_bytes() == damaged  # the start wrote nothing over it
