"""A citizen's e-mail (.eml) as a draft e-mail application, prefilled, with its attachments.

Turkish mail arrives in UTF-8, ISO-8859-9 and windows-1254, often mislabelled, sometimes
with raw 8-bit headers, from mailers old and new. Nothing here guesses silently: every
fallback adds a notice for the clerk, and nothing a sender can put in a message makes the
import crash — a message the parser cannot make sense of at all is a Turkish refusal
(``EmailImportError``), any part of it that cannot be read is a notice, and the rest is
kept. The clerk still chooses the application type and subject; validation runs when the
form is saved. Charsets and HTML: ``services/mail_text.py``; unquoted boundaries,
uuencoded files and winmail.dat: ``services/mail_parts.py``. The hostile-input corpus that
holds all this to account: ``tests/services/mail_corpus/``.
"""

from __future__ import annotations

import base64
import email.header
import logging
import mimetypes
import quopri
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date
from email import policy
from email.headerregistry import Address, BaseHeader
from email.message import EmailMessage, Message
from email.parser import BytesParser
from functools import partial
from typing import TypeVar

from models.application_form import ApplicationForm
from models.enums import Channel
from models.file_names import sanitize_file_name
from models.i18n import _, format_number, ngettext
from models.turkey_time import TURKEY
from models.turkish_text import MAX_TEXT_LENGTH, text_length
from services.attachments import MESSAGE_MEDIA_TYPE, AttachmentRefused, AttachmentService
from services.drafts import AttachmentInfo, DraftService, DraftSource
from services.mail_parts import (
    UnpackedFile,
    is_tnef,
    quote_bare_boundaries,
    strip_bom,
    take_uuencoded,
    unpack_tnef,
)
from services.mail_text import (
    CHARSET_NAMES,
    decode_fallback,
    decode_text,
    has_escaped_bytes,
    html_to_text,
    meta_charset,
    no_surrogates,
)

__all__ = ["EmailImport", "EmailImportError", "EmailImportService", "IncomingFile",
           "ParsedEmail", "decode_text", "html_to_text", "parse_eml", "person_name"]

log = logging.getLogger("bimer.email_import")

T = TypeVar("T")

# Headers any real message has at least one of; a file with none of them is not an e-mail.
_MAIL_HEADERS = ("from", "date", "subject", "message-id", "mime-version", "received", "to")
# Deeper than any mailer nests parts; a hostile message nests thousands to exhaust a walk.
MAX_PART_DEPTH = 40
# A forward inside a forward inside…: each level's text is quoted in the draft, up to here.
MAX_FORWARD_DEPTH = 4
FORWARDED_NAME = "iletilen-eposta.eml"  # i18n: not shown (a file name)
# A run of opening parentheses no mailer writes (the header parser recurses on each).
_DEEP_COMMENTS = re.compile(rb"[(]{64,}")
# Longer headers are cut here before they are parsed: the standard parser takes minutes
# over a megabyte-long Subject (it is quadratic), and no real header comes near this.
MAX_HEADER_CHARS = 4000
_FILE_NAME_PARAMETER = re.compile(r'(?i)\b(?:file)?name\s*=\s*"?([^";\r\n]*)')
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
        """As ``import_eml``, also returning the notices the clerk must see.

        Raises ``EmailImportError`` (Turkish, for the clerk) or ``OSError`` (the disk), never
        anything else: a batch of files goes on with the next one."""
        parsed = parse_eml(data, received=received)
        notices = list(parsed.notices)
        # Blobs first: a crash before the draft row leaves only an unreferenced blob.
        infos = []
        attached_bytes = 0
        for incoming in parsed.attachments:
            # The same content checks and limits as a file the clerk attaches by hand: an
            # e-mail is the easiest way for a hostile file to reach the desk. A forwarded
            # e-mail is kept whole, as evidence, within the size limits.
            try:
                if incoming.media_type == MESSAGE_MEDIA_TYPE:
                    stored = self._attachments.store_message(
                        incoming.name, incoming.data, attached_bytes=attached_bytes)
                else:
                    checked = self._attachments.check(incoming.name, incoming.data,
                                                      attached_bytes=attached_bytes)
                    stored = self._attachments.store(checked)
            except AttachmentRefused as refusal:
                notices.append(_("Ek alınmadı — {name}: {reason}").format(
                    name=incoming.name, reason=refusal))
                continue
            attached_bytes += stored.size
            infos.append(AttachmentInfo(stored.sha256, stored.size, stored.media_type,
                                        stored.name))
        draft_id = self._drafts.create(
            user, parsed.form, source=DraftSource.EMAIL, attachments=infos
        )
        log.info("e-mail imported as draft %d with %d attachments", draft_id, len(infos))
        return EmailImport(draft_id, len(infos), tuple(notices))


