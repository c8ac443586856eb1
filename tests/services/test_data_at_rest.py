"""A desk's data folder copied to another PC yields no citizen's data; the recovery key, and
only it, brings the data back (services/data_key.py, docs/security.md)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from bimer_desktop.app import BACKUPS_DIR_NAME, DATABASE_FILE_NAME, Desk
from bimer_desktop.cli import main
from models.backups import backup_database
from models.entities import Application
from models.samples import VALID_TCKN, in_person_sample
from services.case_search import CaseFilter
from services.credentials import KEY_DIR_VARIABLE, backend_for, key_folder
from services.data_key import DATA_KEY_ENTRY, PENDING_RECOVERY_ENTRY, WRAPPED_KEY_FILE_NAME
from services.desk_identity import DeskStartError
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.conftest import make_desk
from tests.desk_sql import files_containing

CLOSED = "http://127.0.0.1:9"
FORM = in_person_sample(text="Mahallemizdeki parkın aydınlatması üç aydır yanmıyor.")
SECRETS = [VALID_TCKN, FORM.first_name, FORM.last_name, "Atatürk Bulvarı",
           "ayse.yilmaz@example.com", "parkın aydınlatması"]


def scan_with_identity() -> bytes:
    """A 'scanned' PDF that carries the citizen's ID number and name in plain bytes."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0)
    canvas.setTitle(f"Dilekce {VALID_TCKN} Ayse Yilmaz")
    canvas.drawString(72, 720, f"T.C. {VALID_TCKN} Ayse Yilmaz")
    canvas.showPage()
    canvas.save()
    data = out.getvalue()
    assert VALID_TCKN.encode() in data  # the test would prove nothing otherwise
    return data


def busy_desk(data_dir: Path) -> tuple[str, str]:
    """A desk that took an application with a scan, kept a draft, printed a receipt to a
    PDF and made a backup; returns (station number, attachment sha256)."""
    with make_desk(data_dir, CLOSED) as desk:
        stored = desk.attachments.store(desk.attachments.check("dilekce.pdf",
                                                               scan_with_identity()))
        outcome = desk.intake.save(FORM, "memur1", attachments=[stored])
        assert outcome.ok and outcome.station_number
        desk.drafts.save("memur1", in_person_sample(text="Yarım kalan: parkın aydınlatması"))
        desk.saved_filters.save("memur1", f"{FORM.last_name} ailesi", CaseFilter())
        assert list(desk.saved_filters.list("memur1")) == [f"{FORM.last_name} ailesi"]
        output = PdfFile(desk.config.pdf_folder / "receipt.pdf")
        desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, outcome.station_number),
                               "memur1", output)
        assert output.path.exists() and not output.path.is_relative_to(data_dir)
        backup_database(data_dir / DATABASE_FILE_NAME, data_dir / BACKUPS_DIR_NAME, "now",
                        keep=5, data_key=desk_key_of(data_dir))
        # While the desk is open its WAL holds the newest pages too.
        assert files_containing(data_dir, SECRETS) == []
        return outcome.station_number, stored.sha256


def desk_key_of(data_dir: Path) -> bytes:
    stored = backend_for(data_dir).get(DATA_KEY_ENTRY)
    assert stored is not None
    return bytes.fromhex(stored)


def test_a_new_desk_keeps_its_key_outside_the_data_folder_and_shows_the_recovery_key_once(
        tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with make_desk(data_dir, CLOSED) as desk:
        pending = desk.data_keys.pending_recovery_key()
        assert pending is not None and len(pending) == 47
        assert (data_dir / WRAPPED_KEY_FILE_NAME).exists()
        key_files = list(key_folder().rglob("*"))
        assert key_files and not any(p.is_relative_to(data_dir) for p in key_files)
        assert pending.encode() not in b"".join(
            p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
        desk.data_keys.acknowledge_recovery_key()
        assert desk.data_keys.pending_recovery_key() is None
    with make_desk(data_dir, CLOSED) as desk:  # the same key the next time
        assert desk.data_keys.pending_recovery_key() is None
        assert backend_for(data_dir).get(PENDING_RECOVERY_ENTRY) is None


def test_a_copied_data_folder_yields_nothing_until_the_recovery_key_is_typed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "desk"
    number, sha256 = busy_desk(data_dir)
    with make_desk(data_dir, CLOSED) as desk:
        recovery = desk.data_keys.pending_recovery_key()
    assert recovery is not None
    assert files_containing(data_dir, SECRETS) == []

    # Another PC: the data folder copied, not the OS user's keyring or key folder.
    other = tmp_path / "other-pc" / "desk"
    shutil.copytree(data_dir, other)
    monkeypatch.setenv(KEY_DIR_VARIABLE, str(tmp_path / "other-pc" / "keys"))
    with pytest.raises(DeskStartError, match="recover-key"):
        make_desk(other, CLOSED)
    assert main(["--data-dir", str(other), "list"]) == 1
    assert "recover-key" in capsys.readouterr().err

    monkeypatch.setattr("sys.stdin", io.StringIO("AAAAA-" * 7 + "AAAAA\n"))
    assert main(["--data-dir", str(other), "recover-key"]) == 2
    assert "açmıyor" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(recovery.lower().replace("-", " ") + "\n"))
    assert main(["--data-dir", str(other), "recover-key"]) == 0
    assert "geri getirildi" in capsys.readouterr().out

    desk: Desk = make_desk(other, CLOSED)
    try:
        [view] = desk.queries.list_applications()
        assert view.station_number == number
        with desk.db.sessions() as session:
            row = session.get(Application, view.id)
            assert row is not None and (row.tckn, row.text) == (VALID_TCKN, FORM.text)
        assert desk.attachments.read(sha256) == scan_with_identity_bytes(desk, sha256)
        assert desk.data_keys.pending_recovery_key() is None  # the paper is already kept
    finally:
        desk.close()


def scan_with_identity_bytes(desk: Desk, sha256: str) -> bytes:
    data = desk.blobs.read_verified(sha256)
    assert VALID_TCKN.encode() in data  # opened: the scan as it was attached
    return data


def test_a_plain_desk_s_attachments_are_sealed_in_place_at_the_upgrade(tmp_path: Path) -> None:
    from services.blob_store import BlobStore

    data_dir = tmp_path / "desk"
    plain = BlobStore(data_dir / "blobs")  # as an older release stored them
    scan = scan_with_identity()
    stored = plain.put(scan)
    assert VALID_TCKN.encode() in plain.path(stored.sha256).read_bytes()
    with make_desk(data_dir, CLOSED) as desk:
        assert desk.blobs.read_verified(stored.sha256) == scan
        assert desk.blobs.holds(stored.sha256, len(scan))
    assert files_containing(data_dir, [VALID_TCKN]) == []
    assert os.listdir(data_dir / "blobs" / stored.sha256[:2]) == [stored.sha256[2:]]
