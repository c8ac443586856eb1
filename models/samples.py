"""Sample applications: the one place the desk's made-up citizens live.

Tests, benchmarks (``bench/``), the window previews (``ui/previews/``) and the central
service's schema example all take their sample data from here, so a field renamed or added
is renamed or added once. Everything here is invented: the T.C. Kimlik numbers pass the
checksum but belong to nobody, the e-mail addresses are under ``example.com``.

Qt-free and cheap to import (only ``models``); dates that must look recent are computed from
the ``today`` the caller passes (the desk's clock), never from the machine's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from models.application_form import ApplicationForm
from models.tckn import check_digits


def sample_tckn(first_nine: str) -> str:
    """A T.C. Kimlik No that passes the checksum: ``first_nine`` and its two check digits."""
    return first_nine + check_digits(first_nine)


VALID_TCKN = sample_tckn("100000001")  # 10000000146

IN_PERSON_SAMPLE = ApplicationForm(
    channel="in_person", tckn=VALID_TCKN, first_name="Ayşe", last_name="Yılmaz",
    mother_maiden_first="Ş", mother_maiden_last="K", mobile_phone="0532 123 45 67",
    email="ayse.yilmaz@example.com", address="Atatürk Bulvarı No: 1 Çankaya / Ankara",
    application_type="complaint", subject_code="02", sub_subject_code="02.02",
    urgency="normal", text="Sokağımızdaki çöpler üç gündür toplanmıyor.",
)


def in_person_sample(**overrides: str) -> ApplicationForm:
    """A complete, valid in-person application (Ayşe Yılmaz's); override any field."""
    return replace(IN_PERSON_SAMPLE, **overrides)


# Four citizens, each valid in person, for lists, history and the queue.
SAMPLE_FORMS: tuple[ApplicationForm, ...] = (
    IN_PERSON_SAMPLE,
    ApplicationForm(
        tckn=sample_tckn("234567891"), first_name="Mehmet", last_name="Öztürk",
        mother_maiden_first="Ç", mother_maiden_last="N", mobile_phone="0505 987 65 43",
        application_type="information_request", subject_code="03",
        sub_subject_code="03.03", urgency="urgent",
        text="Üniversite yurt başvurularının ne zaman açılacağını öğrenmek istiyorum.",
    ),
    ApplicationForm(
        tckn=sample_tckn("345678912"), first_name="Zeynep", last_name="Çelik",
        mother_maiden_first="İ", mother_maiden_last="R",
        address="Cumhuriyet Mah. Gül Sok. No: 7 Konak / İzmir",
        application_type="request", subject_code="04", sub_subject_code="04.02",
        text="Aile hekimimin çalışma saatlerinin akşam saatlerine uzatılmasını rica ediyorum.",
    ),
    ApplicationForm(
        tckn=sample_tckn("456789123"), first_name="İbrahim", last_name="Şahin",
        mother_maiden_first="Ö", mother_maiden_last="Ğ", email="ibrahim.sahin@example.com",
        application_type="thanks", subject_code="02", sub_subject_code="02.04",
        text="Yeni otobüs hattı için belediyemize teşekkür ederim.",
    ),
)

# A fifth, for a queue that needs one more refused application.
EXTRA_SAMPLE = ApplicationForm(
    tckn=sample_tckn("789123456"), first_name="Emine", last_name="Arslan",
    mother_maiden_first="D", mother_maiden_last="T", mobile_phone="0 (536) 777 88 99",
    application_type="complaint", subject_code="02", sub_subject_code="02.05",
    text="Mahallemizdeki su kesintileri hakkında bilgi verilmiyor.",
)

# A returning applicant with three earlier applications (Evveliyat), one of them a letter.
RETURNING_TCKN = sample_tckn("123456789")
RETURNING_FORMS: tuple[ApplicationForm, ...] = (
    ApplicationForm(
        tckn=RETURNING_TCKN, first_name="Fatma", last_name="Işık",
        mother_maiden_first="A", mother_maiden_last="Z", mobile_phone="0533 111 22 33",
        application_type="complaint", subject_code="02", sub_subject_code="02.02",
        text="Mahallemizdeki çöp konteynerleri haftalardır boşaltılmıyor.",
    ),
    ApplicationForm(
        channel="letter", tckn=RETURNING_TCKN, first_name="Fatma", last_name="Işık",
        address="İnönü Cad. No: 12 Yenimahalle / Ankara",
        received_date="2026-01-12", application_type="information_request",
        subject_code="05", sub_subject_code="05.01",
        text="Emeklilik başvurumun hangi aşamada olduğunu öğrenmek istiyorum.",
    ),
    ApplicationForm(
        tckn=RETURNING_TCKN, first_name="Fatma", last_name="Işık",
        mother_maiden_first="A", mother_maiden_last="Z", mobile_phone="0533 111 22 33",
        application_type="request", subject_code="04", sub_subject_code="04.02",
        text="Aile sağlığı merkezinin cumartesi günleri de açık olmasını rica ediyorum.",
    ),
)


def _days_before(today: date, days: int) -> str:
    return f"{today - timedelta(days=days):%d.%m.%Y}"


def letter_sample(today: date) -> ApplicationForm:
    """A letter that came by post yesterday, written six days ago."""
    return ApplicationForm(
        channel="letter", sender_as_written="Hasan Demir — Kızılay Mah. 12. Sok. No: 4, Ankara",
        paper_date=_days_before(today, 6), received_date=_days_before(today, 1),
        first_name="Hasan", last_name="Demir",
        address="Kızılay Mah. 12. Sok. No: 4 Çankaya / Ankara",
        location_province="Ankara", location_district="Çankaya",
        location_detail="Kızılay Parkı girişi",
        application_type="request", subject_code="02", sub_subject_code="02.04",
        text="Mahallemizden geçen 112 numaralı otobüsün sefer sayısının artırılmasını "
             "rica ederim. Sabah saatlerinde duraklarda uzun kuyruklar oluşuyor.",
    )


def fax_sample(today: date) -> ApplicationForm:
    return ApplicationForm(
        channel="fax", sender_as_written="Gül Apartmanı Yönetimi",
        fax_number="0312 418 22 33", paper_date=_days_before(today, 2),
        received_date=_days_before(today, 0), first_name="Elif", last_name="Kaya",
        mobile_phone="0 (542) 555 12 34",
        application_type="complaint", subject_code="02", sub_subject_code="02.05",
        text="Apartmanımızın önündeki kanalizasyon taşması bir haftadır giderilmedi.",
    )


ORGANIZATION_SAMPLE = ApplicationForm(
    tckn=sample_tckn("512345678"), first_name="Selin", last_name="Aydın",
    mother_maiden_first="K", mother_maiden_last="R", email="bilgi@yildizinsaat.example.com",
    address="Organize Sanayi Bölgesi 3. Cad. No: 18 Sincan / Ankara",
    application_type="information_request", applicant_kind="organization",
    organization_title="Yıldız İnşaat Taahhüt Ticaret Ltd. Şti.",
    organization_tax_number="9876543210",
    requested_information="2025 yılı yol yapım ihalesinin katılımcı listesi ve karar "
                          "tutanağı",
    subject_code="02", sub_subject_code="02.01",
    text="4982 sayılı Kanun kapsamında, şirketimizin de katıldığı ihaleye ait karar "
         "tutanağının bir örneğinin tarafımıza verilmesini talep ederiz.",
)

DENUNCIATION_SAMPLE = ApplicationForm(
    tckn=sample_tckn("612345679"), first_name="Murat", last_name="Güneş",
    mother_maiden_first="A", mother_maiden_last="Ş", mobile_phone="0 (533) 444 55 66",
    application_type="denunciation", hide_identity="true",
    subject_code="02", sub_subject_code="02.03", urgency="urgent",
    location_province="İzmir", location_district="Karşıyaka",
    location_detail="Çarşı içi, balık halinin arkası",
    text="Kim: Çarşıdaki bir seyyar satıcı. Ne: Tarihi geçmiş gıda satılıyor. "
         "Ne zaman: Her sabah 07.00 sularında. Nerede: Balık halinin arkası. ",
)


def sample_email(today: date) -> bytes:
    """A citizen's e-mail of yesterday with a scanned petition and a receipt attached, as a
    mail client saves it (.eml)."""
    message = EmailMessage()
    message["From"] = "Fatma Şimşek <fatma.simsek@example.com>"
    message["To"] = "bimer@valilik.example.com"
    message["Subject"] = "Okul servis ücretleri hakkında şikayet"
    message["Date"] = format_datetime(datetime.combine(
        today - timedelta(days=1), datetime.min.time()).astimezone())
    message.set_content("Sayın yetkili,\n\nÇocuğumun okulunun servis ücreti dönem ortasında "
                        "iki katına çıkarıldı. Gereğinin yapılmasını arz ederim.\n\n"
                        "Fatma Şimşek")
    message.add_attachment(b"%PDF-1.4\n% sample scan\n" + b"0" * 48_000,
                           maintype="application", subtype="pdf",
                           filename="dilekçe-tarama.pdf")
    message.add_attachment(b"\x89PNG\r\n\x1a\n" + b"0" * 210_000, maintype="image",
                           subtype="png", filename="servis-makbuzu.png")
    return message.as_bytes()
