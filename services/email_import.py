"""A citizen's e-mail (.eml) as a draft e-mail application, prefilled, with its attachments.

Turkish mail arrives in UTF-8, ISO-8859-9 and windows-1254, often mislabelled, sometimes
with raw 8-bit headers. Nothing here guesses silently: every fallback adds a notice for
the clerk, and nothing a sender can put in a message makes the import crash. The clerk
still chooses the application type and subject; validation runs when the form is saved.
"""

from __future__ import annotations

import codecs
import email.header
import logging
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date
from email import policy
from email.headerregistry import Address, BaseHeader
from email.message import EmailMessage, Message
from email.parser import BytesParser
from html.parser import HTMLParser

from models.application_form import ApplicationForm
from models.enums import Channel
from models.file_names import sanitize_file_name
from models.i18n import _, format_number
from models.turkey_time import TURKEY
from models.turkish_text import MAX_TEXT_LENGTH, text_length
from services.attachments import AttachmentRefused, AttachmentService
from services.drafts import AttachmentInfo, DraftService, DraftSource

log = logging.getLogger("bimer.email_import")

# Headers any real message has at least one of; a file with none of them is not an e-mail.
_MAIL_HEADERS = ("from", "date", "subject", "message-id", "mime-version", "received", "to")
_FALLBACK_CHARSETS = ("utf-8", "cp1254", "iso8859-9")
_CHARSET_NAMES = {"utf-8": "UTF-8", "cp1254": "windows-1254", "iso8859-9": "ISO-8859-9"}
# Western charsets Turkish mail is often mislabelled with: the bytes of ğ ş ı Ğ Ş İ read as
# ð þ ý Ð Þ Ý, letters Turkish never uses. Value: the Turkish charset of the same layout.
_WESTERN_TO_TURKISH = {
    "iso8859-1": "iso8859-9",
    "iso8859-15": "iso8859-9",
    "cp1252": "cp1254",
}
_NOT_TURKISH = frozenset("ðþýÐÞÝ")
# Matched against the words of a sender's name (data, never shown).
_ORGANIZATION_WORDS = frozenset(
    {
        "a.ş.", "aş", "ltd", "şti", "ltd.", "şti.", "san", "tic",  # i18n: not shown
        "holding", "belediye", "belediyesi", "bakanlığı", "müdürlüğü",  # i18n: not shown
        "başkanlığı", "valiliği", "kaymakamlığı", "derneği", "vakfı",  # i18n: not shown
        "birliği", "sendikası", "odası", "kurumu", "üniversitesi",  # i18n: not shown
        "okulu", "lisesi", "hastanesi", "şirketi", "destek", "bilgi",  # i18n: not shown
        "iletişim", "info", "noreply", "support", "team", "ekibi",  # i18n: not shown
        "servisi", "merkezi",
    }
)  # fmt: skip


class EmailImportError(ValueError):
    """The file cannot be read as an e-mail; the message is Turkish and safe to show."""


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes
    media_type: str


@dataclass(frozen=True)
class ParsedEmail:
    form: ApplicationForm
    attachments: tuple[IncomingFile, ...]
    notices: tuple[str, ...]


@dataclass(frozen=True)
class EmailImport:
    """What ``EmailImportService.import_message`` made: the draft and what to tell the clerk."""

    draft_id: int
    attachment_count: int
    notices: tuple[str, ...]


class EmailImportService:
    def __init__(self, drafts: DraftService, attachments: AttachmentService) -> None:
        self._drafts = drafts
        self._attachments = attachments

    def import_eml(self, data: bytes, user: str, *, received: date) -> int:
        """A draft (source ``email``) with its attachments stored; returns the draft id."""
        return self.import_message(data, user, received=received).draft_id

    def import_message(self, data: bytes, user: str, *, received: date) -> EmailImport:
        """As ``import_eml``, also returning the notices the clerk must see."""
        parsed = parse_eml(data, received=received)
        notices = list(parsed.notices)
        # Blobs first: a crash before the draft row leaves only an unreferenced blob.
        infos = []
        attached_bytes = 0
        for incoming in parsed.attachments:
            # The same content checks and limits as a file the clerk attaches by hand: an
            # e-mail is the easiest way for a hostile file to reach the desk.
            try:
                checked = self._attachments.check(incoming.name, incoming.data,
                                                  attached_bytes=attached_bytes)
            except AttachmentRefused as refusal:
                notices.append(_("Ek alınmadı — {name}: {reason}").format(
                    name=incoming.name, reason=refusal))
                continue
            stored = self._attachments.store(checked)
            attached_bytes += stored.size
            infos.append(AttachmentInfo(stored.sha256, stored.size, stored.media_type,
                                        stored.name))
        draft_id = self._drafts.create(
            user, parsed.form, source=DraftSource.EMAIL, attachments=infos
        )
        log.info("e-mail imported as draft %d with %d attachments", draft_id, len(infos))
        return EmailImport(draft_id, len(infos), tuple(notices))


