"""The e-mail import against material nobody here wrote: the test suites of public
mail-parsing projects (tests/services/mail_corpus/SOURCES) and generated hostile cases
(tests/services/hostile_mail.py). Every message becomes a draft or a clear Turkish
refusal — never a traceback — and no text of a message is lost on the way."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from email import policy
from email.message import Message
from email.parser import BytesParser
from pathlib import Path

import pytest

from bimer_desktop.app import Desk
from services.email_import import EmailImportError, parse_eml
from tests.services.hostile_mail import CORPUS, Case, corpus_files, generated_cases

RECEIVED = date(2026, 11, 24)
CASES = generated_cases()
# Words of a line, for comparing text across line wrapping and quoting.
_NOT_ASCII_COMPATIBLE = ("utf-7", "utf-16", "utf-32", "iso-2022", "hz")
_WORD = re.compile(r"[A-Za-z0-9']{2,}")


def _plain_lines(message: Message) -> list[str]:
    """Lines of every plain-text part that is not a file, as the standard library reads
    them on its own (ASCII lines of four words or more: robust across charsets)."""
    lines = []
    for part in message.walk():
        try:
            if part.get_content_type() != "text/plain" or part.get_filename():
                continue
            if (part.get_content_charset() or "").startswith(_NOT_ASCII_COMPATIBLE):
                continue  # its bytes do not spell its words: compared by the cases instead
            payload = part.get_payload(decode=True)
        except Exception:
            continue
        if not isinstance(payload, bytes):
            continue
        text = payload.decode("latin-1")
        if "\nbegin " in f"\n{text}":
            continue  # a uuencoded file: it becomes an attachment, not text
        for line in text.splitlines():
            words = _WORD.findall(line)
            if (len(words) >= 4 and line.isascii() and "<" not in line
                    and not line.lstrip().startswith(">")):
                lines.append(" ".join(words))
    return lines


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_real_message_is_a_draft_or_a_clear_refusal(path: Path) -> None:
    data = path.read_bytes()
    try:
        parsed = parse_eml(data, received=RECEIVED)
    except EmailImportError as refusal:
        assert str(refusal)  # Turkish, for the clerk
        return
    text = " ".join(_WORD.findall(parsed.form.text))
    try:
        reference = BytesParser(policy=policy.compat32).parsebytes(data)
    except Exception:
        return
    lost = [line for line in _plain_lines(reference) if line not in text]
    assert lost == [], f"text lost from {path.name}: {lost[:3]}"


def test_the_corpus_is_the_public_fixture_sets() -> None:
    files = corpus_files()
    by_source = {folder: sum(1 for f in files if f.relative_to(CORPUS).parts[0] == folder)
                 for folder in ("cpython", "mikel-mail", "zbateson", "flanker")}
    assert all(count > 20 for count in by_source.values()), by_source
    assert len(files) + len(CASES) >= 330
    assert "tnefparse/" in (CORPUS / "SOURCES").read_text("utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_hostile_case_is_what_it_must_be(offline_desk: Desk, case: Case) -> None:
    service = offline_desk.email_import
    if case.refused:
        with pytest.raises(EmailImportError):
            service.import_message(case.data, "memur", received=RECEIVED)
        return
    result = service.import_message(case.data, "memur", received=RECEIVED)
    draft = offline_desk.drafts.get(result.draft_id, "memur")
    assert draft is not None
    for piece in case.text:
        assert piece in draft.form.text
    names = [attachment.original_name for attachment in draft.attachments]
    assert set(case.files) <= set(names), names
    for expected in case.notices:
        assert any(expected in notice for notice in result.notices), result.notices


def test_forwarded_messages_are_kept_whole_as_eml(offline_desk: Desk) -> None:
    case = next(c for c in CASES if c.name == "forwarded")
    result = offline_desk.email_import.import_message(case.data, "memur", received=RECEIVED)
    draft = offline_desk.drafts.get(result.draft_id, "memur")
    assert draft is not None
    (kept,) = draft.attachments
    assert kept.media_type == "message/rfc822"
    inner = BytesParser(policy=policy.default).parsebytes(offline_desk.blobs.open(kept.sha256))
    assert "Mehmet" in str(inner["From"])


def test_a_winmail_dat_is_unpacked_and_its_files_named(offline_desk: Desk) -> None:
    case = next(c for c in CASES if c.name == "winmail-two-files")
    result = offline_desk.email_import.import_message(case.data, "memur", received=RECEIVED)
    notices = " ".join(result.notices)
    assert "winmail.dat" in notices and "2 dosya" in notices
    # AUTHORS and README are text files, refused by the same checks as a scan: by name.
    assert "AUTHORS" in notices and "README" in notices


def test_a_multi_file_import_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    """The CLI over hostile files: every file gets its line, and the last one is imported."""
    names = ["date-9999", "nested-3000", "utf7-lone-surrogate", "empty", "forwarded"]
    paths = []
    for index, name in enumerate(names):
        path = tmp_path / f"{index}-{name}.eml"
        path.write_bytes(next(c for c in CASES if c.name == name).data)
        paths.append(str(path))
    data_dir = tmp_path / "desk"
    finished = subprocess.run(
        # A training desk: importing e-mails into drafts sends nothing.
        [sys.executable, "-m", "bimer_desktop", "--data-dir", str(data_dir), "--user", "memur",
         "import", *paths],
        capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in finished.stderr + finished.stdout
    assert finished.returncode == 1  # two files refused
    lines = [line for line in finished.stdout.splitlines() if line.endswith(
        ("oluşturuldu (0 ek)", "oluşturuldu (1 ek)")) or "alınamadı" in line]
    assert len(lines) == len(names), finished.stdout
    assert "4-forwarded.eml: taslak" in finished.stdout
