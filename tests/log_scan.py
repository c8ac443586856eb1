"""What must never be in a log: the sample citizens' ID numbers, names, addresses, phones,
e-mails and texts (``models/samples.py``), and where a log holds one. Used by
``tests/test_log_scan.py`` and by the session-end scan in ``tests/conftest.py``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.application_form import ApplicationForm
from models.samples import (
    DENUNCIATION_SAMPLE,
    EXTRA_SAMPLE,
    ORGANIZATION_SAMPLE,
    RETURNING_FORMS,
    SAMPLE_FORMS,
    fax_sample,
    letter_sample,
)

_TEXT_FIELDS = ("address", "contact_address", "text", "sender_as_written", "location_detail",
                "requested_information")
# The e-mail sample's sender (models/samples.sample_email).
_EMAIL_SENDER = ("Fatma Şimşek", "fatma.simsek@example.com")


@dataclass(frozen=True)
class Needle:
    kind: str  # "tckn", "name", "phone", "email", "text"
    pattern: re.Pattern[str]

    def __str__(self) -> str:
        return f"{self.kind} {self.pattern.pattern!r}"


def sample_forms() -> list[ApplicationForm]:
    today = date.today()
    return [*SAMPLE_FORMS, EXTRA_SAMPLE, *RETURNING_FORMS, ORGANIZATION_SAMPLE,
            DENUNCIATION_SAMPLE, letter_sample(today), fax_sample(today)]


def _literal(kind: str, value: str) -> Needle:
    return Needle(kind, re.compile(re.escape(value)))


def _word(kind: str, value: str) -> Needle:
    return Needle(kind, re.compile(rf"(?<!\w){re.escape(value)}(?!\w)"))


def needles() -> list[Needle]:
    found: dict[str, Needle] = {}

    def add(needle: Needle) -> None:
        found.setdefault(needle.pattern.pattern, needle)

    for form in sample_forms():
        if form.tckn:
            add(_word("tckn", form.tckn))
        full = f"{form.first_name} {form.last_name}".strip()
        if form.first_name and form.last_name:
            add(_literal("name", full))
            add(_word("name", form.last_name))
        for phone in (form.mobile_phone, form.fax_number):
            digits = re.sub(r"\D", "", phone)
            if digits:
                add(_literal("phone", phone))
                add(_word("phone", digits[-10:]))  # as normalised: 5321234567, +90...
        if form.email:
            add(_literal("email", form.email))
        for key in _TEXT_FIELDS:
            value = str(getattr(form, key) or "").strip()
            if len(value) >= 12:
                add(_literal("text", value[:30]))  # a prefix: texts get cut in messages
    add(_literal("name", _EMAIL_SENDER[0]))
    add(_literal("email", _EMAIL_SENDER[1]))
    return list(found.values())


def log_files(root: Path) -> Iterator[Path]:
    """Every log a desk or a central service wrote under ``root``: ``logs/`` folders (the
    desk's rotating ``desk.log`` and its rotations) and any ``*.log`` file."""
    for path in root.rglob("*"):
        if path.is_file() and (path.parent.name == "logs" or ".log" in path.name):
            yield path


def scan(paths: Iterable[Path]) -> list[tuple[Path, Needle]]:
    wanted = needles()
    hits: list[tuple[Path, Needle]] = []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        hits.extend((path, needle) for needle in wanted if needle.pattern.search(text))
    return hits

