"""Batch import of applications from JSON Lines (format: docs/import-format.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from models import i18n
from models.application_form import FIELD_WORDING, ApplicationForm, field_label
from models.i18n import N_, _
from services.attachments import (
    ATTACHMENTS_FIELD,
    AttachmentRefused,
    AttachmentService,
    CheckedFile,
    NewAttachment,
)
from services.intake import IntakeService

# A key, like the form's field names (the CLI prints it next to the label).
LINE_FIELD = "satır"  # i18n: not shown
# What a rejection may name besides the form's fields. Marked only; translated where shown.
_OTHER_LABELS = {ATTACHMENTS_FIELD: N_("Ekler"), LINE_FIELD: N_("satır")}


@dataclass(frozen=True)
class LineRejection:
    line: int
    field: str
    message: str

    @property
    def field_label(self) -> str:
        if self.field in FIELD_WORDING:
            return field_label(self.field)
        return i18n._(_OTHER_LABELS[self.field]) if self.field in _OTHER_LABELS else self.field


@dataclass
class ImportReport:
    saved: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[LineRejection] = field(default_factory=list)


class ImportService:
    def __init__(self, intake: IntakeService, attachments: AttachmentService | None = None) -> None:
        self._intake = intake
        self._attachments = attachments

    def import_lines(
        self, lines: Iterable[bytes], user: str, *, base_dir: Path | None = None
    ) -> ImportReport:
        """Save every valid line (each in its own transaction); report every invalid one.

        ``base_dir``: the folder the lines' attachment paths are relative to (the JSONL
        file's own folder); without it a line with attachments is rejected.
        """
        report = ImportReport()
        for number, raw in enumerate(lines, start=1):
            problems = self._import_line(number, raw, user, base_dir, report)
            report.rejected.extend(problems)
        return report

    def _import_line(
        self, number: int, raw: bytes, user: str, base_dir: Path | None, report: ImportReport
    ) -> list[LineRejection]:
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            return [LineRejection(number, LINE_FIELD, _("Satır UTF-8 olarak okunamadı."))]
        if not text.strip():
            return []
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            return [LineRejection(number, LINE_FIELD,
                                  _("Satır geçerli JSON değil (sütun {column}).").format(
                                      column=error.colno))]
        if not isinstance(data, dict):
            return [LineRejection(number, LINE_FIELD,
                                  _("Satır bir JSON nesnesi ({...}) olmalı."))]
        paths = data.pop(ATTACHMENTS_FIELD, None)
        form, shape_errors = ApplicationForm.from_mapping(data)
        problems = [LineRejection(number, key, msg) for key, msg in shape_errors.items()]
        if not shape_errors:
            validation = self._intake.validate(form)
            problems += [LineRejection(number, key, msg)
                         for key, msg in validation.errors.items()]
        # Files are checked even when the form is wrong: the operator fixes it all at once.
        files, file_problems = self._read_attachments(paths, base_dir)
        problems += [LineRejection(number, ATTACHMENTS_FIELD, msg) for msg in file_problems]
        if problems:
            return problems
        stored = [self._store(checked) for checked in files]
        outcome = self._intake.save(form, user, attachments=stored)
        if not outcome.ok:
            return [LineRejection(number, key, msg) for key, msg in outcome.errors.items()]
        assert outcome.station_number is not None
        report.saved.append((number, outcome.station_number))
        return []

    def _store(self, checked: CheckedFile) -> NewAttachment:
        assert self._attachments is not None  # files are read only with the service
        return self._attachments.store(checked)

    def _read_attachments(
        self, paths: object, base_dir: Path | None
    ) -> tuple[list[CheckedFile], list[str]]:
        """Each listed file read and checked as the form checks an attached file."""
        if paths is None:
            return [], []
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            return [], [_("Ekler, dosya yollarından oluşan bir liste olmalıdır, örneğin "
                          '["taramalar/dilekce.pdf"].')]
        if not paths:
            return [], []
        if base_dir is None or self._attachments is None:
            return [], [_("Ek yolları yalnızca bir JSONL dosyasından içe aktarırken "
                          "kullanılabilir.")]
        service = self._attachments
        root = base_dir.resolve()
        files: list[CheckedFile] = []
        problems: list[str] = []
        total = 0
        for written in paths:
            where = _inside(root, written)
            if isinstance(where, str):
                problems.append(f"{written}: {where}")
                continue
            try:
                checked = service.read_file(where, attached_bytes=total)
            except AttachmentRefused as refusal:
                problems.append(f"{written}: {refusal.message}")
                continue
            total += checked.size
            files.append(checked)
        return files, problems


def _inside(root: Path, written: str) -> Path | str:
    """The file ``written`` names under ``root``, or why it may not be read."""
    if not written.strip():
        return _("Ek yolu boş.")
    if PurePath(written).is_absolute() or written.startswith(("/", "\\")) or ":" in written:
        return _("Mutlak yol kabul edilmez; yolu JSONL dosyasının klasörüne göre yazın, "
                 "örneğin taramalar/dilekce.pdf.")
    path = (root / written).resolve()
    if not path.is_relative_to(root):
        return _("Ek yolu JSONL dosyasının klasörünün dışına çıkamaz.")
    return path