def parse_eml(data: bytes, *, received: date) -> ParsedEmail:
    """Read one message; ``EmailImportError`` when the file is empty or not an e-mail."""
    return _Reader(data, received).read()


class _Reader:
    def __init__(self, data: bytes, received: date) -> None:
        self.data = data
        self.received = received
        self.notices: list[str] = []

    def read(self) -> ParsedEmail:
        if not self.data.strip():
            raise EmailImportError(_("Dosya boş."))
        try:
            message = BytesParser(policy=policy.default).parsebytes(self.data)
        except Exception as error:  # the parser is lenient; anything it still rejects
            raise EmailImportError(_("Dosya bir e-posta iletisi olarak okunamadı.")) from error
        assert isinstance(message, EmailMessage)
        present = {name.lower() for name in message}
        if not present.intersection(_MAIL_HEADERS):
            raise EmailImportError(
                _("Dosya bir e-posta iletisi değil: From, Date, Subject gibi başlıklar yok.")
            )
        self.message = message
        values: dict[str, str] = {
            "channel": Channel.EMAIL.value,
            "received_date": f"{self.received:%d.%m.%Y}",
        }
        values.update(self._sender())
        values["email_subject"] = self._subject()
        values["paper_date"] = self._paper_date()
        text, files = self._content()
        values["text"] = text
        if text_length(text) > MAX_TEXT_LENGTH:
            self.notices.append(
                _("E-posta metni {length} karakter; başvuru metni en çok {limit} karakter "
                  "olabilir. Metin kesilmedi: kaydetmeden önce kısaltılmalıdır.").format(
                    length=format_number(text_length(text)),
                    limit=format_number(MAX_TEXT_LENGTH))
            )
        if any(_has_surrogates(value) for value in values.values()):
            # Undecodable bytes that slipped through would make the database refuse the draft.
            values = {k: v.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                      for k, v in values.items()}
            self.notices.append(_("E-postadaki bazı harfler okunamadı."))
        return ParsedEmail(ApplicationForm(**values), tuple(files), tuple(self.notices))

    # -- headers ------------------------------------------------------------------------

    def _raw_header(self, name: str) -> str | None:
        for key, value in self.message.raw_items():
            if key.lower() == name:
                return str(value)
        return None

    def _header(self, name: str, label: str) -> BaseHeader | None:
        """The header, decoded even when a mailer wrote raw 8-bit bytes into it."""
        raw = self._raw_header(name)
        if raw is None:
            return None
        text = "".join(raw.splitlines())
        if _has_surrogates(text):
            # The parser keeps undeclared 8-bit bytes as surrogates: recover and decode them.
            text, used = _decode_fallback(text.encode("ascii", "surrogateescape"))
            self.notices.append(
                _("{header} başlığında karakter kümesi belirtilmemiş; {charset} olarak okundu. "
                  "Türkçe harfleri kontrol edin.").format(header=label,
                                                          charset=_CHARSET_NAMES[used])
            )
        try:
            header: BaseHeader = policy.default.header_factory(name, text)
        except Exception:  # a header the parser cannot model must not stop the import
            self.notices.append(_("{header} başlığı okunamadı.").format(header=label))
            return None
        return header

    def _sender(self) -> dict[str, str]:
        header = self._header("from", _("Gönderen (From)"))
        if header is None:
            self.notices.append(_("Gönderen (From) başlığı yok; e-posta adresini elle girin."))
            return {}
        values = {"sender_as_written": " ".join(str(header).split())}
        addresses: tuple[Address, ...] = getattr(header, "addresses", ())
        if not addresses:
            self.notices.append(_("Gönderen adresi okunamadı; e-posta adresini elle girin."))
            return values
        if len(addresses) > 1:
            self.notices.append(_("Gönderen başlığında birden çok adres var; ilki alındı."))
        sender = addresses[0]
        if "@" in sender.addr_spec:
            values["email"] = sender.addr_spec
        else:
            self.notices.append(_("Gönderen adresi geçersiz; e-posta adresini elle girin."))
        display = " ".join(sender.display_name.split())
        if "\ufffd" in display:
            self.notices.append(_("Gönderen adındaki bazı harfler okunamadı."))
        name = person_name(display)
        if name is not None:
            values["first_name"], values["last_name"] = name
        reply_to = self._header("reply-to", _("Yanıt adresi (Reply-To)"))
        reply_addresses: tuple[Address, ...] = getattr(reply_to, "addresses", ())
        if reply_addresses and reply_addresses[0].addr_spec.lower() != sender.addr_spec.lower():
            self.notices.append(
                _("Yanıt adresi (Reply-To) gönderen adresinden farklı; vatandaşa hangi "
                  "adresten dönüleceğini kontrol edin.")
            )
        return values

    def _subject(self) -> str:
        raw = self._raw_header("subject")
        header = self._header("subject", _("Konu (Subject)"))
        if header is None:
            return ""
        subject = str(header)
        if "\ufffd" in subject and raw is not None and not _has_surrogates(raw):
            # An encoded word in a charset Python does not know: decode it ourselves.
            subject = self._decode_encoded_words(raw) or subject
        if "\ufffd" in subject:
            self.notices.append(_("E-posta konusundaki bazı harfler okunamadı."))
        return " ".join(subject.split())

    def _decode_encoded_words(self, raw: str) -> str | None:
        try:
            pieces = email.header.decode_header("".join(raw.splitlines()))
        except Exception:  # broken base64 in an encoded word
            return None
        decoded = []
        for chunk, charset in pieces:
            if isinstance(chunk, str):
                decoded.append(chunk)
            else:
                text, _notice = decode_text(chunk, charset)
                decoded.append(text)
        return "".join(decoded)

    def _paper_date(self) -> str:
        header = self._header("date", _("Tarih (Date)"))
        moment = getattr(header, "datetime", None)
        if moment is None:
            self.notices.append(_("E-postanın tarihi okunamadı; belge tarihi boş bırakıldı."))
            return ""
        if moment.tzinfo is None:  # "-0000": UTC, the sender's zone unknown (RFC 5322)
            moment = moment.replace(tzinfo=UTC)
        return f"{moment.astimezone(TURKEY).date():%d.%m.%Y}"

    # -- body and attachments -----------------------------------------------------------

    def _content(self) -> tuple[str, list[IncomingFile]]:
        body, text = self._body()
        alternative = _alternative_root(self.message, body) if body is not None else None
        files: list[IncomingFile] = []
        extra_texts: list[str] = []
        for part, in_alternative in _leaves(self.message, alternative):
            if part is body:
                continue
            incoming = self._incoming_file(part, len(files) + 1)
            if incoming is not None:
                files.append(incoming)
            elif part.get_content_maintype() == "text" and not in_alternative:
                extra = self._part_text(part).strip()
                if extra:
                    extra_texts.append(extra)
        if extra_texts:
            self.notices.append(_("E-postanın birden çok metin bölümü tek metinde "
                                  "birleştirildi."))
            text = "\n\n".join(piece for piece in (text, *extra_texts) if piece)
        if not text:
            self.notices.append(_("E-postada başvuru metni bulunamadı; metni elle girin."))
        return text, files

    def _body(self) -> tuple[EmailMessage | None, str]:
        """Plain text if the message has it, else its HTML made readable."""
        first: EmailMessage | None = None
        for preference in ("plain", "html"):
            try:
                part = self.message.get_body(preferencelist=(preference,))
            except Exception:
                part = None
            if not isinstance(part, EmailMessage):
                continue
            text = self._part_text(part).strip()
            if text:
                return part, text
            first = first or part
        return first, ""

    def _part_text(self, part: Message) -> str:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return ""
        declared = part.get_content_charset()
        is_html = part.get_content_subtype() == "html"
        if declared is None and is_html:
            declared = _meta_charset(payload)
        text, notice = decode_text(payload, declared)
        if notice:
            self.notices.append(notice)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return html_to_text(text) if is_html else text

    def _incoming_file(self, part: Message, index: int) -> IncomingFile | None:
        media_type = part.get_content_type()
        if media_type == "message/rfc822":
            return self._forwarded_message(part, index)
        name = self._file_name(part)
        if name is None and part.get_content_disposition() != "attachment":
            return None  # body text, or a nameless inline image (a logo in a signature)
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        safe = sanitize_file_name(name or "", index, media_type)
        if media_type == "application/octet-stream":
            media_type = mimetypes.guess_type(safe)[0] or media_type
        return IncomingFile(safe, data, media_type)

    def _forwarded_message(self, part: Message, index: int) -> IncomingFile | None:
        inner = part.get_payload(0) if part.is_multipart() else None
        try:
            data = inner.as_bytes() if isinstance(inner, Message) else b""
        except Exception:
            data = b""
        if not data:
            self.notices.append(_("İletilmiş bir e-posta eki okunamadı ve alınmadı."))
            return None
        name = self._file_name(part) or "iletilen-eposta.eml"
        return IncomingFile(sanitize_file_name(name, index, "message/rfc822"), data,
                            "message/rfc822")

    def _file_name(self, part: Message) -> str | None:
        try:
            name = part.get_filename()
        except Exception:
            self.notices.append(_("Bir ekin dosya adı okunamadı; ad verildi."))
            return ""
        if name is None:
            return None
        if _has_surrogates(name):
            name, _used = _decode_fallback(name.encode("utf-8", "surrogateescape"))
        return name


