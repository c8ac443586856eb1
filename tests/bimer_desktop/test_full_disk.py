"""A full disk (issue 18, item 6): one Turkish line, never a traceback, nothing lost, and the
desk works again once space is freed. On a real 2 MiB tmpfs; skipped where one cannot be
mounted (not root, or no mount permission in this container)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bimer_desktop.cli import main
from models.entities import Application
from models.samples import in_person_sample
from services.desk_start import is_disk_full
from tests.bimer_desktop.test_lost_database import open_desk, save


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a 2 MiB tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs",
                              str(mount_point)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()
    return filler


def count_applications(data_dir: Path) -> int:
    with open_desk(data_dir) as desk, desk.db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Application)) or 0)


def test_a_full_disk_at_start_is_one_line_and_the_desk_starts_once_space_is_freed(
        small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = small_disk / "desk"
    save(desk_dir, 1)
    filler = fill(small_disk)

    code = main(["--data-dir", str(desk_dir), "list"])
    output = capsys.readouterr()
    assert code == 1
    assert output.err.strip().splitlines() == [
        f"Hata: Disk dolu: {desk_dir} klasörüne yazılamıyor. Kaydedilmiş hiçbir şey "
        "kaybolmadı; diskte yer açıp masayı yeniden başlatın."]

    filler.unlink()
    assert main(["--data-dir", str(desk_dir), "list"]) == 0
    assert count_applications(desk_dir) == 1


def test_a_save_on_a_full_disk_fails_whole_and_the_next_one_after_freeing_space_works(
        small_disk: Path) -> None:
    desk_dir = small_disk / "desk"
    save(desk_dir, 1)
    with open_desk(desk_dir) as desk:
        filler = fill(small_disk)
        with pytest.raises(Exception) as failed:
            for _n in range(500):  # the WAL may hold a few more pages
                assert desk.intake.save(in_person_sample(), "memur1").ok
        assert is_disk_full(failed.value, desk_dir)
        filler.unlink()
        outcome = desk.intake.save(in_person_sample(), "memur1")
        assert outcome.ok
        saved_after = outcome.station_number
    numbers = save(desk_dir, 1)
    total = count_applications(desk_dir)
    # Nothing lost, nothing doubled: every number issued is one application, in order.
    assert numbers == [f"06-01-2026-{total:06d}"]
    assert saved_after == f"06-01-2026-{total - 1:06d}"


def test_the_form_says_the_disk_is_full(small_disk: Path) -> None:
    """The intake form's line when a save fails on a full disk (the form keeps every field;
    tests/ui cover that part)."""
    from ui.intake.saving import not_saved_message

    desk_dir = small_disk / "desk"
    save(desk_dir, 1)
    with open_desk(desk_dir) as desk:
        filler = fill(small_disk)
        try:
            for _n in range(500):
                desk.intake.save(in_person_sample(), "memur1")
        except Exception as error:
            message = not_saved_message(error)
        else:
            pytest.fail("the disk never filled")
        filler.unlink()
    assert message.startswith("Başvuru kaydedilemedi: disk dolu.")


def test_an_import_that_fills_the_disk_says_which_lines_were_saved_and_resumes(
        small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk_dir = small_disk / "desk"
    save(desk_dir, 1)
    lines = tmp_path / "many.jsonl"
    lines.write_text((json.dumps(vars(in_person_sample()), ensure_ascii=False) + "\n") * 10,
                     "utf-8")  # a save writes ≈100 KiB of WAL: 2 MiB holds about 15
    filler = fill(small_disk)
    with filler.open("r+b") as handle:  # room for a few saves, not for ten
        handle.truncate(max(0, filler.stat().st_size - 400 * 1024))
    capsys.readouterr()
    code = main(["--data-dir", str(desk_dir), "import", str(lines)])
    output = capsys.readouterr()
    filler.unlink()
    assert code == 1
    assert "Traceback" not in output.err
    reported = [out for out in output.out.splitlines() if ": kaydedildi, " in out]
    assert reported == [f"satır {n}: kaydedildi, başvuru numarası 06-01-2026-{n + 1:06d}"
                        for n in range(1, len(reported) + 1)]
    assert 0 < len(reported) < 10, (output.out[-3000:], output.err)
    assert output.out.splitlines()[-1] == (
        f"Kaydedilen: {len(reported)}  Zaten kayıtlı: 0  Reddedilen satır: 0")
    assert output.err.strip().splitlines()[0].startswith("Hata: Disk dolu:")
    assert output.err.strip().splitlines()[1].startswith("İçe aktarma durdu:")
    assert count_applications(desk_dir) == 1 + len(reported)

    # Space freed, the same file again: the rest is saved, nothing twice.
    assert main(["--data-dir", str(desk_dir), "import", str(lines)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Kaydedilen: {10 - len(reported)}  Zaten kayıtlı: {len(reported)}  "
        "Reddedilen satır: 0")
    assert count_applications(desk_dir) == 11
