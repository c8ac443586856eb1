"""Batch import of applications from JSON Lines (format: docs/import-format.md)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from models import i18n
from models.application_form import FIELD_WORDING, ApplicationForm, field_label
from models.enums import Urgency
from models.forwards import Forward, forward_from_json
from models.i18n import N_, _
from services.attachments import (
    ATTACHMENTS_FIELD,
    AttachmentRefused,
    AttachmentService,
    CheckedFile,
    NewAttachment,
)
from services.intake import IntakeService

log = logging.getLogger("bimer.import")

# Half of a UTF-16 pair: JSON lets "\\ud800" stand alone, nothing downstream can store it.
_SURROGATE = re.compile("[\\ud800-\\udfff]")
# A key, like the form's field names (the CLI prints it next to the label).
LINE_FIELD = "satır"  # i18n: not shown
# What a rejection may name besides the form's fields. Marked only; translated where shown.
FORWARDS_FIELD = "forwards"  # i18n: not shown
DO_NOT_SEND_FIELD = "do_not_send"  # i18n: not shown
_OTHER_LABELS = {ATTACHMENTS_FIELD: N_("Ekler"), LINE_FIELD: N_("satır"),
                 FORWARDS_FIELD: N_("Sevk"), DO_NOT_SEND_FIELD: N_("Gönderilmeyecek kurumlar")}


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
            try:
                problems = self._import_line(number, raw, user, base_dir, report)
            except (RecursionError, Exception) as error:
                # The net under the checks below: one line's surprise never stops the
                # lines after it. The type only in the log (a message would quote data).
                log.error("import line %d failed: %s", number, type(error).__name__)
                problems = [LineRejection(number, LINE_FIELD, _(
                    "Satır işlenirken beklenmeyen bir hata oluştu; satır kaydedilmedi. "
                    "Ayrıntı günlük dosyasında."))]
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
        except RecursionError:
            return [LineRejection(number, LINE_FIELD, _(
                "Satırdaki JSON çok derin iç içe (binlerce açılan parantez); bir başvuru böyle "
                "yazılmaz."))]
        except ValueError:  # an integer of thousands of digits (Python's conversion limit)
            return [LineRejection(number, LINE_FIELD, _(
                "Satırda binlerce basamaklı bir sayı var; değerler metin olarak verilmelidir."))]
        if not isinstance(data, dict):
            return [LineRejection(number, LINE_FIELD,
                                  _("Satır bir JSON nesnesi ({...}) olmalı."))]
        halves = _half_characters(data)
        if halves:
            return [LineRejection(number, key, _(
                "Değerde yarım bir UTF-16 karakteri var (\\ud800 gibi tek başına bir "
                "kaçış dizisi); karakteri düzeltin.")) for key in halves]
        paths = data.pop(ATTACHMENTS_FIELD, None)
        raw_forwards = data.pop(FORWARDS_FIELD, None)
        raw_do_not_send = data.pop(DO_NOT_SEND_FIELD, None)
        form, shape_errors = ApplicationForm.from_mapping(data)
        problems = [LineRejection(number, shown_key(key), msg)
                    for key, msg in shape_errors.items()]
        do_not_send, problem = _do_not_send(raw_do_not_send)
        if problem:
            problems.append(LineRejection(number, DO_NOT_SEND_FIELD, problem))
        forward = None
        if raw_forwards is not None:
            forward, problem = _forward(raw_forwards, form)
            if problem:
                problems.append(LineRejection(number, FORWARDS_FIELD, problem))
        if not shape_errors:
            validation = self._intake.validate(form)
            problems += [LineRejection(number, key, msg)
                         for key, msg in validation.errors.items()]
            if validation.application is not None and not problems:
                problems += [LineRejection(number, _line_key(key), msg)
                             for key, msg in self._intake.check_forward(
                                 forward, do_not_send=do_not_send,
                                 application_type=validation.application.application_type
                             ).items()]
        # Files are checked even when the form is wrong: the operator fixes it all at once.
        files, file_problems = self._read_attachments(paths, base_dir)
        problems += [LineRejection(number, ATTACHMENTS_FIELD, msg) for msg in file_problems]
        if problems:
            return problems
        stored = [self._store(checked) for checked in files]
        outcome = self._intake.save(form, user, attachments=stored, forward=forward,
                                    do_not_send=do_not_send)
        if not outcome.ok:
            return [LineRejection(number, _line_key(key), msg)
                    for key, msg in outcome.errors.items()]
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
                problems.append(f"{shown_key(written)}: {where}")
                continue
            try:
                checked = service.read_file(where, attached_bytes=total)
            except AttachmentRefused as refusal:
                problems.append(f"{shown_key(written)}: {refusal.message}")
                continue
            total += checked.size
            files.append(checked)
        return files, problems


def _line_key(key: str) -> str:
    """A save's error key as the line names it (the forward is ``forwards`` there)."""
    return FORWARDS_FIELD if key == "forward" else key