def _leaves(root: Message, alternative: Message | None) -> Iterator[tuple[Message, bool]]:
    """Every non-multipart part (a forwarded message counts as one), and whether it lies
    inside the multipart/alternative that holds the body (another rendering of it)."""

    def walk(part: Message, inside: bool) -> Iterator[tuple[Message, bool]]:
        if part.get_content_type() == "message/rfc822" or not part.is_multipart():
            yield part, inside
            return
        payload = part.get_payload()
        children = payload if isinstance(payload, list) else []
        for child in children:
            if isinstance(child, Message):
                yield from walk(child, inside or part is alternative)

    yield from walk(root, False)


def _alternative_root(root: Message, body: Message) -> Message | None:
    """The outermost multipart/alternative between the root and the body, if any."""

    def path(part: Message) -> list[Message] | None:
        if part is body:
            return [part]
        if part.get_content_type() == "message/rfc822" or not part.is_multipart():
            return None
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            if isinstance(child, Message):
                found = path(child)
                if found is not None:
                    return [part, *found]
        return None

    for ancestor in path(root) or []:
        if ancestor.get_content_type() == "multipart/alternative":
            return ancestor
    return None


# -- charsets ---------------------------------------------------------------------------


def decode_text(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode a part's bytes; returns the text and, if the declared charset could not be
    trusted, a Turkish notice saying what was used instead."""
    codec = _codec(declared) if declared else None
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            turkish = _WESTERN_TO_TURKISH.get(codec)
            if turkish is None or not _looks_mislabelled(data, text):
                return text, None
            text, used = _decode_fallback(data, prefer=turkish)
            return text, (
                _("E-posta metni {declared} olarak bildirilmiş ama Türkçe harfleri {charset} "
                  "düzeninde; {charset} olarak okundu. Türkçe harfleri kontrol edin.").format(
                    declared=declared, charset=_CHARSET_NAMES[used])
            )
    if data.isascii():
        return data.decode("ascii"), None
    text, used = _decode_fallback(data)
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
          "edin.").format(reason=reason, charset=_CHARSET_NAMES[used])
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


def _decode_fallback(data: bytes, prefer: str | None = None) -> tuple[str, str]:
    """UTF-8 if the bytes are valid UTF-8 (8-bit text in another charset almost never is),
    else ``prefer``, else windows-1254, else ISO-8859-9, which defines every byte."""
    order = ["utf-8", *([prefer] if prefer else []), *_FALLBACK_CHARSETS[1:]]
    for charset in order:
        try:
            return data.decode(charset), charset
        except UnicodeDecodeError:
            continue
    raise AssertionError("ISO-8859-9 decodes every byte")


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().strip('"').lower()).name
    except (LookupError, ValueError):
        return None


def _meta_charset(payload: bytes) -> str | None:
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", payload[:4096],
                      re.IGNORECASE)
    return match.group(1).decode("ascii") if match else None


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


# -- names ------------------------------------------------------------------------------


def person_name(display_name: str) -> tuple[str, str] | None:
    """``Ayşe Nur Yılmaz`` → (``Ayşe Nur``, ``Yılmaz``); None unless it looks like a person:
    two to four words of letters, none of them a word institutions put in their names."""
    words = display_name.split()
    if not 2 <= len(words) <= 4:
        return None
    for word in words:
        if not word[0].isalpha() or not all(ch.isalpha() or ch in "-'" for ch in word):
            return None
        lower = word.replace("İ", "i").replace("I", "ı").lower()  # i18n: not shown
        if lower in _ORGANIZATION_WORDS:
            return None
    return " ".join(words[:-1]), words[-1]


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
