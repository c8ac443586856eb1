"""Reference data the forms choose from: subjects and their sub-subjects, and the
institution tree (units with their DETSİS codes).

The central service publishes both (``GET /api/v1/reference/...``); the desk caches them.
A code can be **retired** (``"active": false``): it is no longer offered for new
applications, but it stays in the catalogue, so that names of old cases still resolve and
an application frozen with it is still accepted by the central service.

A subject's ``name`` is Turkish; ``"names": {"en": …}`` may give it in the desk's other
languages. What a screen or a paper shows is ``label``: the name in the desk's language,
the Turkish one where the catalogue has none in it (an older catalogue, a new code).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from models.i18n import _, active_language

DETSIS_CODE_PATTERN = re.compile(r"^\d{8}$")


class ReferenceDataError(ValueError):
    """A reference document that cannot be used; the message is in the active language."""


Names = tuple[tuple[str, str], ...]  # (language, name): the name in other languages


def _label(name: str, names: Names) -> str:
    language = active_language()
    return next((shown for code, shown in names if code == language and shown), name)


def _names(data: Mapping[str, Any]) -> Names:
    given = data.get("names", {})
    if not isinstance(given, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in given.items()):
        raise TypeError(f"names of {data.get('code')!r}: not a map of language to name")
    return tuple(sorted((k, v.strip()) for k, v in given.items() if v.strip()))


@dataclass(frozen=True)
class SubSubject:
    code: str
    name: str
    active: bool = True
    names: Names = ()

    @property
    def label(self) -> str:
        """The name in the desk's language (Turkish where there is none in it)."""
        return _label(self.name, self.names)


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    sub_subjects: tuple[SubSubject, ...]
    active: bool = True
    names: Names = ()

    @property
    def label(self) -> str:
        """The name in the desk's language (Turkish where there is none in it)."""
        return _label(self.name, self.names)

    def offered_sub_subjects(self) -> tuple[SubSubject, ...]:
        return tuple(ss for ss in self.sub_subjects if ss.active)