def _do_not_send(raw: object) -> tuple[list[str], str]:
    """``"do_not_send": ["30600000", ...]``: DETSİS codes; the list or what is wrong."""
    if raw is None:
        return [], ""
    if not isinstance(raw, list) or not all(isinstance(code, str) for code in raw):
        return [], _('Gönderilmeyecek kurumlar, DETSİS kodlarından oluşan bir liste olmalıdır, '
                     'örneğin ["30600000"].')
    return [code.strip() for code in raw], ""


def _forward(raw: object, form: ApplicationForm) -> tuple[Forward | None, str]:
    """``"forwards": [{"unit": "20600001", "kind": "Gereği", "note": "..."}, ...]``: one
    forward to these targets, on the application's own subject and urgency."""
    if not isinstance(raw, list) or not raw:
        return None, _('Sevk, birimlerden oluşan bir liste olmalıdır, örneğin [{"unit": '
                       '"20600001", "kind": "Gereği", "note": "..."}].')
    forward, errors = forward_from_json({
        "targets": raw,
        "subjects": [{"subject_code": form.subject_code.strip(),
                      "sub_subject_code": form.sub_subject_code.strip()}],
        # An urgency the form refuses is the form's error, not the forward's.
        "priority": (form.urgency.strip() if form.urgency.strip() in set(Urgency)
                     else Urgency.NORMAL.value),
    })
    return forward, " ".join(errors.values())


def _half_characters(data: dict[str, object]) -> list[str]:
    """The keys (shown safely) whose key or value holds half of a UTF-16 pair (a lone
    ``\\ud800`` escape): no database, file or terminal can take such a string."""
    found = []
    for key, value in data.items():
        if _has_surrogate(key) or _has_surrogate(value):
            found.append(shown_key(key))
    return found


def _has_surrogate(value: object) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return False


def shown_key(key: str) -> str:
    """A key (or a path) as it may be printed: as written, or escaped when it holds what a terminal
    cannot show (control characters, half characters)."""
    return key if key.isprintable() and not _SURROGATE.search(key) else ascii(key)


def _inside(root: Path, written: str) -> Path | str:
    """The file ``written`` names under ``root``, or why it may not be read."""
    if not written.strip():
        return _("Ek yolu boş.")
    if "\x00" in written:
        return _("Ek yolunda geçersiz bir karakter (NUL) var.")
    if PurePath(written).is_absolute() or written.startswith(("/", "\\")) or ":" in written:
        return _("Mutlak yol kabul edilmez; yolu JSONL dosyasının klasörüne göre yazın, "
                 "örneğin taramalar/dilekce.pdf.")
    path = (root / written).resolve()
    if not path.is_relative_to(root):
        return _("Ek yolu JSONL dosyasının klasörünün dışına çıkamaz.")
    return path
