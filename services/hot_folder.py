"""The hot folder: where a network scanner drops its scans ("scan to folder").

A polling thread, not file-system notifications: the folder is usually a network share,
where inotify and ReadDirectoryChangesW miss or delay events, and a poll every second or
two costs nothing. A file is offered once it is complete — the same size and modification
time on two polls in a row, readable, not empty, and not named like a temporary file
(scanners and copy tools write ``scan.pdf.part`` or ``~scan.tmp`` and rename at the end) —
oldest first, each once. Taken files move to ``taken/`` beside them, so that neither this
desk after a restart nor another desk on the same share offers them again.

No Qt here: the UI reads ``pending()`` or passes ``on_new``, which is called on the
watcher's thread.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from models.i18n import _

log = logging.getLogger("bimer.hotfolder")

TAKEN_DIR_NAME = "taken"
DOCUMENT_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"})
_TEMPORARY_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".filepart",
                       ".download", ".lock")


@dataclass(frozen=True)
class HotFile:
    path: Path
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def key(self) -> tuple[str, int, int]:
        # A file written again under the same name is a new scan, offered again.
        return str(self.path), self.size, self.mtime_ns


def is_temporary_name(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered.startswith((".", "~"))
        or lowered.endswith("~")
        or lowered.endswith(_TEMPORARY_SUFFIXES)
    )


class HotFolderWatcher:
    """Watches one folder; ``start()`` a thread or call ``poll()`` yourself (tests).

    ``interval`` is seconds between polls; a file is complete after two polls that agree,
    so it shows up at most two intervals after the scanner finished writing it.
    """

    def __init__(self, folder: Path, *, interval: float = 1.0,
                 suffixes: Iterable[str] | None = DOCUMENT_SUFFIXES,
                 on_new: Callable[[list[HotFile]], None] | None = None) -> None:
        self.folder = folder
        self.interval = interval
        self._suffixes = None if suffixes is None else frozenset(s.lower() for s in suffixes)
        self._on_new = on_new
        self._lock = threading.Lock()
        self._seen: dict[Path, tuple[int, int]] = {}  # size and mtime at the last poll
        self._reported: set[tuple[str, int, int]] = set()
        self._pending: dict[Path, HotFile] = {}
        self._error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the thread ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hot-folder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while True:
            try:
                self.poll()
            except Exception as error:  # a bad poll must not end the watch; the next may work
                # The type only: the message of an OSError names the citizen's file.
                log.error("hot folder poll failed: %s", type(error).__name__)
            if self._stop.wait(self.interval):
                return

    # --- polling ---------------------------------------------------------------------------

    def poll(self) -> list[HotFile]:
        """Look once; returns the files that became complete on this poll, oldest first
        (and passes them to ``on_new``)."""
        try:
            current = self._candidates()
        except OSError as error:
            with self._lock:
                self._error = _(
                    "Tarama klasörüne ulaşılamıyor. Ağ bağlantısını ve klasör ayarını "
                    "kontrol edin ({reason})."
                ).format(reason=error.strerror or type(error).__name__)
            return []
        new: list[HotFile] = []
        with self._lock:
            self._error = None
            for path in list(self._pending):
                if path not in current or current[path] != (
                        self._pending[path].size, self._pending[path].mtime_ns):
                    # Gone (taken by another desk, deleted) or written again.
                    del self._pending[path]
            for path, (size, mtime_ns) in current.items():
                before = self._seen.get(path)
                if before != (size, mtime_ns) or size == 0:
                    continue  # new or still growing: look again next poll
                file = HotFile(path, size, mtime_ns)
                if file.key in self._reported or not _readable(path):
                    continue
                self._reported.add(file.key)
                self._pending[path] = file
                new.append(file)
            self._seen = current
        new.sort(key=_age)
        if new:
            log.info("hot folder: %d new file(s)", len(new))
            if self._on_new is not None:
                self._on_new(list(new))
        return new

    def _candidates(self) -> dict[Path, tuple[int, int]]:
        found: dict[Path, tuple[int, int]] = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if is_temporary_name(entry.name):
                    continue
                if self._suffixes is not None and \
                        os.path.splitext(entry.name)[1].lower() not in self._suffixes:
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # vanished between listing and stat
                found[Path(entry.path)] = (stat.st_size, stat.st_mtime_ns)
        return found

    # --- what the UI uses ------------------------------------------------------------------

    def pending(self) -> list[HotFile]:
        """Complete files waiting to be taken, oldest first."""
        with self._lock:
            return sorted(self._pending.values(), key=_age)

    @property
    def error(self) -> str | None:
        """A Turkish sentence while the folder cannot be read (a share that is down)."""
        with self._lock:
            return self._error

    def dismiss(self, file: HotFile) -> None:
        """Stop offering this file (refused by the content checks); it stays on disk."""
        with self._lock:
            self._pending.pop(file.path, None)

    def restore(self, file: HotFile) -> bool:
        """Offer a dismissed file again (pulled into a form that was then cancelled).
        False if it is gone or was written again — then the next poll offers it anew."""
        try:
            stat = file.path.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (file.size, file.mtime_ns):
            return False
        with self._lock:
            self._pending[file.path] = file
        return True

    def mark_taken(self, file: HotFile) -> Path | None:
        """Move an attached file into ``taken/`` (renamed ``name (2).pdf`` if that name is
        used); returns the new path, or None if the file was gone (another desk took it)."""
        with self._lock:
            self._pending.pop(file.path, None)
        taken = self.folder / TAKEN_DIR_NAME
        taken.mkdir(exist_ok=True)
        stem, suffix = os.path.splitext(file.name)
        target = taken / file.name
        number = 1
        while target.exists():
            number += 1
            target = taken / f"{stem} ({number}){suffix}"
        try:
            os.rename(file.path, target)
        except FileNotFoundError:
            log.info("hot folder: a file was taken elsewhere before this desk moved it")
            return None
        return target


def _age(file: HotFile) -> tuple[int, str]:
    return file.mtime_ns, file.name


def _readable(path: Path) -> bool:
    """On Windows a file the scanner still writes cannot be opened; elsewhere this is
    cheap and also catches a file whose permissions keep the desk out."""
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False
