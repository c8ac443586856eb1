"""The citizen's information notice under KVKK (law 6698, article 10: aydınlatma metni).

Its text is reference data (``resources/reference/privacy_notice.json``), in Turkish and
English, with the version and the source it follows; an institution replaces the file with
its own text. ``{institution}`` in a paragraph is the institution's name from the settings.
The desk prints it after the receipt when ``receipt_privacy_notice`` is on
(``services/printouts.py``, ``printing/privacy_notice.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from resources import REFERENCE_DIR

PRIVACY_NOTICE_FILE = "privacy_notice.json"


@dataclass(frozen=True)
class PrivacyNotice:
    version: str
    title: str
    paragraphs: tuple[str, ...]


class PrivacyNoticeError(ValueError):
    """The notice file is missing a language, a title or its paragraphs."""


def load_privacy_notice(language: str, institution: str,
                        path: Path = REFERENCE_DIR / PRIVACY_NOTICE_FILE) -> PrivacyNotice:
    """The notice in ``language`` (Turkish when that language has none)."""
    document = json.loads(path.read_text("utf-8"))
    text = document.get(language) or document.get("tr")
    if not isinstance(text, dict):
        raise PrivacyNoticeError("no Turkish text")
    title, paragraphs = text.get("title"), text.get("paragraphs")
    if not isinstance(title, str) or not isinstance(paragraphs, list) or not paragraphs \
            or not all(isinstance(p, str) and p.strip() for p in paragraphs):
        raise PrivacyNoticeError("a title and its paragraphs are needed")
    return PrivacyNotice(str(document.get("version", "")), title,
                         tuple(p.replace("{institution}", institution) for p in paragraphs))
