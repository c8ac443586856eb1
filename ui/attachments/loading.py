"""The worker side of adding to the set: files, scans, hot-folder files and a combined PDF.

Each ``load_*`` runs on a worker thread with plain values in (names and bytes, paths, the
``checker``) and returns a ``Loaded``: the documents that passed the checks, their
thumbnails, and a line for each one refused — named with the reason, for the clerk to
read under the pages. No widget is touched here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QImage

from models.i18n import _
from services import page_ops
from services.hot_folder import HotFile, HotFolderWatcher
from services.page_ops import Document, Page, PageError
from ui.attachments.rendering import PageKey, thumbnails

Checker = Callable[[str, bytes], str | None]
"""The backend's content and size checks: why ``(name, data)`` cannot be attached, or
None."""

MAX_READ_BYTES = 512 * 1024 * 1024  # never pull more than this into memory for a check


def no_checks(_name: str, _data: bytes) -> str | None:
    return None


@dataclass(frozen=True)
class Loaded:
    """What a worker hands back for one incoming file or scan."""

    documents: list[Document]
    thumbnails: dict[PageKey, QImage]
    errors: list[str]
    hot: list[tuple[Document, HotFile]]  # documents that came from the hot folder


def not_moved(name: str) -> str:
    return _("{name}: eklendi, ancak tarama klasöründen taşınamadı "
             "(klasöre yazma izni yok).").format(name=name)


def load_files(items: Sequence[tuple[str, bytes]], checker: Checker) -> Loaded:
    documents: list[Document] = []
    errors: list[str] = []
    for name, data in items:
        document = checked_document(name, data, checker, errors)
        if document is not None:
            documents.append(document)
    return Loaded(documents, thumbnails(documents), errors, [])


def load_paths(paths: Sequence[Path], checker: Checker) -> Loaded:
    items: list[tuple[str, bytes]] = []
    errors: list[str] = []
    for path in paths:
        data = read_file(path, errors)
        if data is not None:
            items.append((path.name, data))
    loaded = load_files(items, checker)
    return Loaded(loaded.documents, loaded.thumbnails, errors + loaded.errors, [])


def load_scan(name: str, pages: Sequence[bytes], checker: Checker) -> Loaded:
    errors: list[str] = []
    try:
        document = Document.from_images(name, pages)
        file_name, data = document.to_file()
    except PageError as error:
        return Loaded([], {}, [f"{name}: {error}"], [])
    refusal = checker(file_name, data)
    if refusal:
        return Loaded([], {}, [f"{file_name}: {refusal}"], [])
    return Loaded([document], thumbnails([document]), errors, [])


def load_hot_files(files: Sequence[HotFile], watcher: HotFolderWatcher,
                   checker: Checker, *, take: bool) -> Loaded:
    documents: list[Document] = []
    errors: list[str] = []
    hot: list[tuple[Document, HotFile]] = []
    for file in files:
        data = read_file(file.path, errors)
        if data is None:
            continue
        document = checked_document(file.name, data, checker, errors)
        if document is None:
            continue
        documents.append(document)
        hot.append((document, file))
        if not take:
            continue
        # In the form now: out of the folder, so no desk offers it again.
        try:
            watcher.mark_taken(file)
        except OSError:
            # Attached all the same; the scan stays in the folder (a read-only share).
            errors.append(not_moved(file.name))
    return Loaded(documents, thumbnails(documents), errors, hot)


def load_combined(pages: Sequence[Page], name: str, checker: Checker, *, shrink: bool,
                  limit: int) -> Loaded:
    """All ``pages`` as one PDF called after ``name``; with ``shrink``, made to fit
    ``limit``. Raises ``PageError`` (``TooLarge``) when they cannot be combined."""
    if shrink:
        combined = page_ops.combine_within(pages, limit, name)
    else:
        combined = page_ops.combine(pages, name)
    refusal = checker(combined.name, combined.data)
    if refusal:
        hint = "" if shrink else " " + _("“Küçült” seçeneğiyle yeniden deneyin.")
        return Loaded([], {}, [f"{combined.name}: {refusal}{hint}"], [])
    document = Document.from_file(combined.name, combined.data)
    return Loaded([document], thumbnails([document]), [], [])


def checked_document(name: str, data: bytes, checker: Checker,
                     errors: list[str]) -> Document | None:
    refusal = checker(name, data)
    if refusal:
        errors.append(f"{name}: {refusal}")
        return None
    try:
        return Document.from_file(name, data)
    except PageError as error:
        errors.append(f"{name}: {error}")
        return None


def read_file(path: Path, errors: list[str]) -> bytes | None:
    try:
        if path.stat().st_size > MAX_READ_BYTES:
            errors.append(_("{name}: dosya çok büyük, eklenemez.").format(name=path.name))
            return None
        return path.read_bytes()
    except OSError:
        errors.append(_("{name}: dosya okunamadı (taşınmış, silinmiş ya da erişim "
                        "izni yok).").format(name=path.name))
        return None
