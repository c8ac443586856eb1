"""``bimer-desktop import x.eml`` and ``bimer-desktop drafts``, as a mailroom clerk runs them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bimer_desktop.cli import main
from models.application_form import ApplicationForm
from tests.services.test_email_import import JPEG, PDF, citizen_mail


def desk_args(tmp_path: Path) -> list[str]:
    # A training desk: its own clerk, no login (docs/security.md). Drafts are per clerk:
    # tests/ui/test_login_session.py switches clerks.
    return ["--data-dir", str(tmp_path / "desk")]


def drafts_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main([*desk_args(tmp_path), "drafts", "--json"]) == 0
    result: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return result


def test_an_eml_becomes_a_draft_listed_with_its_attachments(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = tmp_path / "başvuru.eml"
    mail.write_bytes(citizen_mail())

    code = main([*desk_args(tmp_path), "import", str(mail)])

    out = capsys.readouterr().out
    assert code == 0
    assert out == f"{mail}: taslak 1 oluşturuldu (2 ek)\n"
    (draft,) = drafts_json(tmp_path, capsys)
    assert {k: draft[k] for k in ("id", "channel", "source")} == {
        "id": 1, "channel": "email", "source": "email"}
    assert draft["created_at"] == draft["updated_at"]
    form = draft["form"]
    assert isinstance(form, dict) and set(form) == set(ApplicationForm.field_names())
    assert form["email"] == "ayse.yilmaz@example.com"
    assert form["email_subject"] == "Şikâyet: çöpler toplanmıyor"
    assert form["application_type"] == ""
    assert draft["attachments"] == [
        {"name": "dilekçe örneği.pdf", "size": len(PDF), "media_type": "application/pdf",
         "sha256": hashlib.sha256(PDF).hexdigest()},
        {"name": "şikâyet_fotoğrafı.jpg", "size": len(JPEG), "media_type": "image/jpeg",
         "sha256": hashlib.sha256(JPEG).hexdigest()},
    ]


def test_several_files_each_get_a_line_and_one_failure_makes_exit_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, empty, cp1254 = tmp_path / "iyi.eml", tmp_path / "boş.EML", tmp_path / "eski.eml"
    good.write_bytes(citizen_mail())
    empty.write_bytes(b"")
    cp1254.write_bytes("From: a@example.com\r\nDate: Tue, 24 Nov 2026 10:00:00 +0300\r\n"
                       "Content-Type: text/plain\r\n\r\nğüşıöç\r\n".encode("cp1254"))

    code = main([*desk_args(tmp_path), "import", str(good), str(empty), str(cp1254)])

    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[0] == f"{good}: taslak 1 oluşturuldu (2 ek)"
    assert lines[1] == f"{empty}: alınamadı: Dosya boş."
    assert lines[2] == f"{cp1254}: taslak 2 oluşturuldu (0 ek)"
    assert lines[3].startswith("  uyarı: E-posta metninde karakter kümesi belirtilmemiş")
    assert [d["id"] for d in drafts_json(tmp_path, capsys)] == [2, 1]


def test_an_unreadable_eml_exits_2_like_an_unreadable_jsonl(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*desk_args(tmp_path), "import", str(tmp_path / "yok.eml")])
    assert code == 2
    assert "dosya okunamadı" in capsys.readouterr().err


def test_jsonl_and_eml_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[2]
    mail = tmp_path / "a.eml"
    mail.write_bytes(citizen_mail())

    code = main([*desk_args(tmp_path), "import", str(root / "examples" / "applications.jsonl"),
                 str(mail)])

    out = capsys.readouterr().out
    assert code == 0
    assert "applications.jsonl:\nsatır 1: kaydedildi, başvuru numarası" in out
    assert f"{mail}: taslak 1 oluşturuldu (2 ek)" in out


def test_drafts_as_text_show_masked_labels_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = tmp_path / "a.eml"
    mail.write_bytes(citizen_mail())
    main([*desk_args(tmp_path), "import", str(mail)])
    capsys.readouterr()

    assert main([*desk_args(tmp_path), "drafts"]) == 0

    out = capsys.readouterr().out
    assert "A*** Y***** — E-posta: Şikâyet: çöpler toplanmıyor" in out
    assert "E-posta" in out and "(2 ek)" in out and "Toplam: 1" in out
    assert "Ayşe" not in out and "ayse.yilmaz" not in out


def test_nothing_personal_reaches_the_log(tmp_path: Path) -> None:
    mail = tmp_path / "a.eml"
    mail.write_bytes(citizen_mail())
    main([*desk_args(tmp_path), "import", str(mail)])
    main([*desk_args(tmp_path), "drafts", "--json"])

    log = (tmp_path / "desk" / "logs" / "desk.log").read_text("utf-8")
    assert "draft 1 created (email, 2 attachments)" in log
    for secret in ("Ayşe", "Yılmaz", "ayse.yilmaz", "Şikâyet", "çöpler", "Sokağımızdaki",
                   "dilekçe"):
        assert secret not in log
