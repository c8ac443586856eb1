"""``bimer-desktop import`` with attachment paths, ``list --json`` with attachments, settings."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import requests

from bimer_desktop.cli import main
from bimer_desktop.settings import SettingsError, load_settings
from tests.conftest import in_person_form, make_desk
from tests.services.attachment_samples import (
    encrypted_pdf,
    executable_bytes,
    tiff_scan,
    turkish_pdf,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "applications.jsonl"


def line(**extra: Any) -> str:
    return json.dumps({**vars(in_person_form()), **extra}, ensure_ascii=False)


def listed(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main([*args, "list", "--json"]) == 0
    result: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return result


def test_import_attaches_files_relative_to_the_jsonl_and_list_shows_them(
        tmp_path: Path, central_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "toplu"
    (batch / "taramalar").mkdir(parents=True)
    pdf, tif = turkish_pdf(pages=2), tiff_scan(pages=3)
    (batch / "taramalar" / "dilekçe.pdf").write_bytes(pdf)
    (batch / "taramalar" / "ekler.tif").write_bytes(tif)
    jsonl = batch / "başvurular.jsonl"
    jsonl.write_text(line(attachments=["taramalar/dilekçe.pdf", "taramalar/ekler.tif"]) + "\n",
                     "utf-8")
    args = ["--data-dir", str(tmp_path / "desk"), "--central", central_url]
    # Enrolled and logged in at this desk: the commands use the last login's saved token.
    with make_desk(tmp_path / "desk", central_url) as desk:
        credentials = desk.desk_auth.headers()

    assert main([*args, "import", str(jsonl)]) == 0
    before = listed(args, capsys)
    assert main([*args, "sync"]) == 0
    after = listed(args, capsys)

    expected = [
        {"name": "dilekçe.pdf", "size": len(pdf), "media_type": "application/pdf",
         "sha256": hashlib.sha256(pdf).hexdigest(), "page_count": 2},
        {"name": "ekler.tif", "size": len(tif), "media_type": "image/tiff",
         "sha256": hashlib.sha256(tif).hexdigest(), "page_count": 3},
    ]
    keys = ("name", "size", "media_type", "sha256", "page_count")
    assert [{k: a[k] for k in keys} for a in before[0]["attachments"]] == expected
    assert [(a["uploaded"], a["upload_state"], a["local_copy"])
            for a in before[0]["attachments"]] == [(False, "pending", True)] * 2
    assert [(a["uploaded"], a["upload_state"]) for a in after[0]["attachments"]] == [
        (True, "done")] * 2
    remote = requests.get(f"{central_url}/api/v1/applications/{after[0]['central_number']}",
                          headers=credentials, timeout=5).json()
    assert remote["complete"] is True
    assert [a["name"] for a in remote["attachments"]] == ["dilekçe.pdf", "ekler.tif"]


def test_a_refused_file_rejects_its_line_with_the_files_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "program.pdf").write_bytes(executable_bytes())
    (tmp_path / "gizli.pdf").write_bytes(encrypted_pdf())
    (tmp_path / "boş.pdf").write_bytes(b"")
    (tmp_path / "iyi.pdf").write_bytes(turkish_pdf())
    (tmp_path / "outside.pdf").write_bytes(turkish_pdf())
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "iyi.pdf").write_bytes(turkish_pdf())
    jsonl = batch / "karışık.jsonl"
    jsonl.write_text("\n".join([
        line(attachments=["iyi.pdf"]),
        line(attachments=["../program.pdf"]),
        line(attachments=["yok.pdf", "iyi.pdf"]),
        line(attachments=[str(tmp_path / "iyi.pdf")]),
        line(attachments="iyi.pdf"),
        line(tckn="12345678901", attachments=["yok.pdf"]),
    ]) + "\n", "utf-8")
    (batch / "sub").mkdir()
    (batch / "sub" / "gizli.pdf").write_bytes(encrypted_pdf())
    (batch / "boş.pdf").write_bytes(b"")
    with jsonl.open("a", encoding="utf-8") as handle:
        handle.write(line(attachments=["sub/gizli.pdf", "boş.pdf"]) + "\n")
    args = ["--data-dir", str(tmp_path / "desk")]

    code = main([*args, "import", str(jsonl)])

    out = capsys.readouterr().out
    assert code == 1
    assert "satır 1: kaydedildi, başvuru numarası 06-01-" in out
    assert ("satır 2: Ekler (attachments): ../program.pdf: Ek yolu JSONL dosyasının "
            "klasörünün dışına çıkamaz.") in out
    assert "satır 3: Ekler (attachments): yok.pdf: Dosya bulunamadı." in out
    assert "satır 4: Ekler (attachments): " in out and "Mutlak yol kabul edilmez" in out
    assert "satır 5: Ekler (attachments): Ekler, dosya yollarından oluşan bir liste" in out
    assert "satır 6: T.C. Kimlik No (tckn): T.C. Kimlik No geçersiz" in out
    assert "satır 6: Ekler (attachments): yok.pdf: Dosya bulunamadı." in out
    assert ("satır 7: Ekler (attachments): sub/gizli.pdf: PDF şifreli (parola korumalı); "
            "şifresiz kaydedip yeniden ekleyin.") in out
    assert "satır 7: Ekler (attachments): boş.pdf: Dosya boş (0 bayt)" in out
    assert "Kaydedilen: 1  Zaten kayıtlı: 0  Reddedilen satır: 6" in out
    applications = listed(args, capsys)
    assert [len(a["attachments"]) for a in applications] == [1]


def test_a_program_renamed_to_pdf_in_an_import_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dilekçe.pdf").write_bytes(executable_bytes())
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(line(attachments=["dilekçe.pdf"]) + "\n", "utf-8")

    assert main(["--data-dir", str(tmp_path / "desk"),
                 "import", str(jsonl)]) == 1
    assert ("satır 1: Ekler (attachments): dilekçe.pdf: Dosya bir program (çalıştırılabilir "
            "dosya), belge değil; eklenemez.") in capsys.readouterr().out


def test_the_example_letter_carries_its_scan(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data-dir", str(tmp_path)]
    assert main([*args, "import", str(EXAMPLES)]) == 0
    letters = [a for a in listed(args, capsys) if a["attachments"]]
    assert [(a["channel"], [f["name"] for f in a["attachments"]]) for a in letters] == [
        ("letter", ["mektup-ozturk.pdf"])]
    assert letters[0]["attachments"][0]["page_count"] == 1


def test_the_limits_are_declared_settings(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    limits = settings.attachment_limits
    assert (limits.max_file_bytes, limits.max_application_bytes, limits.max_pixels) == (
        20 * 1024 * 1024, 50 * 1024 * 1024, 80_000_000)
    assert settings.attachment_retention_days == 30

    (tmp_path / "settings.json").write_text(json.dumps({"attachment_max_file_mb": 5}), "utf-8")
    assert load_settings(tmp_path).attachment_limits.max_file_bytes == 5 * 1024 * 1024
    for wrong in ({"attachment_max_file_mb": 0},
                  {"attachment_max_file_mb": 60, "attachment_max_application_mb": 50},
                  {"attachment_max_megapixels": 200},
                  {"attachment_retention_days": -1}):
        (tmp_path / "settings.json").write_text(json.dumps(wrong), "utf-8")
        with pytest.raises(SettingsError):
            load_settings(tmp_path)


def test_a_small_file_limit_in_settings_refuses_at_import(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    (data_dir / "settings.json").write_text(json.dumps({"attachment_max_file_mb": 1}), "utf-8")
    (tmp_path / "büyük.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(line(attachments=["büyük.pdf"]) + "\n", "utf-8")

    assert main(["--data-dir", str(data_dir),
                 "import", str(jsonl)]) == 1
    assert ("büyük.pdf: Dosya çok büyük (1,1 MB); bir ek en çok 1 MB olabilir."
            in capsys.readouterr().out)
