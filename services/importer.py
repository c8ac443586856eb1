"""Batch import of applications from JSON Lines (format: docs/import-format.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from models.application_form import FIELD_LABELS, ApplicationForm
from services.intake import IntakeService

LINE_FIELD = "satır"


@dataclass(frozen=True)
class LineRejection:
    line: int
    field: str
    message: str

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass
class ImportReport:
    saved: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[LineRejection] = field(default_factory=list)


class ImportService:
    def __init__(self, intake: IntakeService) -> None:
        self._intake = intake

    def import_lines(self, lines: Iterable[bytes], user: str) -> ImportReport:
        """Save every valid line (each in its own transaction); report every invalid one."""
        report = ImportReport()
        for number, raw in enumerate(lines, start=1):
            problems = self._import_line(number, raw, user, report)
            report.rejected.extend(problems)
        return report

    def _import_line(
        self, number: int, raw: bytes, user: str, report: ImportReport
    ) -> list[LineRejection]:
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            return [LineRejection(number, LINE_FIELD, "Satır UTF-8 olarak okunamadı.")]
        if not text.strip():
            return []
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            return [LineRejection(number, LINE_FIELD,
                                  f"Satır geçerli JSON değil (sütun {error.colno}).")]
        if not isinstance(data, dict):
            return [LineRejection(number, LINE_FIELD, "Satır bir JSON nesnesi ({...}) olmalı.")]
        form, shape_errors = ApplicationForm.from_mapping(data)
        if shape_errors:
            return [LineRejection(number, key, msg) for key, msg in shape_errors.items()]
        outcome = self._intake.save(form, user)
        if not outcome.ok:
            return [LineRejection(number, key, msg) for key, msg in outcome.errors.items()]
        assert outcome.station_number is not None
        report.saved.append((number, outcome.station_number))
        return []