def parse_eml(data: bytes, *, received: date) -> ParsedEmail:
    """Read one message; ``EmailImportError`` when the file is empty, not an e-mail, or
    beyond reading altogether."""
    try:
        return _Reader(data, received).read()
    except EmailImportError:
        raise
    except (RecursionError, MemoryError, Exception) as error:
        # Every step below guards itself; this is the net under the net. No content in
        # the log, only what kind of failure it was.
        log.warning("e-mail could not be read: %s", type(error).__name__)
        raise EmailImportError(
            _("İleti okunamadı: yapısı bozuk. Dosyayı bir e-posta programında açıp yeniden "
              "kaydedin ya da başvuruyu elle girin.")) from error


class _Reader:
    def __init__(self, data: bytes, received: date, forward_depth: int = 0) -> None:
        self.data = data
        self.received = received
        self.forward_depth = forward_depth
        self.notices: list[str] = []

    def read(self) -> ParsedEmail:
        data = strip_bom(self.data)
        if not data.strip():
            raise EmailImportError(_("Dosya boş."))
        message = _parse(quote_bare_boundaries(data))
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
        no_sender: dict[str, str] = {}
        values.update(self._guarded(self._sender, no_sender, _("Gönderen (From)")))
        values["email_subject"] = self._guarded(self._subject, "", _("Konu (Subject)"))
        values["paper_date"] = self._guarded(self._paper_date, "", _("Tarih (Date)"))
        nothing: tuple[str, list[IncomingFile]] = ("", [])
        text, files = self._guarded(self._content, nothing, _("ileti gövdesi"))
        values["text"] = text
        if text_length(text) > MAX_TEXT_LENGTH:
            self.notices.append(
                _("E-posta metni {length} karakter; başvuru metni en çok {limit} karakter "
                  "olabilir. Metin kesilmedi: kaydetmeden önce kısaltılmalıdır.").format(
                    length=format_number(text_length(text)),
                    limit=format_number(MAX_TEXT_LENGTH))
            )
        cleaned = {key: no_surrogates(value) for key, value in values.items()}
        if cleaned != values:
            # Undecodable bytes or half characters would make the database refuse the draft.
            self.notices.append(_("E-postadaki bazı harfler okunamadı."))
        notices = tuple(no_surrogates(notice) for notice in dict.fromkeys(self.notices))
        return ParsedEmail(ApplicationForm(**cleaned), tuple(files), notices)

    def _guarded(self, step: Callable[[], T], default: T, what: str) -> T:
        """One part of the reading; if the message defeats it (a header nested past the
        parser's recursion limit, a date past year 9999…), a notice and ``default``."""
        try:
            return step()
        except (RecursionError, Exception) as error:
            log.info("e-mail: %s could not be read (%s)", _step_name(step),
                     type(error).__name__)
            self.notices.append(
                _("E-postanın bir bölümü okunamadı ({part}); geri kalanı alındı.").format(
                    part=what))
            return default

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
        if len(text) > MAX_HEADER_CHARS:
            self.notices.append(
                _("{header} başlığı çok uzun ({length} karakter); ilk {limit} karakteri "
                  "alındı.").format(header=label, length=format_number(len(text)),
                                    limit=format_number(MAX_HEADER_CHARS)))
            text = text[:MAX_HEADER_CHARS]
        if has_escaped_bytes(text):
            # The parser keeps undeclared 8-bit bytes as surrogates: recover and decode them.
            text, used = decode_fallback(text.encode("ascii", "surrogateescape"))
            self.notices.append(
                _("{header} başlığında karakter kümesi belirtilmemiş; {charset} olarak okundu. "
                  "Türkçe harfleri kontrol edin.").format(header=label,
                                                          charset=_(CHARSET_NAMES[used]))
            )
        try:
            header: BaseHeader = policy.default.header_factory(name, text)
        except (RecursionError, Exception):  # a header the parser cannot model
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
        if "\ufffd" in subject and raw is not None and not has_escaped_bytes(raw):
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
        try:
            day = moment.astimezone(TURKEY).date()
        except (OverflowError, ValueError):  # 31 Dec 9999 23:00 -0100 is year 10000 here
            self.notices.append(_("E-postanın tarihi takvimin dışında; belge tarihi boş "
                                  "bırakıldı."))
            return ""
        return f"{day:%d.%m.%Y}"

    # -- body and attachments -----------------------------------------------------------

    def _content(self) -> tuple[str, list[IncomingFile]]:
        body, text = self._body()
        alternative = (self._guarded(lambda: _alternative_root(self.message, body), None,
                                     _("ileti bölümleri"))
                       if body is not None else None)
        files: list[IncomingFile] = []
        extra_texts: list[str] = []
        forwarded_texts: list[str] = []
        for part, in_alternative in _leaves(self.message, alternative, self.notices):
            if part is body:
                continue
            if _content_type(part) == "message/rfc822":
                forwarded, quoted = self._forwarded_message(part, len(files) + 1)
                if forwarded is not None:
                    files.append(forwarded)
                if quoted:
                    forwarded_texts.append(quoted)
                continue
            incoming = self._guarded(partial(self._incoming_file, part, len(files) + 1),
                                     None, _("bir ek"))
            if incoming is not None:
                files.extend(self._unpacked(incoming))
            elif _main_type(part) == "text" and not in_alternative:
                extra = self._guarded(partial(self._part_text, part), "",
                                      _("bir metin bölümü")).strip()
                if extra:
                    extra_texts.append(extra)
        if extra_texts:
            self.notices.append(_("E-postanın birden çok metin bölümü tek metinde "
                                  "birleştirildi."))
            text = "\n\n".join(piece for piece in (text, *extra_texts) if piece)
        text, uuencoded = take_uuencoded(text)
        for found in uuencoded:
            files.extend(self._unpacked(_file_of(found, len(files) + 1)))
        if uuencoded:
            self.notices.append(ngettext(
                "Metnin içine gömülmüş (uuencode) {count} dosya ek olarak alındı.",
                "Metnin içine gömülmüş (uuencode) {count} dosya ek olarak alındı.",
                len(uuencoded)).format(count=len(uuencoded)))
        if forwarded_texts:
            self.notices.append(_("İletilmiş e-posta .eml eki olarak alındı; metni başvuru "
                                  "metnine alıntılandı."))
            text = "\n\n".join(piece for piece in (text, *forwarded_texts) if piece)
        if not text:
            self.notices.append(_("E-postada başvuru metni bulunamadı; metni elle girin."))
        return text, files

    def _body(self) -> tuple[EmailMessage | None, str]:
        """Plain text if the message has it, else its HTML made readable."""
        first: EmailMessage | None = None
        for preference in ("plain", "html"):
            try:
                part = self.message.get_body(preferencelist=(preference,))
            except (RecursionError, Exception):
                part = None
            if not isinstance(part, EmailMessage):
                continue
            text = self._guarded(partial(self._part_text, part), "",
                                 _("ileti metni")).strip()
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
            declared = meta_charset(payload)
        text, notice = decode_text(payload, declared)
        if notice:
            self.notices.append(notice)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return html_to_text(text) if is_html else text

    def _incoming_file(self, part: Message, index: int) -> IncomingFile | None:
        media_type = part.get_content_type()
        name = self._file_name(part)
        if name is None and part.get_content_disposition() != "attachment":
            return None  # body text, or a nameless inline image (a logo in a signature)
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        safe = sanitize_file_name(name or "", index, media_type)
        if media_type == "application/octet-stream":
            media_type = mimetypes.guess_type(safe)[0] or media_type
        return IncomingFile(safe, data, media_type)

    def _unpacked(self, incoming: IncomingFile) -> list[IncomingFile]:
        """The file, or the files inside it when it is Outlook's winmail.dat."""
        if not is_tnef(incoming.name, incoming.media_type, incoming.data):
            return [incoming]
        tnef = unpack_tnef(incoming.data)
        if tnef is None:
            self.notices.append(_("Outlook eki (winmail.dat) açılamadı; içindeki dosyalar "
                                  "alınamadı."))
            return []
        self.notices.append(ngettext("Outlook eki (winmail.dat) açıldı: {count} dosya.",
                                     "Outlook eki (winmail.dat) açıldı: {count} dosya.",
                                     len(tnef.files)).format(count=len(tnef.files)))
        return [_file_of(found, index) for index, found in enumerate(tnef.files, start=1)]

    def _forwarded_message(self, part: Message, index: int) -> tuple[IncomingFile | None, str]:
        """A forwarded e-mail: kept whole as an .eml attachment, and its text quoted."""
        data = self._guarded(lambda: _forwarded_bytes(part), b"", _("iletilmiş e-posta"))
        if not data.strip():
            self.notices.append(_("İletilmiş bir e-posta eki okunamadı ve alınmadı."))
            return None, ""
        name = self._guarded(lambda: self._file_name(part), None, _("bir ekin adı"))
        safe = sanitize_file_name(name or FORWARDED_NAME, index, MESSAGE_MEDIA_TYPE)
        if not safe.lower().endswith(".eml"):
            safe += ".eml"
        return IncomingFile(safe, data, MESSAGE_MEDIA_TYPE), self._quoted(data)

    def _quoted(self, data: bytes) -> str:
        """The forwarded message's sender, date, subject and text, as a mail client quotes."""
        heading = _("---------- İletilmiş e-posta ----------")
        if self.forward_depth >= MAX_FORWARD_DEPTH:
            return heading + "\n" + _("(Daha içteki iletilmiş e-postalar yalnızca ek olarak "
                                      "alındı.)")
        try:
            inner = _Reader(data, self.received, self.forward_depth + 1).read()
        except EmailImportError:
            return heading + "\n" + _("(İletilmiş e-postanın metni okunamadı; ekine bakın.)")
        form = inner.form
        lines = [heading]
        for label, value in ((_("Kimden"), form.sender_as_written),
                             (_("Tarih"), form.paper_date),
                             (_("Konu"), form.email_subject)):
            if value:
                lines.append(f"{label}: {value}")
        body = form.text.strip()
        if body:
            lines.append("")
            lines += [f"> {line}".rstrip() for line in body.split("\n")]
        return "\n".join(lines)

    def _file_name(self, part: Message) -> str | None:
        try:
            name = part.get_filename()
        except (RecursionError, Exception):
            self.notices.append(_("Bir ekin dosya adı okunamadı; ad verildi."))
            return ""
        if name is None:
            return None
        if has_escaped_bytes(name) or "\ufffd" in name:
            recovered = _raw_file_name(part)
            if recovered is not None:
                name, used = decode_fallback(recovered)
                self.notices.append(
                    _("Ekin adı ({name}) karakter kümesi belirtilmeden yazılmış; {charset} "
                      "olarak okundu. Türkçe harfleri kontrol edin.").format(
                        name=name, charset=_(CHARSET_NAMES[used])))
        return name


