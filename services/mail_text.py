"""Text of a mail part: charsets Turkish mail really uses (declared, mislabelled, mixed or
not declared at all) and the readable text of an HTML body.

Every fallback is reported back to the caller as a Turkish notice; nothing here guesses
silently, and no byte sequence makes it raise.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from models.i18n import N_, _

FALLBACK_CHARSETS = ("utf-8", "cp1254", "iso8859-9")
# A UTF-8 text with a few stray windows-1254 bytes (a signature pasted from an old program,
# one line typed in another editor): read as UTF-8, those bytes as windows-1254.
MIXED_UTF8 = "utf-8+cp1254"
CHARSET_NAMES = {"utf-8": "UTF-8", "cp1254": "windows-1254", "iso8859-9": "ISO-8859-9",
                 MIXED_UTF8: N_("UTF-8 (bazı baytları windows-1254)")}
# Western charsets Turkish mail is often mislabelled with: the bytes of ğ ş ı Ğ Ş İ read as
# ð þ ý Ð Þ Ý, letters Turkish never uses. Value: the Turkish charset of the same layout.
_WESTERN_TO_TURKISH = {
    "iso8859-1": "iso8859-9",
    "iso8859-15": "iso8859-9",
    "cp1252": "cp1254",
}
_NOT_TURKISH = frozenset("ðþýÐÞÝ")
_STRAY_BYTES = "bimer-stray-cp1254"
_SURROGATE = re.compile("[\ud800-\udfff]")


def _stray_as_cp1254(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start:error.end]
    return bytes(bad).decode("cp1254", "replace"), error.end


codecs.register_error(_STRAY_BYTES, _stray_as_cp1254)


def decode_text(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode a part's bytes; returns the text and, if the declared charset could not be
    trusted, a Turkish notice saying what was used instead."""
    codec = codec_name(declared) if declared else None
    if codec is not None:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            if codec.startswith(("utf-16", "utf-32")):
                # Not 8-bit text a fallback could read: a damaged UTF-16 part.
                return data.decode(codec, "replace"), (
                    _("E-posta metninde {declared} olarak yazılmış bazı harfler bozuk; "
                      "okunamayanların yerine \ufffd işareti konuldu. Metni kontrol "
                      "edin.").format(declared=declared))
        else:
            if _has_lone_surrogate(text):
                # UTF-7 (and UTF-16) can spell half of a character: the part is damaged.
                return no_surrogates(text), (
                    _("E-posta metninde {declared} olarak yazılmış bazı harfler bozuk; "
                      "okunamayanların yerine \ufffd işareti konuldu. Metni kontrol edin.").format(
                        declared=declared))
            turkish = _WESTERN_TO_TURKISH.get(codec)
            if turkish is None or not _looks_mislabelled(data, text):
                return text, None
            text, used = decode_fallback(data, prefer=turkish)
            return text, (
                _("E-posta metni {declared} olarak bildirilmiş ama Türkçe harfleri {charset} "
                  "düzeninde; {charset} olarak okundu. Türkçe harfleri kontrol edin.").format(
                    declared=declared, charset=_(CHARSET_NAMES[used]))
            )
    if data.isascii():
        return data.decode("ascii"), None
    text, used = decode_fallback(data)
    if declared is None:
        reason = _("karakter kümesi belirtilmemiş")
    elif codec is None:
        reason = _("bilinmeyen bir karakter kümesi bildirilmiş ({declared})").format(
            declared=declared)
    else:
        reason = _("bildirilen karakter kümesiyle ({declared}) okunamadı").format(
            declared=declared)
    return text, (
        _("E-posta metninde {reason}; {charset} olarak okundu. Türkçe harfleri kontrol "
          "edin.").format(reason=reason, charset=_(CHARSET_NAMES[used]))
    )


def _looks_mislabelled(data: bytes, text: str) -> bool:
    """Turkish bytes behind a Western label: valid UTF-8, or letters Turkish never has."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return any(ch in _NOT_TURKISH for ch in text)
    return True


def decode_fallback(data: bytes, prefer: str | None = None) -> tuple[str, str]:
    """UTF-8 if the bytes are valid UTF-8 (8-bit text in another charset almost never is);
    UTF-8 with its few stray bytes read as windows-1254 when most of the text is UTF-8;
    else ``prefer``, else windows-1254, else ISO-8859-9, which defines every byte."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = data.decode("utf-8", _STRAY_BYTES)
    utf8_letters = sum(1 for ch in data.decode("utf-8", "ignore") if ord(ch) > 0x7F)
    stray = len(data.decode("utf-8", "replace")) - len(data.decode("utf-8", "ignore"))
    if utf8_letters > stray:
        return mixed, MIXED_UTF8
    for charset in (*([prefer] if prefer else []), *FALLBACK_CHARSETS[1:]):
        try:
            return data.decode(charset), charset
        except UnicodeDecodeError:
            continue
    raise AssertionError("ISO-8859-9 decodes every byte")


