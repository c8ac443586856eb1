"""Issue 18: 12 kills of a 1,200-line import saved 2,529 lines, none reported, and running the
file again duplicated all of them. Here a real ``bimer-desktop import`` is SIGKILLed part-way
several times, then run to its end: every line is saved exactly once, and every line a killed
run reported as saved is saved under the number it printed."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bimer_desktop.app import DATABASE_FILE_NAME
from models.samples import in_person_sample
from tests.desk_sql import desk_sql

ROOT = Path(__file__).resolve().parents[2]
LINES = 160
KILLS = 4
SAVED = re.compile(r"^satır (\d+): kaydedildi, başvuru numarası (\S+)$")
ALREADY = re.compile(r"^zaten kayıtlı: satır (\d+) \(başvuru numarası (\S+)\)$")


def text_of(number: int) -> str:
    return f"Toplu aktarım denemesi: bu, dosyanın {number}. satırındaki başvurunun metnidir."


def command(data: Path, source: Path) -> list[str]:
    # A training desk: an import saves on the desk and sends nothing.
    return [sys.executable, "-m", "bimer_desktop", "--data-dir", str(data), "import",
            str(source)]


def killed_part_way(data: Path, source: Path, after: int, rng: random.Random
                    ) -> dict[int, str]:
    """Run the import, SIGKILL it once it has reported ``after`` lines saved (plus a random
    moment, so the kill also lands inside a save); what it reported as saved."""
    process = subprocess.Popen(command(data, source), stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, cwd=ROOT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    reported: dict[int, str] = {}
    try:
        for output in process.stdout:
            if found := SAVED.match(output.strip()):
                reported[int(found.group(1))] = found.group(2)
                if len(reported) >= after:
                    time.sleep(rng.uniform(0, 0.02))
                    break
    finally:
        process.send_signal(signal.SIGKILL)
        rest, _err = process.communicate(timeout=60)
    # Whatever it managed to print before it died counts too.
    for output in rest.splitlines():
        if found := SAVED.match(output.strip()):
            reported[int(found.group(1))] = found.group(2)
    assert process.returncode == -signal.SIGKILL, "the import ended before it was killed"
    return reported


def test_killed_imports_then_a_full_run_save_every_line_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(18)
    source = tmp_path / "toplu.jsonl"
    source.write_text("".join(
        json.dumps({**vars(in_person_sample()), "text": text_of(n)}, ensure_ascii=False) + "\n"
        for n in range(1, LINES + 1)), "utf-8")
    data = tmp_path / "desk"
    reported: dict[int, str] = {}
    for _kill in range(KILLS):
        for number, station_number in killed_part_way(
                data, source, rng.randint(5, LINES // (KILLS + 1)), rng).items():
            # A line is reported once: a later run says "already", never "saved" again.
            assert number not in reported, number
            reported[number] = station_number
    assert len(reported) < LINES  # the kills did land part-way

    final = subprocess.run(command(data, source), capture_output=True, text=True, cwd=ROOT,
                           timeout=300, check=False)
    assert final.returncode == 0, final.stderr[-2000:]
    lines = final.stdout.splitlines()
    saved_now = {int(m.group(1)): m.group(2) for out in lines if (m := SAVED.match(out))}
    already = {int(m.group(1)): m.group(2) for out in lines if (m := ALREADY.match(out))}
    assert set(saved_now) | set(already) == set(range(1, LINES + 1))
    assert not set(saved_now) & set(already)
    # Nothing a killed run printed was false: each of those lines is "already" saved, under
    # the number it printed.
    assert {n: already[n] for n in reported} == reported
    assert lines[-1] == (f"Kaydedilen: {len(saved_now)}  Zaten kayıtlı: {len(already)}  "
                         "Reddedilen satır: 0")

    with desk_sql(data / DATABASE_FILE_NAME) as database:
        rows = database.execute("SELECT station_number, text FROM applications").fetchall()
        identities = database.execute("SELECT count(*) FROM imported_lines").fetchone()[0]
    by_text: dict[str, list[str]] = {}
    for station_number, text in rows:
        by_text.setdefault(text, []).append(station_number)
    # Every line exactly once, and each under the number the runs reported for it.
    assert {text: len(numbers) for text, numbers in by_text.items()} == {
        text_of(n): 1 for n in range(1, LINES + 1)}
    assert {n: by_text[text_of(n)][0] for n in range(1, LINES + 1)} == {**already, **saved_now}
    assert identities == LINES
