"""Hostile files are bounded (issue 18, item 5): each is refused or rendered small, and the
process that meets it stays under 300 MB — measured, in a fresh process per file.

Before: the 1 GiB inflation bomb passed the check (and its preview took 2.2 GB); the
100,000-page PDF took 399 MB and 17 s; a 200-inch page rendered at 150 dpi took 6.9 GB; an
application with over 500 attachments was saved and the central service refused it forever.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from bimer_desktop.app import Desk
from models.central_limits import MAX_ATTACHMENTS, MAX_BLOB_BYTES
from models.envelope import ApplicationEnvelope
from services.attachment_limits import MIB, AttachmentLimits
from services.attachments import AttachmentRefused, AttachmentService
from services.intake import IntakeService
from tests.conftest import in_person_form
from tests.services.attachment_samples import png_image
from tests.services.hostile_pdfs import huge_page, write_hostile

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 300


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_hostile(tmp_path_factory.mktemp("hostile"))


def in_a_fresh_process(action: str, path: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "tests.services.hostile_child", action,
                           str(path)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize(("name", "words"), [
    ("inflation-bomb", "aşırı büyüyor"),
    ("many-pages", "çok fazla sayfa var (100000)"),
    ("huge-image", "10.000 milyon piksel"),
])
def test_a_hostile_pdf_is_refused_within_300_mb(hostile: dict[str, Path], name: str,
                                                words: str) -> None:
    result = in_a_fresh_process("check", hostile[name])
    assert str(result["outcome"]).startswith("refused: ")
    assert words in str(result["outcome"])
    assert float(str(result["peak_mb"])) < PEAK_MB, result


def test_a_huge_page_is_rendered_small_within_300_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge-page.pdf"
    path.write_bytes(huge_page())
    result = in_a_fresh_process("render", path)
    width, height = (int(n) for n in str(result["outcome"]).split()[1].split("x"))
    assert width * height <= 18_100_000
    assert float(str(result["peak_mb"])) < PEAK_MB, result


def test_the_desk_takes_the_central_services_attachment_count() -> None:
    assert AttachmentLimits().count_problem(MAX_ATTACHMENTS) is None
    assert "en çok 500 ek" in str(AttachmentLimits().count_problem(MAX_ATTACHMENTS + 1))
    refs = [{"sha256": f"{n:064x}", "media_type": "image/png", "size": 1,
             "original_name": "a.png", "page_count": 1} for n in range(MAX_ATTACHMENTS + 1)]
    body = {"uuid": "00000000-0000-4000-8000-000000000001",
            "station_number": "06-01-2026-000001", "station_code": "06-01",
            "created_at": "2026-12-05T10:00:00+03:00", "created_by": "memur1",
            "application": {}, "attachments": refs}
    with pytest.raises(ValidationError, match="attachments"):
        # what the central service refuses (FastAPI validates a body the same way)
        TypeAdapter(ApplicationEnvelope).validate_python(body)


def test_a_file_size_setting_above_the_central_limit_is_held_to_it() -> None:
    limits = AttachmentLimits.from_settings(1024, 4096, 80)
    assert limits.max_file_bytes == MAX_BLOB_BYTES
    assert limits.file_problem(MAX_BLOB_BYTES + 1) is not None
    assert AttachmentLimits.from_settings(20, 50, 80).max_file_bytes == 20 * MIB


def test_a_draft_and_an_application_hold_no_more_attachments_than_the_central_takes(
        offline_desk: Desk) -> None:
    limits = replace(AttachmentLimits(), max_attachments=2)
    attachments = AttachmentService(offline_desk.db, offline_desk.blobs, limits,
                                    offline_desk.clock)
    draft = offline_desk.drafts.save("memur1", in_person_form())
    for n in range(2):
        attachments.add_to_draft(draft, "memur1", f"{n}.png", png_image(colour=(n, 0, 0)))
    with pytest.raises(AttachmentRefused, match="en çok 2 ek"):
        attachments.add_to_draft(draft, "memur1", "2.png", png_image(colour=(2, 0, 0)))

    intake = IntakeService(offline_desk.db, "06-01", offline_desk.reference,
                           offline_desk.clock, attachment_limits=limits)
    extra = attachments.store(attachments.check("3.png", png_image(colour=(3, 0, 0))))
    outcome = intake.save(in_person_form(), "memur1", draft_id=draft, attachments=[extra])
    assert not outcome.ok
    assert "en çok 2 ek" in outcome.errors["attachments"]
