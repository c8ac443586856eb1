"""E-mails as Turkish mail really arrives: every charset, HTML-only bodies, odd file names."""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bimer_desktop.app import Desk
from models.application_form import validate_application
from models.file_names import sanitize_file_name
from services.email_import import (
    EmailImportError,
    html_to_text,
    parse_eml,
    person_name,
)
from tests.services.attachment_samples import executable_bytes, jpeg_photo, turkish_pdf

RECEIVED = date(2026, 11, 24)
TURKISH = "ğüşıöçĞÜŞİÖÇ"
# Real files: an e-mail's attachments pass the same content checks as a scan.
PDF = turkish_pdf()
JPEG = jpeg_photo()
HTML_BODY = """<!DOCTYPE html><html><head><title>yok sayılır</title>
<style>p { color: red }</style><script>alert("yok sayılır")</script></head>
<body><p>Sayın yetkili,</p>
<p>Sokağımızdaki çöpler &amp; atıklar üç gündür toplanmıyor.<br>Çocuklar &quot;hasta&quot;
oluyor &#8211; lütfen ilgilenin.</p>
<div>ğüşıöçĞÜŞİÖÇ</div>
<ul><li>Çöp konteyneri</li><li>Geri dönüşüm kutusu</li></ul>
<p>Saygılarımla,<br>Ayşe Yılmaz</p></body></html>"""


def encoded_word(text: str, charset: str = "utf-8") -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def attachment(part: MIMEApplication | MIMEImage, name: str) -> MIMEApplication | MIMEImage:
    # RFC 2231: filename*=utf-8''dilek%C3%A7e%20%C3%B6rne%C4%9Fi.pdf
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
    return part


def citizen_mail() -> bytes:
    """multipart/mixed ⊃ (multipart/alternative ⊃ text/html only) + two attachments."""
    message = MIMEMultipart("mixed")
    message["From"] = f'{encoded_word("Ayşe Yılmaz")} <ayse.yilmaz@example.com>'
    message["To"] = "bimer@valilik.gov.tr"
    message["Subject"] = encoded_word("Şikâyet: çöpler toplanmıyor")
    message["Date"] = "Mon, 23 Nov 2026 22:30:00 +0000"  # 24 November in Turkey
    message["Message-ID"] = "<1@example.com>"
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText(HTML_BODY, "html", "utf-8"))
    message.attach(alternative)
    message.attach(attachment(MIMEApplication(PDF, "pdf"), "dilekçe örneği.pdf"))
    message.attach(attachment(MIMEImage(JPEG, "jpeg"), "şikâyet_fotoğrafı.jpg"))
    return message.as_bytes()