def _parse(data: bytes) -> Message:
    """The parsed message. A header holding thousands of nested comments makes the header
    parser recurse past Python's limit: such runs are dropped and the message read again
    (no mailer writes them). Parts nested thousands deep are beyond reading: a refusal."""
    for attempt in (data, _DEEP_COMMENTS.sub(b"", data)):
        try:
            return BytesParser(policy=policy.default).parsebytes(attempt)
        except RecursionError:
            continue
        except Exception as error:  # the parser is lenient; anything it still rejects
            raise EmailImportError(_("Dosya bir e-posta iletisi olarak okunamadı.")) from error
    raise EmailImportError(_("İleti okunamadı: bölümleri yüzlerce kat iç içe (bozuk ya da "
                             "zararlı bir dosya). Başvuruyu elle girin."))


def _step_name(step: Callable[..., object]) -> str:
    function = step.func if isinstance(step, partial) else step
    return str(getattr(function, "__name__", "step"))


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except (RecursionError, Exception):
        return "application/octet-stream"


def _main_type(part: Message) -> str:
    return _content_type(part).partition("/")[0]


def _is_container(part: Message) -> bool:
    """A multipart whose children are walked (a forwarded message is a leaf: kept whole)."""
    return _content_type(part) != "message/rfc822" and part.is_multipart()


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [child for child in payload if isinstance(child, Message)] if isinstance(
        payload, list) else []


