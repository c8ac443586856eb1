"""What old and odd mailers put in a message that the standard parser leaves whole:
unquoted boundaries, files uuencoded into the text, and Outlook's ``winmail.dat`` (TNEF).

Pure functions over bytes and text; they never raise on hostile input (a part they cannot
unpack is reported by returning nothing, and the caller keeps the part as it was).
"""

from __future__ import annotations

import binascii
import logging
import re
from dataclasses import dataclass

log = logging.getLogger("bimer.email_import")

UTF8_BOM = b"\xef\xbb\xbf"
# A header block's Content-Type line and its continuation lines, then an unquoted boundary
# inside it holding a character that RFC 2045 allows only quoted (Outlook Express wrote
# ``boundary=----=_NextPart_000_0012_01C5…`` bare; the "=" ends the parameter early).
_CONTENT_TYPE = re.compile(rb"(?im)^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*")
_BARE_BOUNDARY = re.compile(rb'(?i)(\bboundary\s*=\s*)(?!")([^\s;"]+)')
_TSPECIALS = frozenset(b'()<>@,;:\\"/[]?=')
# ``begin 644 name`` … ``end``: uuencode, as mailers of the 1990s (and some scanners' mail
# functions still) embed a file into the plain text.
_UUENCODED = re.compile(r"(?ms)^begin(?:-base64)? [0-7]{3,4} ([^\r\n]+)\r?\n(.*?)^end[ \t]*$")
# Outlook's rich-text wrapper: every file of the message is inside it.
TNEF_NAMES = ("winmail.dat", "win.dat")
TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
_TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"
# A hostile winmail.dat can claim thousands of files; a real one carries a handful.
MAX_TNEF_FILES = 200


@dataclass(frozen=True)
class UnpackedFile:
    name: str
    data: bytes


def quote_bare_boundaries(data: bytes) -> bytes:
    """Quote a boundary parameter that holds a character only a quoted value may hold, in
    Content-Type headers only (never in body text)."""

    def quote(match: re.Match[bytes]) -> bytes:
        value = match.group(2)
        if not any(byte in _TSPECIALS for byte in value):
            return match.group(0)
        return match.group(1) + b'"' + value + b'"'

    def header(match: re.Match[bytes]) -> bytes:
        return _BARE_BOUNDARY.sub(quote, match.group(0))

    return _CONTENT_TYPE.sub(header, data)


def strip_bom(data: bytes) -> bytes:
    """A UTF-8 byte-order mark written before the headers (Windows editors save .eml so)."""
    return data[len(UTF8_BOM):] if data.startswith(UTF8_BOM) else data


def take_uuencoded(text: str) -> tuple[str, list[UnpackedFile]]:
    """Files uuencoded into a plain text, and the text without them. A block that does not
    decode stays in the text."""
    files: list[UnpackedFile] = []

    def take(match: re.Match[str]) -> str:
        decoded = _uudecode(match.group(2))
        if decoded is None:
            return match.group(0)
        files.append(UnpackedFile(match.group(1).strip(), decoded))
        return ""

    if "begin " not in text:
        return text, []
    remaining = _UUENCODED.sub(take, text)
    return (re.sub(r"\n{3,}", "\n\n", remaining).strip("\n") if files else text), files


def _uudecode(body: str) -> bytes | None:
    chunks = []
    for line in body.splitlines():
        if not line.strip() or line.strip() == "`":
            continue
        try:
            chunks.append(binascii.a2b_uu(line.encode("ascii")))
        except (binascii.Error, UnicodeEncodeError):
            try:  # encoders that drop trailing spaces: the length byte says what is missing
                length = (((ord(line[0]) - 32) & 63) * 4 + 5) // 3
                chunks.append(binascii.a2b_uu(line[:length].encode("ascii")))
            except (binascii.Error, UnicodeEncodeError, IndexError):
                return None
    data = b"".join(chunks)
    return data or None


def is_tnef(name: str | None, media_type: str, data: bytes) -> bool:
    return (media_type in TNEF_TYPES or (name or "").strip().lower() in TNEF_NAMES
            ) and data.startswith(_TNEF_SIGNATURE)


@dataclass(frozen=True)
class Tnef:
    files: list[UnpackedFile]
    text: str


def unpack_tnef(data: bytes) -> Tnef | None:
    """The files (and plain body, if any) inside a winmail.dat; None if it cannot be read."""
    try:
        from tnefparse import TNEF  # imported only when a message carries one

        tnef = TNEF(data)
        files = []
        for attachment in tnef.attachments[:MAX_TNEF_FILES]:
            content = attachment.data
            if not isinstance(content, bytes) or not content:
                continue
            name = attachment.long_filename() or attachment.name or ""
            files.append(UnpackedFile(name if isinstance(name, str) else "", content))
        body = tnef.body
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
        return Tnef(files, text if isinstance(text, str) else "")
    except Exception as error:  # a malformed winmail.dat: keep the message, say so
        log.info("winmail.dat could not be unpacked (%s)", type(error).__name__)
        return None
