"""Saved filters, per user: a name for a set of list filters ("Bu ayın faksları",
"Yaklaşan bilgi edinme") kept in ``<data>/saved-filters/<user>.json``.

Only the filters are kept — channel, type, state, urgency, subject, deadline, whose, and
the dates — never a searched name, T.C. Kimlik No or number: a saved filter is a way of
working, not a person. Written atomically; a file that cannot be read counts as empty.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from models.data_cipher import BlobCipher, is_sealed
from models.deadlines import DeadlineState
from models.durable_files import write_atomically
from models.enums import ApplicationType, Channel, OutboxState, Urgency
from services.case_search import CaseFilter

DIR_NAME = "saved-filters"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_ENUMS: dict[str, Any] = {"channel": Channel, "application_type": ApplicationType,
                          "state": OutboxState, "urgency": Urgency,
                          "deadline": DeadlineState}
_TEXTS = ("subject_code", "sub_subject_code", "created_by")
_DATES = ("date_from", "date_to")


def kept(wanted: CaseFilter) -> CaseFilter:
    """What a saved filter keeps of ``wanted``: no searched text, ID number or number."""
    return replace(wanted, text="", tckn="", number="")


def to_json(wanted: CaseFilter) -> dict[str, str]:
    values: dict[str, str] = {}
    for key in (*_ENUMS, *_TEXTS):
        value = getattr(wanted, key)
        if value:
            values[key] = str(value)
    for key in _DATES:
        day = getattr(wanted, key)
        if day is not None:
            values[key] = day.isoformat()
    return values


def from_json(values: dict[str, Any]) -> CaseFilter:
    fields: dict[str, Any] = {}
    for key, kind in _ENUMS.items():
        if key in values:
            fields[key] = kind(values[key])
    for key in _TEXTS:
        if key in values:
            fields[key] = str(values[key])
    for key in _DATES:
        if key in values:
            fields[key] = date.fromisoformat(values[key])
    return CaseFilter(**fields)


class SavedFilters:
    def __init__(self, data_dir: Path, cipher: BlobCipher | None = None) -> None:
        """``cipher``: the desk's (every desk: bimer_desktop/app.py). A filter can hold a
        T.C. Kimlik No or a name, so the files are sealed like the attachments; a plain file
        of an older release is read, and sealed at its next change."""
        self._folder = data_dir / DIR_NAME
        self._cipher = cipher
        self._lock = threading.Lock()

    def _path(self, user: str) -> Path:
        return self._folder / f"{_SAFE.sub('_', user) or 'user'}.json"

    def list(self, user: str) -> dict[str, CaseFilter]:
        """The user's saved filters by name, in the order they were saved."""
        path = self._path(user)
        try:
            stored = path.read_bytes()
            if self._cipher is not None and is_sealed(stored):
                stored = self._cipher.open(stored, _sealed_name(path))
            raw = json.loads(stored.decode("utf-8"))
            return {str(name): from_json(values) for name, values in raw.items()}
        except (OSError, ValueError, TypeError, AttributeError):  # BlobUnreadable: ValueError
            return {}

    def save(self, user: str, name: str, wanted: CaseFilter) -> dict[str, CaseFilter]:
        with self._lock:
            filters = self.list(user)
            filters[name.strip()] = kept(wanted)
            self._write(user, filters)
            return filters

    def delete(self, user: str, name: str) -> dict[str, CaseFilter]:
        with self._lock:
            filters = self.list(user)
            filters.pop(name, None)
            self._write(user, filters)
            return filters

    def _write(self, user: str, filters: dict[str, CaseFilter]) -> None:
        data = {name: to_json(wanted) for name, wanted in filters.items()}
        path = self._path(user)
        content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        if self._cipher is not None:
            content = self._cipher.seal(content, _sealed_name(path))
        write_atomically(path, content)


def _sealed_name(path: Path) -> str:
    # Bound to its file: a user's sealed filters copied over another's do not open.
    return f"saved-filters/{path.name}"