def _file_of(found: UnpackedFile, index: int) -> IncomingFile:
    safe = sanitize_file_name(no_surrogates(found.name), index, "application/octet-stream")
    return IncomingFile(safe, found.data,
                        mimetypes.guess_type(safe)[0] or "application/octet-stream")


def _raw_file_name(part: Message) -> bytes | None:
    """The file name's own bytes, when a mailer wrote them raw (8-bit, no charset)."""
    for header in ("content-disposition", "content-type"):
        for key, value in part.raw_items():
            if key.lower() != header:
                continue
            match = _FILE_NAME_PARAMETER.search(str(value))
            if match and has_escaped_bytes(match.group(1)):
                return match.group(1).encode("ascii", "surrogateescape")
    return None


def _forwarded_bytes(part: Message) -> bytes:
    """The forwarded message as a file: the parsed inner message written back out, or the
    decoded payload when a mailer base64-encoded the message/rfc822 part itself."""
    if part.is_multipart():
        inner = part.get_payload(0)
        encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
        if isinstance(inner, Message) and encoding in ("base64", "quoted-printable") and not (
                inner.keys()):
            # The mailer encoded the message/rfc822 part itself (RFC 2046 forbids it): the
            # parser saw no headers, only the encoded lines. Decode them.
            encoded = inner.get_payload()
            if isinstance(encoded, str):
                raw = encoded.encode("ascii", "ignore")
                return (base64.b64decode(raw, validate=False) if encoding == "base64"
                        else quopri.decodestring(raw))
        if isinstance(inner, Message):
            try:
                return inner.as_bytes()
            except (UnicodeError, LookupError, ValueError):
                return inner.as_string().encode("utf-8", "surrogateescape")
        return b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _leaves(root: Message, alternative: Message | None,
            notices: list[str]) -> Iterator[tuple[Message, bool]]:
    """Every non-multipart part (a forwarded message counts as one), in order, and whether
    it lies inside the multipart/alternative that holds the body (another rendering of it).
    A loop with a stack, not recursion: a hostile message nests parts thousands deep."""
    stack: list[tuple[Message, bool, int]] = [(root, False, 0)]
    too_deep = False
    while stack:
        part, inside, depth = stack.pop()
        if not _is_container(part):
            yield part, inside
            continue
        if depth >= MAX_PART_DEPTH:
            too_deep = True
            continue
        below = inside or part is alternative
        stack.extend((child, below, depth + 1) for child in reversed(_children(part)))
    if too_deep:
        notices.append(_("E-postanın bölümleri {depth} kattan derine iç içe; daha derindeki "
                         "bölümler alınmadı.").format(depth=MAX_PART_DEPTH))


def _alternative_root(root: Message, body: Message) -> Message | None:
    """The outermost multipart/alternative between the root and the body, if any."""
    parents: dict[int, Message] = {}
    stack: list[tuple[Message, int]] = [(root, 0)]
    found = False
    while stack and not found:
        part, depth = stack.pop()
        if part is body:
            found = True
            break
        if depth >= MAX_PART_DEPTH or not _is_container(part):
            continue
        for child in _children(part):
            parents[id(child)] = part
            stack.append((child, depth + 1))
    if not found:
        return None
    outermost: Message | None = None
    current: Message = body
    while id(current) in parents:
        current = parents[id(current)]
        if _content_type(current) == "multipart/alternative":
            outermost = current
    return outermost


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
