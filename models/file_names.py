"""File names of citizens' documents, made safe to show and to save on any desk."""

from __future__ import annotations

import mimetypes
import re
import unicodedata

MAX_FILE_NAME_LENGTH = 200
_UNSAFE_NAME_CHARACTERS = frozenset('<>:"|?*')
_WINDOWS_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)


def sanitize_file_name(name: str, index: int, media_type: str) -> str:
    """A file name safe to show and to save: no directories, no control or bidi characters,
    nothing Windows refuses; Turkish letters kept. Empty → ``ek-<index><extension>``."""
    name = unicodedata.normalize("NFC", name)  # macOS mailers send decomposed letters
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(
        " " if ch.isspace() else "_" if ch in _UNSAFE_NAME_CHARACTERS else ch
        for ch in name
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    name = " ".join(name.split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if len(name) > MAX_FILE_NAME_LENGTH:
        extension = extension[:20]
        stem = stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1].rstrip(" .")
        name = f"{stem}.{extension}" if extension else stem
    if stem.upper() in _WINDOWS_DEVICE_NAMES or (not dot and name.upper() in
                                                 _WINDOWS_DEVICE_NAMES):
        name = f"_{name}"
    if not name:
        name = f"ek-{index}{mimetypes.guess_extension(media_type) or ''}"
    return name