@dataclass(frozen=True)
class SubjectCatalog:
    version: str
    subjects: tuple[Subject, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SubjectCatalog:
        """Parse the published shape; ``ReferenceDataError`` if it is not that shape."""
        try:
            catalog = cls(
                version=str(data["version"]),
                subjects=tuple(
                    Subject(
                        code=str(s["code"]),
                        name=str(s["name"]),
                        sub_subjects=tuple(
                            SubSubject(str(ss["code"]), str(ss["name"]),
                                       _active(ss.get("active", True)), _names(ss))
                            for ss in s["sub_subjects"]
                        ),
                        active=_active(s.get("active", True)),
                        names=_names(s),
                    )
                    for s in data["subjects"]
                ),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ReferenceDataError(
                _("Konu listesi beklenen biçimde değil ({error}).").format(error=error)
            ) from None
        codes = [s.code for s in catalog.subjects]
        codes += [ss.code for s in catalog.subjects for ss in s.sub_subjects]
        if len(codes) != len(set(codes)):
            raise ReferenceDataError(_("Konu listesinde aynı kod birden çok kez geçiyor."))
        return catalog

    def to_json(self) -> dict[str, Any]:
        """The published shape, every field explicit (``active`` included)."""
        return {
            "version": self.version,
            "subjects": [
                {
                    "code": s.code,
                    "name": s.name,
                    **({"names": dict(s.names)} if s.names else {}),
                    "active": s.active,
                    "sub_subjects": [
                        {"code": ss.code, "name": ss.name,
                         **({"names": dict(ss.names)} if ss.names else {}),
                         "active": ss.active}
                        for ss in s.sub_subjects
                    ],
                }
                for s in self.subjects
            ],
        }

    def codes(self) -> dict[str, frozenset[str]]:
        """Every code, retired ones too: what ``validate_application`` checks codes against
        where a frozen application must still pass (the central service)."""
        return {s.code: frozenset(ss.code for ss in s.sub_subjects) for s in self.subjects}

    def offered(self) -> tuple[Subject, ...]:
        """The subjects a new application may choose, each with its active sub-subjects."""
        return tuple(
            Subject(s.code, s.name, s.offered_sub_subjects(), s.active, s.names)
            for s in self.subjects
            if s.active
        )

    def retired_errors(self, subject_code: str, sub_subject_code: str) -> dict[str, str]:
        """Field-keyed Turkish errors for a *new* application that chose a retired code.

        Unknown codes are not this method's business (``validate_application`` says so).
        """
        subject = next((s for s in self.subjects if s.code == subject_code), None)
        if subject is None:
            return {}
        if not subject.active:
            return {"subject_code": _(
                "'{code} {name}' konusu artık kullanılmıyor; yeni başvurular "
                "için güncel listeden başka bir konu seçin."
            ).format(code=subject.code, name=subject.label)}
        sub = next((ss for ss in subject.sub_subjects if ss.code == sub_subject_code), None)
        if sub is not None and not sub.active:
            return {"sub_subject_code": _(
                "'{code} {name}' alt konusu artık kullanılmıyor; yeni başvurular için "
                "güncel listeden başka bir alt konu seçin."
            ).format(code=sub.code, name=sub.label)}
        return {}

    def subject_name(self, code: str) -> str:
        """The subject's name in the desk's language (its code when unknown)."""
        return next((s.label for s in self.subjects if s.code == code), code)

    def sub_subject_name(self, subject_code: str, code: str) -> str:
        """The sub-subject's name in the desk's language (its code when unknown)."""
        for s in self.subjects:
            if s.code == subject_code:
                return next((ss.label for ss in s.sub_subjects if ss.code == code), code)
        return code


@dataclass(frozen=True)
class Institution:
    """A government body or one of its units (kurum / birim), with its DETSİS code."""

    detsis_code: str
    name: str
    kind: str
    units: tuple[Institution, ...] = ()
    active: bool = True

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Institution:
        code = str(data["detsis_code"])
        if not DETSIS_CODE_PATTERN.match(code):
            raise ReferenceDataError(
                _("DETSİS kodu 8 haneli olmalıdır: '{code}'.").format(code=code)
            )
        return cls(
            detsis_code=code,
            name=str(data["name"]),
            kind=str(data["kind"]),
            units=tuple(cls.from_json(unit) for unit in data.get("units", ())),
            active=_active(data.get("active", True)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "detsis_code": self.detsis_code,
            "name": self.name,
            "kind": self.kind,
            "active": self.active,
            "units": [unit.to_json() for unit in self.units],
        }

    def walk(self) -> Iterator[Institution]:
        yield self
        for unit in self.units:
            yield from unit.walk()


@dataclass(frozen=True)
class InstitutionTree:
    version: str
    institutions: tuple[Institution, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InstitutionTree:
        try:
            tree = cls(
                version=str(data["version"]),
                institutions=tuple(Institution.from_json(i) for i in data["institutions"]),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ReferenceDataError(
                _("Kurum listesi beklenen biçimde değil ({error}).").format(error=error)
            ) from None
        codes = [unit.detsis_code for unit in tree.walk()]
        if len(codes) != len(set(codes)):
            raise ReferenceDataError(
                _("Kurum listesinde aynı DETSİS kodu birden çok kez geçiyor.")
            )
        return tree

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version,
                "institutions": [i.to_json() for i in self.institutions]}

    def walk(self) -> Iterator[Institution]:
        for institution in self.institutions:
            yield from institution.walk()

    def find(self, detsis_code: str) -> Institution | None:
        return self._by_code.get(detsis_code)

    def parent_code(self, detsis_code: str) -> str | None:
        """The code of the unit directly above; None for a top-level or unknown unit."""
        return self._parents.get(detsis_code)

    def ancestors(self, detsis_code: str) -> list[str]:
        """The codes above ``detsis_code``, nearest first (empty for a top-level unit)."""
        found: list[str] = []
        parent = self._parents.get(detsis_code)
        while parent is not None:
            found.append(parent)
            parent = self._parents.get(parent)
        return found

    def is_within(self, detsis_code: str, ancestor: str) -> bool:
        """Is the unit ``ancestor`` itself or one of its sub-units (at any depth)?"""
        return detsis_code == ancestor or ancestor in self.ancestors(detsis_code)

    def path_names(self, detsis_code: str) -> list[str]:
        """The names from the top-level institution down to the unit itself."""
        codes = [*reversed(self.ancestors(detsis_code)), detsis_code]
        return [unit.name for code in codes if (unit := self._by_code.get(code))]

    # Built once per tree (it is frozen): 6,000 units are looked up per request and per
    # keystroke, and a walk of the whole tree for each cost milliseconds.
    @cached_property
    def _by_code(self) -> dict[str, Institution]:
        return {unit.detsis_code: unit for unit in self.walk()}

    @cached_property
    def _parents(self) -> dict[str, str]:
        return {child.detsis_code: unit.detsis_code
                for unit in self.walk() for child in unit.units}


def _active(value: object) -> bool:
    if not isinstance(value, bool):
        raise ReferenceDataError(_("'active' alanı true ya da false olmalıdır."))
    return value
