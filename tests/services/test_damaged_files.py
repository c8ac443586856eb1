"""Files that are not what they seem (issue 18, items 6 and 8): a named pipe offered as an
attachment, a truncated local copy of an attachment."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bimer_desktop.app import Desk
from bimer_desktop.cli import main
from services.attachments import AttachmentRefused, AttachmentUnavailable
from tests.conftest import in_person_form
from tests.services.attachment_samples import turkish_pdf


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_for_what_it_is_without_blocking(
        offline_desk: Desk, tmp_path: Path) -> None:
    """It was refused as "a folder" (and reading it would wait for a writer for ever)."""
    pipe = tmp_path / "tarama.pdf"
    os.mkfifo(pipe)
    with pytest.raises(AttachmentRefused, match="adlandırılmış kanal") as refused:
        offline_desk.attachments.read_file(pipe)
    assert "klasör" not in str(refused.value)


def test_a_truncated_local_copy_is_not_counted_as_present(
        offline_desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = offline_desk.drafts.save("memur1", in_person_form())
    pdf = turkish_pdf(pages=2)
    attached = offline_desk.attachments.add_to_draft(draft, "memur1", "dilekçe.pdf", pdf)
    assert offline_desk.intake.save(in_person_form(), "memur1", draft_id=draft).ok
    copy = offline_desk.blobs.path(attached.sha256)
    copy.write_bytes(pdf[: len(pdf) // 2])  # a full disk, a copy interrupted by hand

    assert not offline_desk.blobs.holds(attached.sha256, len(pdf))
    with pytest.raises(AttachmentUnavailable, match="bozulmuş"):
        offline_desk.attachments.read(attached.sha256)  # one Turkish line for the viewer
    capsys.readouterr()
    # The same data folder as a training desk: listing needs no login there.
    assert main(["--data-dir", str(offline_desk.config.data_dir), "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["local_copy"] for a in listed[0]["attachments"]] == [False]

    # Attached again, the whole copy is put back.
    draft = offline_desk.drafts.save("memur1", in_person_form())
    offline_desk.attachments.add_to_draft(draft, "memur1", "dilekçe.pdf", pdf)
    assert offline_desk.blobs.holds(attached.sha256, len(pdf))
