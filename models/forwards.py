"""A forward (sevk): a case sent to the units that must act on it (Gereği) or know of it
(Bilgi), declared once for the desk, the import and the central service.

A forward names its targets (a unit's DETSİS code, Gereği/Bilgi, a note each), one or more
subject + sub-subject, and a priority. It never carries who the applicant is: its payload
has no field for that (the central service refuses any field it does not know), and when
the citizen asked to hide their identity the service also refuses a note that names them.

The **do-not-send list** (gönderilmeyecek kurumlar) of a complaint or a denunciation: a
unit on it, and every unit below it in the institution tree, can never be a target of that
case. The list travels with each forward, and the central service keeps the latest it was
told and refuses a target within it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from models.enums import ApplicationType, Urgency
from models.i18n import N_, _
from models.reference import DETSIS_CODE_PATTERN, InstitutionTree
from models.search_text import search_fold

MAX_NOTE_LENGTH = 1000
MAX_TARGETS = 30
MAX_SUBJECTS = 5
MAX_DO_NOT_SEND = 50
# Only a complaint or a denunciation may name the bodies it must never reach.
DO_NOT_SEND_TYPES = frozenset({ApplicationType.COMPLAINT, ApplicationType.DENUNCIATION})


class ForwardKind(StrEnum):
    ACTION = "action"  # Gereği: the unit must act on it
    INFORMATION = "information"  # Bilgi: the unit is informed

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> ForwardKind | None:
        """From its key, or its Turkish name typed with or without Turkish letters."""
        folded = search_fold(text)
        for kind in cls:
            if folded in (kind.value, search_fold(_KIND_LABELS[kind])):
                return kind
        return None


_KIND_LABELS = {ForwardKind.ACTION: N_("Gereği"), ForwardKind.INFORMATION: N_("Bilgi")}


@dataclass(frozen=True)
class ForwardTarget:
    unit: str  # DETSİS code
    kind: ForwardKind
    note: str = ""


@dataclass(frozen=True)
class ForwardSubject:
    subject_code: str
    sub_subject_code: str


@dataclass(frozen=True)
class Forward:
    targets: tuple[ForwardTarget, ...]
    subjects: tuple[ForwardSubject, ...]
    priority: Urgency = Urgency.NORMAL

    def to_json(self) -> dict[str, Any]:
        return {
            "priority": self.priority.value,
            "subjects": [{"subject_code": s.subject_code,
                          "sub_subject_code": s.sub_subject_code} for s in self.subjects],
            "targets": [{"unit": t.unit, "kind": t.kind.value, "note": t.note}
                        for t in self.targets],
        }


def forward_from_json(data: Mapping[str, Any]) -> tuple[Forward | None, dict[str, str]]:
    """A forward from its JSON shape (the outbox payload, an import line), or errors keyed
    ``targets``/``subjects``/``priority`` in Turkish. Only the shape: ``forward_errors``
    checks it against the tree, the subjects and the do-not-send list."""
    errors: dict[str, str] = {}
    priority = Urgency.NORMAL
    raw_priority = data.get("priority", Urgency.NORMAL.value)
    if not isinstance(raw_priority, str) or raw_priority not in set(Urgency):
        errors["priority"] = _("Öncelik normal, urgent ya da very_urgent olmalıdır.")
    else:
        priority = Urgency(raw_priority)
    targets: list[ForwardTarget] = []
    raw_targets = data.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        errors["targets"] = _("En az bir sevk edilecek birim seçin.")
    else:
        for number, raw in enumerate(raw_targets, start=1):
            target = _target(raw)
            if target is None:
                errors["targets"] = _(
                    "{number}. birim anlaşılamadı: her birim için 8 haneli DETSİS kodu "
                    "(unit), Gereği ya da Bilgi (kind) ve isteğe bağlı not (note) "
                    "verilmelidir.").format(number=number)
                break
            targets.append(target)
    subjects: list[ForwardSubject] = []
    raw_subjects = data.get("subjects", [])
    if not isinstance(raw_subjects, list):
        errors["subjects"] = _("Konular bir liste olmalıdır.")
    else:
        for raw in raw_subjects:
            if not (isinstance(raw, Mapping) and isinstance(raw.get("subject_code"), str)
                    and isinstance(raw.get("sub_subject_code"), str)):
                errors["subjects"] = _("Her konu için subject_code ve sub_subject_code "
                                       "verilmelidir.")
                break
            subjects.append(ForwardSubject(raw["subject_code"], raw["sub_subject_code"]))
    if errors:
        return None, errors
    return Forward(tuple(targets), tuple(subjects), priority), {}


def _target(raw: object) -> ForwardTarget | None:
    if not isinstance(raw, Mapping):
        return None
    unit, kind, note = raw.get("unit"), raw.get("kind"), raw.get("note", "")
    if not isinstance(unit, str) or not isinstance(kind, str) or not isinstance(note, str):
        return None
    parsed = ForwardKind.parse(kind)
    return ForwardTarget(unit.strip(), parsed, note.strip()) if parsed else None


def forward_errors(forward: Forward, tree: InstitutionTree,
                   subject_codes: Mapping[str, frozenset[str]],
                   do_not_send: Iterable[str] = ()) -> dict[str, str]:
    """What is wrong with a forward, keyed ``targets``/``subjects``; empty when none.

    Every target a known, active unit, each once, none within a do-not-send unit; at least
    one subject, each a known subject + sub-subject pair; notes within the length."""
    errors: dict[str, str] = {}
    blocked = list(dict.fromkeys(do_not_send))
    seen: set[str] = set()
    for target in forward.targets:
        problem = _target_problem(target, tree, blocked, seen)
        if problem:
            errors["targets"] = problem
            break
        seen.add(target.unit)
    if len(forward.targets) > MAX_TARGETS:
        errors["targets"] = _("Bir sevkte en çok {count} birim olabilir.").format(
            count=MAX_TARGETS)
    if not forward.targets:
        errors["targets"] = _("En az bir sevk edilecek birim seçin.")
    if not forward.subjects:
        errors["subjects"] = _("Sevk için en az bir konu ve alt konu seçin.")
    elif len(forward.subjects) > MAX_SUBJECTS:
        errors["subjects"] = _("Bir sevkte en çok {count} konu olabilir.").format(
            count=MAX_SUBJECTS)
    else:
        for subject in forward.subjects:
            subs = subject_codes.get(subject.subject_code)
            if subs is None or subject.sub_subject_code not in subs:
                errors["subjects"] = _("'{subject} / {sub}' geçerli bir konu ve alt konu "
                                       "değil.").format(subject=subject.subject_code,
                                                        sub=subject.sub_subject_code)
                break
    return errors


def _target_problem(target: ForwardTarget, tree: InstitutionTree, blocked: Sequence[str],
                    seen: set[str]) -> str:
    if not DETSIS_CODE_PATTERN.match(target.unit):
        return _("'{code}' bir DETSİS kodu değil (8 hane).").format(code=target.unit)
    unit = tree.find(target.unit)
    if unit is None:
        return _("{code} kodlu birim kurum listesinde yok.").format(code=target.unit)
    if not unit.active:
        return _("{name} artık kullanılmıyor; güncel bir birim seçin.").format(name=unit.name)
    if target.unit in seen:
        return _("{name} birden çok kez seçilmiş.").format(name=unit.name)
    if len(target.note) > MAX_NOTE_LENGTH:
        return _("{name} için not en çok {count} karakter olabilir.").format(
            name=unit.name, count=MAX_NOTE_LENGTH)
    for code in blocked:
        if tree.is_within(target.unit, code):
            return do_not_send_message(tree, target.unit, code)
    return ""


def do_not_send_message(tree: InstitutionTree, unit: str, blocked: str) -> str:
    """Why ``unit`` cannot be a target: it is, or is under, the do-not-send ``blocked``."""
    name = _name(tree, unit)
    if unit == blocked:
        return _("{name} bu başvurunun gönderilmeyecek kurumlar listesinde; ona sevk "
                 "edilemez.").format(name=name)
    return _("{name}, gönderilmeyecek kurumlar listesindeki {blocked} birimine bağlı; ona "
             "sevk edilemez.").format(name=name, blocked=_name(tree, blocked))


def do_not_send_errors(codes: Sequence[str], tree: InstitutionTree,
                       application_type: str) -> str:
    """What is wrong with a do-not-send list for this case; empty when nothing."""
    if not codes:
        return ""
    if application_type not in DO_NOT_SEND_TYPES:
        return _("Gönderilmeyecek kurumlar yalnızca şikâyet ve ihbar başvurularında "
                 "belirtilebilir.")
    if len(codes) > MAX_DO_NOT_SEND:
        return _("En çok {count} gönderilmeyecek kurum belirtilebilir.").format(
            count=MAX_DO_NOT_SEND)
    for code in codes:
        if not DETSIS_CODE_PATTERN.match(code):
            return _("'{code}' bir DETSİS kodu değil (8 hane).").format(code=code)
        if tree.find(code) is None:
            return _("{code} kodlu birim kurum listesinde yok.").format(code=code)
    return ""


def note_names_applicant(note: str, tckn: str, first_name: str, last_name: str) -> bool:
    """Does a note carry the applicant's ID number or full name? What the central service
    refuses on a forward of a case whose citizen hid their identity."""
    digits = "".join(ch for ch in note if ch.isdigit())
    if tckn and tckn in digits:
        return True
    name = search_fold(f"{first_name} {last_name}")
    return bool(first_name.strip() and last_name.strip()) and name in search_fold(note)


def _name(tree: InstitutionTree, code: str) -> str:
    unit = tree.find(code)
    return unit.name if unit else code
