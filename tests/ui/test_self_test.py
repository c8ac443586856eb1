"""``bimer-desktop --self-test``: the check an installation runs on itself (CI runs it on
the bundle)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from ui.self_test import EXIT_FAILED, TEXT, SelfTest, StepFailed

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("step.data", "step.fonts", "step.window", "step.save", "step.sync", "step.receipt",
         "step.barcode", "step.charts")


def test_the_self_test_saves_sends_prints_and_reads_back_a_receipt(tmp_path: Path) -> None:
    environment = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d"),
                   "XDG_CONFIG_HOME": str(tmp_path / "c")}
    environment.pop("QT_QPA_PLATFORM", None)  # it must choose offscreen by itself
    done = subprocess.run([sys.executable, "-m", "bimer_desktop", "--self-test"],
                          capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env=environment, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("BİMER Masaüstü ") and "öz sınama" in lines[0]
    for key in STEPS:
        assert any(line.startswith(TEXT["ok"]) and TEXT[key] in line for line in lines), key
    saved = next(line for line in lines if TEXT["step.save"] in line).rsplit(" ", 1)[1]
    barcode = next(line for line in lines if TEXT["step.barcode"] in line).rsplit(" ", 1)[1]
    # The barcode read from the rendered page names the station and the saved application.
    assert saved.startswith("06-01-") and barcode.startswith("B0601")
    assert lines[-1].startswith("Sonuç: başarılı")
    # Nothing of the test stays in the user's folders.
    assert not (tmp_path / "d" / "bimer-desktop").exists()
    assert not (tmp_path / "c" / "bimer-desktop").exists()


def test_without_a_font_the_self_test_fails_at_the_font_step(tmp_path: Path) -> None:
    """Qt opens every window without a font too, each letter an empty box: not "passed"."""
    config = tmp_path / "fonts.conf"  # fontconfig that knows no font directory at all
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                      f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
                      encoding="utf-8")
    environment = {**os.environ, "HOME": str(tmp_path), "FONTCONFIG_FILE": str(config)}
    done = subprocess.run([sys.executable, "-m", "bimer_desktop", "--self-test"],
                          capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env=environment, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    failed = [line for line in done.stdout.splitlines() if line.startswith(TEXT["failed"])]
    assert len(failed) == 1 and TEXT["step.fonts"] in failed[0] and "fonts-dejavu-core" in failed[0]
    assert "Traceback" not in done.stdout + done.stderr


def test_a_failing_step_stops_the_run_and_is_named(tmp_path: Path) -> None:
    out = io.StringIO()
    ran: list[str] = []

    def fine() -> str:
        ran.append("fine")
        return "ayrıntı"

    def broken() -> str:
        raise StepFailed("sayfada barkod bulunamadı")

    def never() -> str:
        ran.append("never")
        return ""

    code = SelfTest(tmp_path, out).run(
        [("step.receipt", fine), ("step.barcode", broken), ("step.sync", never)])
    assert code == EXIT_FAILED
    assert ran == ["fine"]
    text = out.getvalue()
    assert f"{TEXT['ok']}{TEXT['step.receipt']}: ayrıntı" in text
    assert f"{TEXT['failed']}{TEXT['step.barcode']}: sayfada barkod bulunamadı" in text
    assert text.rstrip().endswith(TEXT["stopped"].format(step=TEXT["step.barcode"]))


def test_an_unexpected_error_in_a_step_is_reported_with_its_details(tmp_path: Path) -> None:
    out = io.StringIO()

    def crashes() -> str:
        raise OSError(28, "No space left on device")

    assert SelfTest(tmp_path, out).run([("step.data", crashes)]) == EXIT_FAILED
    text = out.getvalue()
    assert "OSError: [Errno 28] No space left on device" in text
    assert "Traceback" in text