def plain_mail(body: bytes, content_type: str, **headers: str) -> bytes:
    lines = [
        f"From: {encoded_word('Mehmet Öztürk')} <mehmet@example.com>".encode(),
        b"Subject: dilekce",
        b"Date: Tue, 24 Nov 2026 10:00:00 +0300",
        b"MIME-Version: 1.0",
        f"Content-Type: {content_type}".encode(),
        b"Content-Transfer-Encoding: 8bit",
        *(f"{k.replace('_', '-')}: {v}".encode() for k, v in headers.items()),
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def test_a_multipart_mail_with_an_html_only_body_and_two_attachments() -> None:
    raw = citizen_mail()
    assert b"=?utf-8?B?" in raw and b"filename*=utf-8''dilek%C3%A7e%20%C3%B6rne%C4%9Fi.pdf" in raw
    assert b"text/plain" not in raw

    parsed = parse_eml(raw, received=RECEIVED)

    form = parsed.form
    assert form.channel == "email"
    assert (form.first_name, form.last_name) == ("Ayşe", "Yılmaz")
    assert form.email == "ayse.yilmaz@example.com"
    assert form.sender_as_written == "Ayşe Yılmaz <ayse.yilmaz@example.com>"
    assert form.email_subject == "Şikâyet: çöpler toplanmıyor"
    assert (form.paper_date, form.received_date) == ("24.11.2026", "24.11.2026")
    assert (form.application_type, form.subject_code, form.sub_subject_code) == ("", "", "")
    assert form.text == (
        "Sayın yetkili,\n\n"
        "Sokağımızdaki çöpler & atıklar üç gündür toplanmıyor.\n"
        'Çocuklar "hasta" oluyor – lütfen ilgilenin.\n\n'
        "ğüşıöçĞÜŞİÖÇ\n\n"
        "- Çöp konteyneri\n"
        "- Geri dönüşüm kutusu\n\n"
        "Saygılarımla,\n"
        "Ayşe Yılmaz"
    )
    assert [(f.name, f.media_type, f.data) for f in parsed.attachments] == [
        ("dilekçe örneği.pdf", "application/pdf", PDF),
        ("şikâyet_fotoğrafı.jpg", "image/jpeg", JPEG),
    ]
    assert parsed.notices == ()
    # Once the clerk picks type and subject, the prefilled form is a valid e-mail application.
    chosen = type(form)(**{**vars(form), "application_type": "complaint",
                           "subject_code": "02", "sub_subject_code": "02.02"})
    assert validate_application(chosen, today=RECEIVED).ok


def test_importing_makes_an_email_draft_with_its_attachments_stored(offline_desk: Desk) -> None:
    draft_id = offline_desk.email_import.import_eml(citizen_mail(), "memur1", received=RECEIVED)

    draft = offline_desk.drafts.get(draft_id, "memur1")
    assert draft is not None
    assert (draft.source, draft.channel.value) == ("email", "email")
    assert draft.form.email_subject == "Şikâyet: çöpler toplanmıyor"
    assert [(a.original_name, a.size, a.sha256) for a in draft.attachments] == [
        ("dilekçe örneği.pdf", len(PDF), hashlib.sha256(PDF).hexdigest()),
        ("şikâyet_fotoğrafı.jpg", len(JPEG), hashlib.sha256(JPEG).hexdigest()),
    ]
    assert offline_desk.blobs.open(draft.attachments[0].sha256) == PDF
    (summary,) = offline_desk.drafts.list("memur1")
    assert summary.label == "A*** Y***** — E-posta: Şikâyet: çöpler toplanmıyor"
    assert offline_desk.drafts.list("memur2") == []


def test_the_same_file_attached_twice_is_stored_once(offline_desk: Desk) -> None:
    message = EmailMessage()
    message["From"] = "ayse@example.com"
    message.set_content("iki kez eklendi")
    for name in ("a.pdf", "b.pdf"):
        message.add_attachment(PDF, maintype="application", subtype="pdf", filename=name)

    result = offline_desk.email_import.import_message(message.as_bytes(), "memur1",
                                                      received=RECEIVED)

    assert result.attachment_count == 2
    blob_files = [p for p in offline_desk.blobs.root.rglob("*") if p.is_file()]
    assert len(blob_files) == 1


@pytest.mark.parametrize("charset", ["windows-1254", "iso-8859-9", "utf-8"])
def test_turkish_charsets_come_out_right(charset: str) -> None:
    message = MIMEText(f"Başvuru: {TURKISH}", "plain", charset)
    message["Date"] = "Tue, 24 Nov 2026 10:00:00 +0300"
    message["From"] = f"{encoded_word('Şükrü Çağlar', charset)} <sukru@example.com>"
    message["Subject"] = f"=?{charset}?Q?{quoted(TURKISH, charset)}?="

    parsed = parse_eml(message.as_bytes(), received=RECEIVED)

    assert parsed.form.text == f"Başvuru: {TURKISH}"
    assert parsed.form.email_subject == TURKISH
    assert (parsed.form.first_name, parsed.form.last_name) == ("Şükrü", "Çağlar")
    assert parsed.notices == ()


def quoted(text: str, charset: str) -> str:
    return "".join(f"={b:02X}" for b in text.encode(charset))


@pytest.mark.parametrize(("body", "content_type", "used"), [
    (TURKISH.encode("cp1254"), "text/plain", "windows-1254"),
    (TURKISH.encode("utf-8"), "text/plain", "UTF-8"),
    (TURKISH.encode("cp1254"), "text/plain; charset=utf-8", "windows-1254"),
    (TURKISH.encode("iso-8859-9"), "text/plain; charset=iso-8859-1", "ISO-8859-9"),
    (TURKISH.encode("cp1254"), "text/plain; charset=windows-1252", "windows-1254"),
    (TURKISH.encode("utf-8"), "text/plain; charset=iso-8859-1", "UTF-8"),
    (TURKISH.encode("cp1254"), "text/plain; charset=x-turkish-unknown", "windows-1254"),
    (TURKISH.encode("cp1254"), "text/plain; charset=us-ascii", "windows-1254"),
])
def test_a_missing_or_wrong_charset_is_recovered_with_a_notice(
        body: bytes, content_type: str, used: str) -> None:
    parsed = parse_eml(plain_mail(body, content_type), received=RECEIVED)
    assert parsed.form.text == TURKISH
    (notice,) = parsed.notices
    assert f"{used} olarak okundu" in notice and "kontrol edin" in notice


def test_a_latin1_label_on_real_latin1_text_is_trusted() -> None:
    parsed = parse_eml(plain_mail("Café crème".encode("latin-1"),
                                  "text/plain; charset=iso-8859-1"), received=RECEIVED)
    assert parsed.form.text == "Café crème" and parsed.notices == ()


def test_an_html_body_without_charset_uses_its_meta_tag() -> None:
    html = f'<html><head><meta charset="windows-1254"></head><body><p>{TURKISH}</p></body>'
    parsed = parse_eml(plain_mail(html.encode("cp1254"), "text/html"), received=RECEIVED)
    assert parsed.form.text == TURKISH and parsed.notices == ()


def test_raw_8bit_headers_are_decoded_with_a_notice() -> None:
    head = ("From: Ayşe Yılmaz <ayse@example.com>\r\nSubject: Çöp şikâyeti\r\n"
            "Date: Tue, 24 Nov 2026 10:00:00 +0300\r\n").encode("cp1254")
    raw = head + b"Content-Type: text/plain; charset=utf-8\r\n\r\nmetin\r\n"

    parsed = parse_eml(raw, received=RECEIVED)

    assert (parsed.form.first_name, parsed.form.last_name) == ("Ayşe", "Yılmaz")
    assert parsed.form.email_subject == "Çöp şikâyeti"
    assert len(parsed.notices) == 2
    assert all("windows-1254 olarak okundu" in n for n in parsed.notices)


def test_an_encoded_word_in_an_unknown_charset_never_crashes() -> None:
    raw = b"From: a@example.com\r\nSubject: =?x-unknown?Q?=FEikayet?=\r\n\r\nmetin\r\n"
    parsed = parse_eml(raw, received=RECEIVED)
    assert parsed.form.email_subject == "şikayet"


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n  ", b"\x00\x01\x02\xff\xfe garbage",
                                 b'{"channel": "email", "text": "json, not mail"}'])
