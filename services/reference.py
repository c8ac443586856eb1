"""Reference data for the forms. Bundled copy for now; the central service's copy later."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from models.reference import SubjectCatalog


class ReferenceService:
    def __init__(self, subjects_file: Path) -> None:
        self._subjects_file = subjects_file

    @cached_property
    def subjects(self) -> SubjectCatalog:
        return SubjectCatalog.from_json(json.loads(self._subjects_file.read_text("utf-8")))

    @cached_property
    def subject_codes(self) -> dict[str, frozenset[str]]:
        return self.subjects.codes()
