"""Generated hostile e-mails: the edge cases real fixtures rarely hold, each with what the
import must make of it. Used by tests/services/test_mail_corpus.py and bench/ (import rate).

Every case is bytes as a mail client would save them; ``text`` is a piece the draft's text
must contain, ``files`` the attachment names the draft must hold (after the content checks),
``refused`` that the file must be a clear Turkish refusal instead of a draft.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from pathlib import Path

from tests.services.attachment_samples import jpeg_photo, turkish_pdf

CORPUS = Path(__file__).resolve().parent / "mail_corpus"
TURKISH = "Çöpler toplanmıyor, şikâyetçiyiz: ğüşıöçĞÜŞİÖÇ"


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    text: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    refused: bool = False
    notices: tuple[str, ...] = field(default=())


def _mail(*headers: str, body: bytes = b"", raw_headers: bytes = b"") -> bytes:
    base = ["From: Ayşe Yılmaz <ayse@example.com>", "To: bimer@valilik.gov.tr",
            "Subject: dilekce", "Date: Tue, 24 Nov 2026 10:00:00 +0300", "MIME-Version: 1.0"]
    names = {h.split(":", 1)[0].lower() for h in headers}
    lines = [h for h in base if h.split(":", 1)[0].lower() not in names] + list(headers)
    head = "\r\n".join(lines).encode("utf-8") + (b"\r\n" + raw_headers if raw_headers else b"")
    return head + b"\r\n\r\n" + body


def _utf8(text: str) -> list[str]:
    return ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]


def _multipart(boundary: str, parts: list[bytes], *headers: str, quoted: bool = True,
               subtype: str = "mixed") -> bytes:
    value = f'"{boundary}"' if quoted else boundary
    body = b"This is a multi-part message in MIME format.\r\n\r\n"
    for part in parts:
        body += f"--{boundary}\r\n".encode() + part + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return _mail(f"Content-Type: multipart/{subtype}; boundary={value}", *headers, body=body)


def _part(headers: list[str], body: bytes, raw_headers: bytes = b"") -> bytes:
    head = "\r\n".join(headers).encode("utf-8")
    if raw_headers:
        head += b"\r\n" + raw_headers
    return head + b"\r\n\r\n" + body


def _base64_part(content_type: str, data: bytes, disposition: str) -> bytes:
    return _part([f"Content-Type: {content_type}", "Content-Transfer-Encoding: base64",
                  f"Content-Disposition: {disposition}"],
                 base64.encodebytes(data).replace(b"\n", b"\r\n"))


def _uuencode(name: str, data: bytes) -> str:
    lines = [f"begin 644 {name}"]
    for start in range(0, len(data), 45):
        lines.append(binascii.b2a_uu(data[start:start + 45]).decode("ascii").rstrip("\n"))
    lines += ["`", "end"]
    return "\n".join(lines)


def generated_cases() -> list[Case]:
    pdf = turkish_pdf()
    text_part = _part(_utf8(TURKISH), TURKISH.encode())
    cases = [
        # Dates: the far future, overflowing in Turkey's zone; nonsense; year zero.
        Case("date-9999", _mail("Date: Fri, 31 Dec 9999 23:59:59 -1200", *_utf8(""),
                                body=TURKISH.encode()), text=(TURKISH,)),
        Case("date-9999-plus", _mail("Date: Fri, 31 Dec 9999 23:59:59 +1400", *_utf8(""),
                                     body=TURKISH.encode()), text=(TURKISH,)),
        Case("date-nonsense", _mail("Date: yesterday at noon", *_utf8(""),
                                    body=TURKISH.encode()), text=(TURKISH,)),
        Case("date-year-zero", _mail("Date: Mon, 1 Jan 0000 00:00:00 +0000", *_utf8(""),
                                     body=TURKISH.encode()), text=(TURKISH,)),
        # Headers that make the header parser recurse past Python's limit.
        Case("recursion-charset", _mail(
            "Content-Type: text/plain; charset=" + "(" * 5000 + "utf-8",
            body=b"Merhaba, cop toplanmiyor."), text=("Merhaba, cop toplanmiyor.",)),
        Case("recursion-encoding", _mail(
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: " + "(" * 5000 + "8bit",
            body=TURKISH.encode()), text=()),
        Case("recursion-from", _mail("From: " + "(" * 5000 + "ayse@example.com",
                                     *_utf8(""), body=TURKISH.encode()), text=(TURKISH,)),
        Case("recursion-disposition", _multipart("B", [
            text_part,
            _part(["Content-Type: application/pdf", "Content-Transfer-Encoding: base64",
                   "Content-Disposition: attachment; filename=" + "(" * 5000 + "a.pdf"],
                  base64.encodebytes(pdf))]), text=(TURKISH,)),
        # Parts nested thousands deep (a walk by recursion dies).
        Case("nested-30", _nested(30), text=(TURKISH,)),
        Case("nested-3000", _nested(3000), refused=True),
        # UTF-7 with half of a UTF-16 pair; UTF-16 with a lone surrogate; x-mac-turkish.
        Case("utf7-lone-surrogate", _mail("Content-Type: text/plain; charset=utf-7",
                                          body=b"Merhaba +2D3- d+APw-nya"),
             text=("Merhaba",)),
        Case("utf7-subject", _mail("Subject: =?utf-7?Q?+2D0-x?=", *_utf8(""),
                                   body=TURKISH.encode()), text=(TURKISH,)),
        Case("utf16-lone-surrogate", _mail("Content-Type: text/plain; charset=utf-16-le",
                                           body="Merhaba ".encode("utf-16-le") + b"\x00\xd8"),
             text=("Merhaba",)),
        Case("x-mac-turkish", _mail("Content-Type: text/plain; charset=x-mac-turkish",
                                    "Subject: =?x-mac-turkish?Q?" + "".join(
                                        f"={b:02X}" for b in "Şikâyet".encode("mac_turkish"))
                                    + "?=", body=TURKISH.encode("mac_turkish")),
             text=(TURKISH,)),
        # A UTF-8 byte-order mark before the headers (Notepad's "Save as UTF-8").
        Case("bom-before-headers", b"\xef\xbb\xbf" + _mail(*_utf8(""), body=TURKISH.encode()),
             text=(TURKISH,)),
        # Outlook Express: boundary=----=_NextPart_… without quotes.
        Case("unquoted-boundary", _multipart(
            "----=_NextPart_000_0012_01C5A9B2.3F8E2A40",
            [text_part, _base64_part("application/pdf; name=dilekce.pdf", pdf,
                                     "attachment; filename=dilekce.pdf")], quoted=False),
             text=(TURKISH,), files=("dilekce.pdf",)),
        # Raw 8-bit attachment names: windows-1254 and ISO-8859-9, no charset anywhere.
        Case("8bit-name-cp1254", _multipart("B", [text_part, _part(
            ["Content-Type: application/pdf", "Content-Transfer-Encoding: base64"],
            base64.encodebytes(pdf),
            raw_headers=b'Content-Disposition: attachment; filename="'
            + "dilekçe şikâyet.pdf".encode("cp1254") + b'"')]),
             text=(TURKISH,), files=("dilekçe şikâyet.pdf",)),
        Case("8bit-name-iso8859-9", _multipart("B", [text_part, _part(
            ["Content-Type: application/pdf", "Content-Transfer-Encoding: base64"],
            base64.encodebytes(pdf),
            raw_headers=b'Content-Disposition: attachment; filename="'
            + "ğüşıöç İĞŞ.pdf".encode("iso8859-9") + b'"')]),
             text=(TURKISH,), files=("ğüşıöç İĞŞ.pdf",)),
        # One stray windows-1254 byte in a UTF-8 body must not turn the text into mojibake.
        Case("utf8-stray-cp1254", _mail(*_utf8(""), body=TURKISH.encode()
                                        + b"\r\nimza: Ay" + "ş".encode("cp1254") + b"e"),
             text=(TURKISH, "imza: Ayşe")),
        # A file uuencoded into the text, as old mailers and some scanners send it.
        Case("uuencoded", _mail(*_utf8(""), body=(
            TURKISH + "\n\n" + _uuencode("tarama.pdf", pdf) + "\n\nSaygılarımla").encode()),
             text=(TURKISH, "Saygılarımla"), files=("tarama.pdf",)),
        # Forwarded messages: kept as .eml, their text quoted; a forward inside a forward.
        Case("forwarded", _multipart("B", [
            _part(_utf8(""), "Aşağıdaki e-postayı iletiyorum.".encode()),
            _part(["Content-Type: message/rfc822"],
                  _mail("From: Mehmet Öztürk <mehmet@example.com>",
                        "Subject: =?utf-8?B?" + base64.b64encode(b"Su kesintisi").decode()
                        + "?=", *_utf8(""), body=TURKISH.encode()))]),
             text=("Aşağıdaki e-postayı iletiyorum.", "> " + TURKISH, "Su kesintisi"),
             files=("iletilen-eposta.eml",)),
        Case("forwarded-only", _mail("Content-Type: message/rfc822",
                                     body=_mail(*_utf8(""), body=TURKISH.encode())),
             text=("> " + TURKISH,), files=("iletilen-eposta.eml",)),
        Case("forwarded-nested", _nested_forward(3), text=("> > > " + TURKISH,)),
        Case("forwarded-deep", _nested_forward(12), text=("> > > > ",)),
        Case("forwarded-base64", _multipart("B", [text_part, _part(
            ["Content-Type: message/rfc822", "Content-Transfer-Encoding: base64"],
            base64.encodebytes(_mail(*_utf8(""), body="İletilen metin".encode())))]),
             text=(TURKISH, "> İletilen metin")),
        # Huge: a 1 MB subject, a 3 MB body, 2,000 tiny attachments.
        Case("huge-subject", _mail("Subject: " + "Şikayet " * 130_000, *_utf8(""),
                                   body=TURKISH.encode()), text=(TURKISH,)),
        Case("huge-body", _mail(*_utf8(""), body=((TURKISH + "\n") * 60_000).encode()),
             text=(TURKISH,)),
        Case("many-parts", _multipart("B", [text_part] + [
            _base64_part("image/jpeg", b"\xff\xd8\xff" + bytes(10),
                         f"attachment; filename=k{i}.jpg") for i in range(2000)]), text=(TURKISH,)),
        Case("photo-and-pdf", _multipart("B", [
            text_part, _base64_part("image/jpeg", jpeg_photo(), "attachment; filename=foto.jpg"),
            _base64_part("application/pdf", pdf, "inline; filename=belge.pdf")]),
             text=(TURKISH,), files=("foto.jpg", "belge.pdf")),
        # Refusals: nothing of a mail in it.
        Case("empty", b"", refused=True),
        Case("only-bom", b"\xef\xbb\xbf\r\n", refused=True),
        Case("binary", bytes(range(256)) * 40, refused=True),
        Case("a-pdf-named-eml", pdf, refused=True),
    ]
    cases += _tnef_cases()
    return cases


def _nested(depth: int) -> bytes:
    body = TURKISH.encode()
    content = _part(_utf8(""), body)
    for level in range(depth):
        content = _part([f'Content-Type: multipart/mixed; boundary="b{level}"'],
                        f"--b{level}\r\n".encode() + content + f"\r\n--b{level}--".encode())
    return _mail(body=b"") .replace(b"\r\n\r\n", b"\r\n", 1) + content


def _nested_forward(depth: int) -> bytes:
    message = _mail(*_utf8(""), body=TURKISH.encode())
    for _level in range(depth):
        message = _mail("Content-Type: message/rfc822", body=message)
    return message


def _tnef_cases() -> list[Case]:
    cases = []
    for path in sorted((CORPUS / "tnefparse").glob("*.tnef")):
        cases.append(Case(f"winmail-{path.stem}", _multipart("B", [
            _part(_utf8(""), TURKISH.encode()),
            _base64_part("application/ms-tnef; name=winmail.dat", path.read_bytes(),
                         "attachment; filename=winmail.dat")]), text=(TURKISH,),
            notices=("winmail.dat",)))
    return cases


def corpus_files() -> list[Path]:
    """The real messages of the public fixture sets (tests/services/mail_corpus/SOURCES)."""
    return sorted(path for path in CORPUS.rglob("*")
                  if path.is_file() and path.name not in ("SOURCES", "LICENSE")
                  and path.suffix != ".tnef")