def test_a_file_that_is_not_an_email_is_a_clear_error(raw: bytes) -> None:
    with pytest.raises(EmailImportError) as error:
        parse_eml(raw, received=RECEIVED)
    assert "boş" in str(error.value) or "e-posta iletisi değil" in str(error.value)


def test_a_truncated_multipart_mail_still_gives_what_it_has() -> None:
    raw = citizen_mail()
    parsed = parse_eml(raw[: len(raw) * 2 // 3], received=RECEIVED)
    assert parsed.form.email_subject == "Şikâyet: çöpler toplanmıyor"
    assert "Sokağımızdaki" in parsed.form.text


def test_a_long_text_is_kept_whole_with_a_notice_and_the_form_refuses_it() -> None:
    text = "Çok uzun bir başvuru metni. " * 300  # 8400 characters
    message = EmailMessage()
    message["From"] = "ayse@example.com"
    message["Date"] = "Tue, 24 Nov 2026 10:00:00 +0300"
    message.set_content(text)

    parsed = parse_eml(message.as_bytes(), received=RECEIVED)

    assert parsed.form.text == text.strip()
    (notice,) = parsed.notices
    assert "8.399 karakter" in notice and "kısaltılmalıdır" in notice
    chosen = type(parsed.form)(**{**vars(parsed.form), "application_type": "request",
                                  "subject_code": "02", "sub_subject_code": "02.02"})
    result = validate_application(chosen, today=RECEIVED)
    assert "6.000 karakter" in result.errors["text"]


def test_plain_text_is_preferred_and_inline_images_are_kept_only_with_a_name() -> None:
    message = EmailMessage()
    message["From"] = "Çankaya Belediyesi <info@cankaya.bel.tr>"
    message["Reply-To"] = "basvuru@cankaya.bel.tr"
    message["Date"] = "Tue, 24 Nov 2026 10:00:00 +0300"
    message.set_content("Düz metin gövde.")
    message.add_alternative("<p>HTML gövde <img src='cid:logo'></p>", subtype="html")
    html = message.get_payload()[1]
    html.add_related(b"\x89PNG logo", maintype="image", subtype="png", cid="<logo>")
    html.add_related(b"\x89PNG map", maintype="image", subtype="png", cid="<map>",
                     disposition="inline", filename="../../kroki\u202egnp.exe.png")
    message.add_attachment(b"no name", maintype="application", subtype="octet-stream")

    parsed = parse_eml(message.as_bytes(), received=RECEIVED)

    assert parsed.form.text == "Düz metin gövde."
    assert (parsed.form.first_name, parsed.form.last_name) == ("", "")
    assert parsed.form.sender_as_written == "Çankaya Belediyesi <info@cankaya.bel.tr>"
    assert [(f.name, f.data) for f in parsed.attachments] == [
        ("krokignp.exe.png", b"\x89PNG map"),
        ("ek-2.bin", b"no name"),
    ]
    assert any("Reply-To" in n for n in parsed.notices)


def test_missing_headers_become_notices_not_failures() -> None:
    parsed = parse_eml(b"Subject: konu\r\n\r\n", received=RECEIVED)
    assert (parsed.form.email, parsed.form.paper_date, parsed.form.text) == ("", "", "")
    assert parsed.form.received_date == "24.11.2026"
    assert len(parsed.notices) == 3  # no sender, no date, no text


@pytest.mark.parametrize(("display", "expected"), [
    ("Ayşe Yılmaz", ("Ayşe", "Yılmaz")),
    ("Ayşe Nur Yılmaz", ("Ayşe Nur", "Yılmaz")),
    ("AHMET CAN ÖZTÜRK-ŞEN", ("AHMET CAN", "ÖZTÜRK-ŞEN")),
    ("Ayşe", None),
    ("Yılmaz, Ayşe", None),
    ("ayse@example.com", None),
    ("Çankaya Belediyesi", None),
    ("ABC Ltd. Şti.", None),
    ("İletişim Ekibi", None),
    ("Ayşe Y.", None),
    ("", None),
])
def test_a_display_name_is_split_only_when_it_looks_like_a_person(
        display: str, expected: tuple[str, str] | None) -> None:
    assert person_name(display) == expected


@pytest.mark.parametrize(("name", "safe"), [
    ("dilekçe örneği.pdf", "dilekçe örneği.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ayse\\Masaüstü\\şikâyet.docx", "şikâyet.docx"),
    ("fatura\u202efdp.exe", "faturafdp.exe"),
    ("a\x00b\tc\nd.txt", "ab c d.txt"),
    ('soru?:*"<>|.txt', "soru_______.txt"),
    ("s\u0327ikayet.pdf", "şikayet.pdf"),  # decomposed, as macOS sends it
    ("CON.txt", "_CON.txt"),
    ("...", "ek-3.pdf"),
    ("", "ek-3.pdf"),
    ("ç" * 300 + ".pdf", "ç" * 196 + ".pdf"),
])
def test_file_names_are_made_safe_and_keep_turkish_letters(name: str, safe: str) -> None:
    assert sanitize_file_name(name, 3, "application/pdf") == safe


def test_html_is_made_readable() -> None:
    gmail = ("<div dir=\"ltr\">Merhaba,<div><br></div><div>birinci satır</div>"
             "<div>ikinci&nbsp;satır</div></div>")
    assert html_to_text(gmail) == "Merhaba,\n\nbirinci satır\nikinci satır"
    assert html_to_text("<pre>  girintili\n    kod</pre><p>son</p>") == (
        "  girintili\n    kod\n\nson")
    assert html_to_text("<table><tr><td>Ad</td><td>Ayşe</td></tr></table>") == "Ad Ayşe"
    assert html_to_text("<p>a</p><script>x</script><style>y</style><p>b &lt;c&gt;</p>") == (
        "a\n\nb <c>")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=("Cs",),
                                           exclude_characters="\r")))