def codec_name(name: str) -> str | None:
    """Python's codec for a MIME charset name, or None (``x-mac-turkish`` is mac_turkish)."""
    cleaned = name.strip().strip('"').strip("'").lower()
    for candidate in (cleaned, cleaned.removeprefix("x-")):
        try:
            info = codecs.lookup(candidate)
        except (LookupError, ValueError):
            continue
        # Not a text encoding (base64, rot13, zlib…): a charset label must not pick one.
        if getattr(info, "_is_text_encoding", True):
            return info.name
    return None


def meta_charset(payload: bytes) -> str | None:
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", payload[:4096],
                      re.IGNORECASE)
    return match.group(1).decode("ascii") if match else None


def has_escaped_bytes(value: str) -> bool:
    """Raw 8-bit bytes the mail parser kept as surrogates (surrogateescape)."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _has_lone_surrogate(value: str) -> bool:
    return _SURROGATE.search(value) is not None


def no_surrogates(value: str) -> str:
    """Escaped raw bytes decoded as Turkish mail would be, and any other half of a UTF-16
    pair (no letter; the database cannot store it) made U+FFFD."""
    if not _has_lone_surrogate(value):
        return value
    if has_escaped_bytes(value):
        pieces = re.split("([\udc80-\udcff]+)", value)
        value = "".join(
            decode_fallback(piece.encode("ascii", "surrogateescape"))[0]
            if piece and has_escaped_bytes(piece) else piece
            for piece in pieces)
    return _SURROGATE.sub("\ufffd", value)


# -- HTML -------------------------------------------------------------------------------


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: paragraphs and line breaks kept, scripts and styles
    dropped, entities decoded."""
    converter = _HtmlText()
    converter.feed(html)
    converter.close()
    return converter.text()


class _HtmlText(HTMLParser):
    _SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
    _PARAGRAPHS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table",
         "dl", "hr"}
    )
    _LINES = frozenset(
        {"div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "address",
         "center", "form", "fieldset", "figure", "figcaption", "main", "nav", "aside"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._current: list[str] = []
        self._skipping = 0
        self._preformatted = 0
        self._blank_pending = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self._finish_line()
        elif tag in self._PARAGRAPHS:
            self._paragraph()
        elif tag in self._LINES:
            self._break()
        if tag == "li":
            self._current.append("- ")
        elif tag in ("td", "th") and "".join(self._current).strip():
            self._current.append(" ")
        if tag == "pre":
            self._preformatted += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._SKIPPED:  # <script/> opens nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._PARAGRAPHS:
            self._paragraph()
        elif tag in self._LINES:
            self._break()
        if tag == "pre":
            self._preformatted = max(0, self._preformatted - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._preformatted:
            first, *rest = data.split("\n")
            self._add(first)
            for line in rest:
                self._finish_line()
                self._add(line)
            return
        # &nbsp; spaces out a web page; in the application text it is an ordinary space.
        self._add(re.sub(r"[ \t\n\r\f\xa0]+", " ", data))

    def _add(self, data: str) -> None:
        if not data or (data == " " and not "".join(self._current).strip()):
            return
        if data.strip() and self._blank_pending:
            if self._lines and self._lines[-1]:
                self._lines.append("")
            self._blank_pending = False
        self._current.append(data)

    def _finish_line(self) -> None:
        line = "".join(self._current)
        self._lines.append(line.rstrip() if self._preformatted else line.strip())
        self._current = []

    def _break(self) -> None:
        if "".join(self._current).strip():
            self._finish_line()
        else:
            self._current = []

    def _paragraph(self) -> None:
        self._break()
        self._blank_pending = True

    def text(self) -> str:
        self._break()
        joined = "\n".join(self._lines)
        return re.sub(r"\n{3,}", "\n\n", joined).strip("\n")
