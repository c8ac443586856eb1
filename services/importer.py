"""Batch import of applications from JSON Lines (format: docs/import-format.md)."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import i18n
from models.application_form import FIELD_WORDING, ApplicationForm, field_label
from models.database import Database
from models.entities import Application, ImportedLine
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
from services.desk_start import disk_full_message, is_disk_full
from services.intake import IntakeService

log = logging.getLogger("bimer.import")

# Half of a UTF-16 pair: JSON lets "\\ud800" stand alone, nothing downstream can store it.
_SURROGATE = re.compile("[\\ud800-\\udfff]")
# A key, like the form's field names (the CLI prints it next to the label).
LINE_FIELD = "satır"  # i18n: not shown
# The line's own identity, given by whoever wrote the file (docs/import-format.md).
CLIENT_ID_FIELD = "client_id"
CLIENT_ID_MAX = 200
# What a rejection may name besides the form's fields. Marked only; translated where shown.
FORWARDS_FIELD = "forwards"  # i18n: not shown
DO_NOT_SEND_FIELD = "do_not_send"  # i18n: not shown
_OTHER_LABELS = {ATTACHMENTS_FIELD: N_("Ekler"), LINE_FIELD: N_("satır"),
                 CLIENT_ID_FIELD: N_("Satır kimliği"), FORWARDS_FIELD: N_("Sevk"),
                 DO_NOT_SEND_FIELD: N_("Gönderilmeyecek kurumlar")}


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


@dataclass(frozen=True)
class LineOutcome:
    """What became of one line, said as soon as it is settled (committed or refused):
    ``station_number`` is set when the line is saved now or ``already`` was saved by an
    earlier run; else ``rejections`` say why not."""

    line: int
    station_number: str | None = None
    already: bool = False
    rejections: tuple[LineRejection, ...] = ()


@dataclass
class ImportReport:
    saved: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[LineRejection] = field(default_factory=list)
    # Lines an earlier run saved (their identity is known): (line, station number).
    already: list[tuple[int, str]] = field(default_factory=list)
    # Set when the import stopped before the end (a full disk): the Turkish reason. Every
    # line in ``saved`` is committed; the lines after the stop were not looked at.
    stopped: str | None = None


class ImportStopped(Exception):
    """Internal: the disk is full; no later line can be saved either."""


class ImportService:
    def __init__(self, intake: IntakeService, attachments: AttachmentService | None = None,
                 *, db: Database | None = None, data_dir: Path | None = None) -> None:
        self._intake = intake
        self._attachments = attachments
        # The import ledger (which lines were saved); without it every line is new.
        self._db = db
        self._data_dir = data_dir  # where a full disk is measured

    def import_lines(
        self, lines: Iterable[bytes], user: str, *, base_dir: Path | None = None,
        on_line: Callable[[LineOutcome], None] | None = None,
    ) -> ImportReport:
        """Save every valid line not saved before (each in its own transaction, its identity
        with it); report every invalid one and every one an earlier run saved.

        ``base_dir``: the folder the lines' attachment paths are relative to (the JSONL
        file's own folder); without it a line with attachments is rejected. ``on_line`` hears
        of each line once it is settled — a saved line only after its commit, so whatever
        is printed from it is true even if the process is killed the next moment.
        """
        report = ImportReport()
        copies: Counter[str] = Counter()
        for number, raw in enumerate(lines, start=1):
            try:
                outcome = self._import_line(number, raw, user, base_dir, copies)
            except ImportStopped as stop:
                report.stopped = str(stop)
                break
            except (RecursionError, Exception) as error:
                # The net under the checks below: one line's surprise never stops the
                # lines after it. The type only in the log (a message would quote data).
                log.error("import line %d failed: %s", number, type(error).__name__)
                outcome = LineOutcome(number, rejections=(LineRejection(number, LINE_FIELD, _(
                    "Satır işlenirken beklenmeyen bir hata oluştu; satır kaydedilmedi. "
                    "Ayrıntı günlük dosyasında.")),))
            if outcome.station_number is not None:
                (report.already if outcome.already else report.saved).append(
                    (number, outcome.station_number))
            report.rejected.extend(outcome.rejections)
            if on_line is not None and (outcome.station_number or outcome.rejections):
                on_line(outcome)
        return report

    def _import_line(self, number: int, raw: bytes, user: str, base_dir: Path | None,
                     copies: Counter[str]) -> LineOutcome:
        data = _parse_line(number, raw)
        if isinstance(data, list):
            return LineOutcome(number, rejections=tuple(data))
        if data is None:
            return LineOutcome(number)
        identity = line_identity(number, data, copies)
        if isinstance(identity, LineRejection):
            return LineOutcome(number, rejections=(identity,))
        earlier = self._saved_as(identity)
        if earlier is not None:
            return LineOutcome(number, earlier, already=True)
        try:
            problems, station_number = self._save_line(number, data, user, base_dir, identity)
        except IntegrityError:
            # Another import saved this very line between the look above and the commit.
            earlier = self._saved_as(identity)
            if earlier is None:
                raise
            return LineOutcome(number, earlier, already=True)
        except Exception as error:
            if is_disk_full(error, self._data_dir):
                raise ImportStopped(disk_full_message(self._data_dir or Path("."))) from error
            raise
        return LineOutcome(number, station_number, rejections=tuple(problems))

    def _saved_as(self, identity: str) -> str | None:
        """The station number of the application this line became in an earlier run."""
        if self._db is None:
            return None
        with self._db.sessions() as session:
            return session.scalar(
                select(Application.station_number).join(
                    ImportedLine, ImportedLine.application_id == Application.id)
                .where(ImportedLine.identity == identity))

    def _save_line(self, number: int, data: dict[str, object], user: str,
                   base_dir: Path | None, identity: str
                   ) -> tuple[list[LineRejection], str | None]:
        data = dict(data)
        data.pop(CLIENT_ID_FIELD, None)
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
            return problems, None
        stored = [self._store(checked) for checked in files]
        outcome = self._intake.save(form, user, attachments=stored, import_identity=identity,
                                    forward=forward, do_not_send=do_not_send)
        if not outcome.ok:
            return [LineRejection(number, _line_key(key), msg)
                    for key, msg in outcome.errors.items()], None
        return [], outcome.station_number

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


def _parse_line(number: int, raw: bytes) -> dict[str, object] | list[LineRejection] | None:
    """The line's JSON object; the reasons it is not one; None for an empty line."""
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return [LineRejection(number, LINE_FIELD, _("Satır UTF-8 olarak okunamadı."))]
    if not text.strip():
        return None
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
    return data


def line_identity(number: int, data: dict[str, object], copies: Counter[str]
                  ) -> str | LineRejection:
    """The line's stable identity (docs/import-format.md, "Running a file again"): its own
    ``client_id`` when it has one; else the hash of its content (as parsed, so spacing and
    key order do not count) and which copy of that content in this file it is. Content,
    not the file's hash and the line's number: fixing a rejected line, adding or removing
    lines, or renaming the file leaves every other line's identity as it was. ``copies``
    counts the contents met so far in this file."""
    client_id = data.get(CLIENT_ID_FIELD)
    if client_id is not None:
        if (not isinstance(client_id, str) or not client_id.strip()
                or len(client_id) > CLIENT_ID_MAX or not client_id.isprintable()):
            return LineRejection(number, CLIENT_ID_FIELD, _(
                "Satır kimliği (client_id), en çok {limit} karakterlik, boş olmayan ve "
                "denetim karakteri içermeyen bir metin olmalıdır.").format(limit=CLIENT_ID_MAX))
        return "c:" + hashlib.sha256(client_id.encode("utf-8")).hexdigest()
    content = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    copies[digest] += 1
    return f"h:{digest}:{copies[digest]}"


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
