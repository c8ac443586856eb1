"""Reference data for the forms: the central service's copy, cached in the data dir.

Each document (subjects, institutions, holidays) is kept in ``<data>/reference/<name>.json``
with its ETag in ``<name>.etag`` beside it. The bundled copy in ``resources/`` is used only
while the desk has no cache of its own (its first run). ``refresh`` asks the service with
``If-None-Match``: 200 writes the new document (atomically) and swaps it in, 304 changes
nothing, and a service that cannot be reached leaves the desk on its cache, offline.

The body is written before its ETag: a crash between the two leaves the new body with the
old ETag, which the service does not match, so the next refresh simply downloads it again.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from models import i18n
from models.durable_files import write_atomically
from models.holidays import HolidayCalendar
from models.i18n import N_, _
from models.institution_search import InstitutionIndex
from models.reference import InstitutionTree, ReferenceDataError, SubjectCatalog
from services.central_client import CentralClient, FetchStatus

log = logging.getLogger("bimer.reference")

SUBJECTS = "subjects"
INSTITUTIONS = "institutions"
HOLIDAYS = "holidays"  # the public holidays the legal deadlines skip (models/holidays.py)
DOCUMENTS = (SUBJECTS, INSTITUTIONS, HOLIDAYS)
# Marked only; RefreshResult.label translates.
LABELS = {SUBJECTS: N_("Konular"), INSTITUTIONS: N_("Kurumlar"),
          HOLIDAYS: N_("Resmî tatiller")}

_T = TypeVar("_T")


class Source(StrEnum):
    CACHE = "cache"  # downloaded from the central service
    BUNDLED = "bundled"  # shipped with the program: first run only


class RefreshOutcome(StrEnum):
    UPDATED = "updated"
    CURRENT = "current"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class RefreshResult:
    name: str
    outcome: RefreshOutcome
    version: str

    @property
    def label(self) -> str:
        return i18n._(LABELS[self.name])

    @property
    def message(self) -> str:
        if self.outcome is RefreshOutcome.UPDATED:
            return _("güncellendi (sürüm {version})").format(version=self.version)
        if self.outcome is RefreshOutcome.CURRENT:
            return _("zaten güncel")
        return _("merkeze ulaşılamadı, yerel kopya kullanılıyor (sürüm {version})").format(
            version=self.version)


@dataclass(frozen=True)
class _Snapshot:
    """Everything the forms read, swapped as one object so a reader never sees half."""

    subjects: SubjectCatalog
    subject_codes: dict[str, frozenset[str]]
    institutions: InstitutionTree
    holidays: HolidayCalendar
    etags: dict[str, str | None]
    sources: dict[str, Source]


class ReferenceService:
    def __init__(self, cache_dir: Path, bundled_dir: Path) -> None:
        self._cache_dir = cache_dir
        self._bundled_dir = bundled_dir
        self._refresh_lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._index: InstitutionIndex | None = None
        subjects, subjects_etag, subjects_source = self._load(SUBJECTS, SubjectCatalog.from_json)
        institutions, institutions_etag, institutions_source = self._load(
            INSTITUTIONS, InstitutionTree.from_json)
        holidays, holidays_etag, holidays_source = self._load(
            HOLIDAYS, HolidayCalendar.from_json)
        self._snapshot = _Snapshot(
            subjects=subjects,
            subject_codes=subjects.codes(),
            institutions=institutions,
            holidays=holidays,
            etags={SUBJECTS: subjects_etag, INSTITUTIONS: institutions_etag,
                   HOLIDAYS: holidays_etag},
            sources={SUBJECTS: subjects_source, INSTITUTIONS: institutions_source,
                     HOLIDAYS: holidays_source},
        )

    @property
    def subjects(self) -> SubjectCatalog:
        """Every subject, retired ones too (their names still label old cases); a form
        offers ``subjects.offered()``."""
        return self._snapshot.subjects

    @property
    def subject_codes(self) -> dict[str, frozenset[str]]:
        return self._snapshot.subject_codes

    @property
    def institutions(self) -> InstitutionTree:
        return self._snapshot.institutions

    @property
    def institution_index(self) -> InstitutionIndex:
        """The search index of the institution tree in force, built at first use after the
        tree changed (a few hundred ms: call it off the GUI thread)."""
        tree = self._snapshot.institutions
        with self._index_lock:
            if self._index is None or self._index.tree is not tree:
                self._index = InstitutionIndex(tree)
            return self._index

    @property
    def holidays(self) -> HolidayCalendar:
        """The public holidays the legal deadlines skip (the table in force)."""
        return self._snapshot.holidays

    def source(self, name: str) -> Source:
        return self._snapshot.sources[name]

    def etag(self, name: str) -> str | None:
        return self._snapshot.etags[name]

    def refresh(self, client: CentralClient) -> list[RefreshResult]:
        """Bring every document up to the service's; never raises for network trouble.
        Runs on a worker thread; readers keep the old snapshot until the new one is
        complete. One refresh at a time."""
        with self._refresh_lock:
            return [self._refresh_one(client, name) for name in DOCUMENTS]

    def _refresh_one(self, client: CentralClient, name: str) -> RefreshResult:
        current = self._snapshot
        fetched = client.fetch_reference(name, current.etags[name])
        if fetched.status is FetchStatus.NOT_MODIFIED:
            return RefreshResult(name, RefreshOutcome.CURRENT, self._version(name))
        if fetched.status is FetchStatus.UNAVAILABLE or fetched.body is None:
            return RefreshResult(name, RefreshOutcome.UNREACHABLE, self._version(name))
        try:
            parsed = _parse(name, fetched.body)
        except ReferenceDataError as error:
            log.warning("reference %s from the central service is unusable: %s", name, error)
            return RefreshResult(name, RefreshOutcome.UNREACHABLE, self._version(name))
        self._write_cache(name, fetched.body, fetched.etag)
        etags = {**current.etags, name: fetched.etag}
        sources = {**current.sources, name: Source.CACHE}
        if isinstance(parsed, SubjectCatalog):
            self._snapshot = replace(current, subjects=parsed, subject_codes=parsed.codes(),
                                     etags=etags, sources=sources)
        elif isinstance(parsed, HolidayCalendar):
            self._snapshot = replace(current, holidays=parsed, etags=etags, sources=sources)
        else:
            self._snapshot = replace(current, institutions=parsed, etags=etags,
                                     sources=sources)
        log.info("reference %s updated to version %s", name, self._version(name))
        return RefreshResult(name, RefreshOutcome.UPDATED, self._version(name))

    def _version(self, name: str) -> str:
        snapshot = self._snapshot
        if name == SUBJECTS:
            return snapshot.subjects.version
        if name == HOLIDAYS:
            return snapshot.holidays.version
        return snapshot.institutions.version

    def _write_cache(self, name: str, body: dict[str, Any], etag: str | None) -> None:
        text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self._cache_dir / f"{name}.json", text.encode("utf-8"))
        write_atomically(self._cache_dir / f"{name}.etag", (etag or "").encode("utf-8"))

    def _load(
        self, name: str, parse: Callable[[dict[str, Any]], _T]
    ) -> tuple[_T, str | None, Source]:
        """The cached document with its ETag, else the bundled one (no ETag)."""
        cached = self._cache_dir / f"{name}.json"
        if cached.exists():
            try:
                document = parse(_read_object(cached))
            except (OSError, ValueError) as error:
                # ReferenceDataError is a ValueError. The bundled copy keeps the forms
                # working; without an ETag the next refresh downloads a good copy.
                log.warning("reference cache %s unusable (%s); the bundled copy is used",
                            cached.name, type(error).__name__)
            else:
                return document, _read_etag(self._cache_dir / f"{name}.etag"), Source.CACHE
        return parse(_read_object(self._bundled_dir / f"{name}.json")), None, Source.BUNDLED


def _read_etag(path: Path) -> str | None:
    """The cached ETag; None (the next refresh downloads the document again) when it is
    missing or garbled. A garbled one was a traceback at start (not UTF-8), or a header
    ``requests`` refuses at every refresh (a line break, a control character)."""
    try:
        etag = path.read_bytes().decode("ascii").strip()
    except (OSError, ValueError):
        etag = ""
    if not etag or len(etag) > _MAX_ETAG or not all(" " < c < "\x7f" for c in etag):
        if etag:
            log.warning("reference cache %s garbled; the document is fetched again", path.name)
        return None
    return etag


_MAX_ETAG = 256


def _read_object(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ReferenceDataError(_("{file} bir JSON nesnesi değil.").format(file=path.name))
    return data


def _parse(name: str, body: dict[str, Any]
           ) -> SubjectCatalog | InstitutionTree | HolidayCalendar:
    if name == SUBJECTS:
        return SubjectCatalog.from_json(body)
    if name == HOLIDAYS:
        return HolidayCalendar.from_json(body)
    return InstitutionTree.from_json(body)
