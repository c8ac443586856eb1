"""The reference data the central service publishes, each document with a strong ETag.

The catalogue is read once at start-up from a directory (the bundled one by default,
``bimer-central --reference-dir DIR`` otherwise), checked through the shared models, and
served in one canonical JSON form whose SHA-256 is the ETag: the same content always has
the same tag, so a desk that holds it gets ``304 Not Modified`` and no body.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from models.application_form import SubjectCatalogView
from models.holidays import HOLIDAYS_FILE, HolidayCalendar
from models.reference import InstitutionTree, ReferenceDataError, SubjectCatalog
from resources import REFERENCE_DIR

SUBJECTS_FILE = "subjects.json"
INSTITUTIONS_FILE = "institutions.json"

_T = TypeVar("_T")


class ReferenceLoadError(Exception):
    """The reference directory cannot be used; the message is Turkish."""


@dataclass(frozen=True)
class ReferenceDocument:
    """One published document: its canonical bytes and their strong ETag."""

    body: bytes
    etag: str
    version: str

    @classmethod
    def of(cls, data: dict[str, Any], version: str) -> ReferenceDocument:
        body = canonical_json(data)
        return cls(body, f'"{hashlib.sha256(body).hexdigest()}"', version)

    def matches(self, if_none_match: str | None) -> bool:
        """Does an ``If-None-Match`` header name this document? (RFC 9110 13.1.2: weak
        comparison, ``*`` matches any current representation.)"""
        if not if_none_match:
            return False
        for candidate in if_none_match.split(","):
            tag = candidate.strip()
            if tag == "*":
                return True
            if tag.startswith("W/"):
                tag = tag[2:]
            if tag == self.etag:
                return True
        return False


@dataclass(frozen=True)
class CentralReference:
    subjects: ReferenceDocument
    institutions: ReferenceDocument
    catalog: SubjectCatalog
    holidays: ReferenceDocument
    tree: InstitutionTree

    @property
    def accepted_codes(self) -> SubjectCatalogView:
        """Every code the service accepts on an application: retired ones too, because an
        application frozen on a desk before the retirement must never become unsendable."""
        return self.catalog.codes()

    def units_below(self, unit: str) -> frozenset[str]:
        """The unit's own DETSİS code and every code under it; empty for an unknown unit.
        What a coordinator's reading scope and a clerk's desks reach (models/roles.py)."""
        found = self.tree.find(unit)
        return frozenset(u.detsis_code for u in found.walk()) if found else frozenset()

    def unit_name(self, unit: str) -> str | None:
        found = self.tree.find(unit)
        return found.name if found else None


def load_reference(directory: Path | None = None) -> CentralReference:
    """Read and check ``subjects.json``, ``institutions.json`` and ``holidays.json`` from
    ``directory`` (default: the bundled copy); ``ReferenceLoadError`` if one is missing or
    invalid. A directory without ``holidays.json`` (set up before the table existed)
    publishes the bundled holiday table."""
    root = directory or REFERENCE_DIR
    catalog = _read(root / SUBJECTS_FILE, SubjectCatalog.from_json)
    tree = _read(root / INSTITUTIONS_FILE, InstitutionTree.from_json)
    holidays_file = root / HOLIDAYS_FILE
    if not holidays_file.exists():
        holidays_file = REFERENCE_DIR / HOLIDAYS_FILE
    calendar = _read(holidays_file, HolidayCalendar.from_json)
    return CentralReference(
        subjects=ReferenceDocument.of(catalog.to_json(), catalog.version),
        institutions=ReferenceDocument.of(tree.to_json(), tree.version),
        catalog=catalog,
        holidays=ReferenceDocument.of(calendar.to_json(), calendar.version),
        tree=tree,
    )


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def _read(path: Path, parse: Callable[[dict[str, Any]], _T]) -> _T:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReferenceLoadError(f"Referans dosyası bulunamadı: {path}") from None
    except OSError as error:
        raise ReferenceLoadError(
            f"Referans dosyası okunamadı: {path} ({error.strerror})") from None
    except ValueError as error:
        raise ReferenceLoadError(
            f"Referans dosyası geçerli bir JSON değil: {path} ({error})") from None
    if not isinstance(data, dict):
        raise ReferenceLoadError(f"Referans dosyası bir JSON nesnesi olmalıdır: {path}")
    try:
        return parse(data)
    except ReferenceDataError as error:
        raise ReferenceLoadError(f"{path}: {error}") from None