def test_any_unicode_text_round_trips_through_a_plain_text_body(text: str) -> None:
    message = EmailMessage()
    message["From"] = "Ayşe Yılmaz <ayse@example.com>"
    message["Subject"] = "deneme"
    message.set_content(text)
    parsed = parse_eml(message.as_bytes(), received=RECEIVED)
    assert parsed.form.text == text.strip()


MAIL = citizen_mail()  # built once: its MIME boundaries are random


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.integers(0, len(MAIL)), st.binary(max_size=8)).map(
        lambda cut: MAIL[: cut[0]] + cut[1] + MAIL[cut[0] + len(cut[1]):]),
))
def test_no_input_crashes_the_parser(data: bytes) -> None:
    try:
        parsed = parse_eml(data, received=RECEIVED)
    except EmailImportError:
        return
    assert parsed.form.channel == "email"
    for incoming in parsed.attachments:
        assert incoming.name and "/" not in incoming.name and "\\" not in incoming.name


def test_a_hostile_attachment_is_left_out_with_a_notice(offline_desk: Desk) -> None:
    message = EmailMessage()
    message["From"] = "Ali Veli <ali@example.com>"
    message["Subject"] = "Fatura"
    message.set_content("Ekte fatura var.")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="dilekçe.pdf")
    message.add_attachment(executable_bytes(), maintype="application", subtype="pdf",
                           filename="fatura.pdf")

    result = offline_desk.email_import.import_message(message.as_bytes(), "memur1",
                                                      received=RECEIVED)

    assert result.attachment_count == 1
    draft = offline_desk.drafts.get(result.draft_id, "memur1")
    assert draft is not None
    assert [a.original_name for a in draft.attachments] == ["dilekçe.pdf"]
    assert any(n.startswith("Ek alınmadı — fatura.pdf: ") for n in result.notices)
