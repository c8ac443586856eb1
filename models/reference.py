"""Reference data the forms choose from: subjects and their sub-subjects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SubSubject:
    code: str
    name: str


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    sub_subjects: tuple[SubSubject, ...]


@dataclass(frozen=True)
class SubjectCatalog:
    version: str
    subjects: tuple[Subject, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SubjectCatalog:
        return cls(
            version=str(data["version"]),
            subjects=tuple(
                Subject(
                    code=str(s["code"]),
                    name=str(s["name"]),
                    sub_subjects=tuple(
                        SubSubject(str(ss["code"]), str(ss["name"])) for ss in s["sub_subjects"]
                    ),
                )
                for s in data["subjects"]
            ),
        )

    def codes(self) -> dict[str, frozenset[str]]:
        """The view ``validate_application`` checks codes against."""
        return {s.code: frozenset(ss.code for ss in s.sub_subjects) for s in self.subjects}

    def subject_name(self, code: str) -> str:
        return next((s.name for s in self.subjects if s.code == code), code)

    def sub_subject_name(self, subject_code: str, code: str) -> str:
        for s in self.subjects:
            if s.code == subject_code:
                return next((ss.name for ss in s.sub_subjects if ss.code == code), code)
        return code
