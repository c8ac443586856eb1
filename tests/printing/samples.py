"""Sample receipt data for tests and for looking at the printout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from models.numbers import StationNumber
from models.print_payload import PrintPayload
from printing.case_report import AttachmentRow, CaseReportData, MovementRow
from printing.receipt import ReceiptData

TURKISH_LETTERS = "ÇĞİÖŞÜçğıöşü"

SAMPLE_PAYLOAD = PrintPayload(StationNumber("06-01", 2026, 123), "06-01", 45).encode()

LONG_SUBJECT = (
    "Çevre, Şehircilik ve İklim Değişikliği: kentsel dönüşüm uygulamalarında hak sahipliği "
    "tespiti, kira yardımı ödemelerinin gecikmesi ve yerinde dönüşüm sözleşmelerine ilişkin "
    "itirazların değerlendirilmesi; ayrıca ölçüm, ağaçlandırma ve ışıklandırma talepleri "
    "ile Büyükşehir Belediyesi imar planı değişikliği başvurularının durumu hakkında bilgi"
)


def sample_receipt(**changes: object) -> ReceiptData:
    data = ReceiptData(
        institution_name="T.C. Çevre, Şehircilik ve İklim Değişikliği Bakanlığı",
        station_number="06-01-2026-000123",
        central_number=None,
        received_at=datetime(2026, 3, 12, 14, 5),
        applicant="Ş*** Ö*****",
        channel_label="Şahsen başvuru",
        application_type_label="Şikâyet",
        subject_label="Ulaşım ve Güvenlik",
        sub_subject_label="Işıklandırma, Çöp ve Ağaç Dikimi (İlçe Üzerinde)",
        urgency_label="Normal",
        deadline=date(2026, 4, 2),
        deadline_rule="15 iş günü (4982 s. Kanun)",
        barcode_payload=SAMPLE_PAYLOAD,
        printing_station="06-01",
        printed_by="ayşe.yılmaz",
        printed_at=datetime(2026, 3, 12, 14, 7),
        query_instructions=(
            "Başvurunuzun durumunu www.cimer.gov.tr adresinden veya 150 numaralı telefondan, "
            "bu belgedeki başvuru numarasıyla sorgulayabilirsiniz. Merkez numarası verildiğinde "
            "size kısa mesajla (SMS) bildirilir; başvurunuz hakkında kimlik bilgileriniz dışında "
            "hiçbir bilgi paylaşmanız gerekmez."
        ),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


# ----- the case report --------------------------------------------------------------------

REPORT_PAYLOAD = PrintPayload(StationNumber("06-01", 2026, 123), "06-02", 7).encode()

TEXT_PARAGRAPH = (
    "Mahallemizdeki Işıklar Sokağı'nda çöpler üç gündür toplanmıyor; konteynerler taşmış, "
    "çevreye kötü koku yayılıyor. Öğle saatlerinde çocuklar okuldan dönerken bu çöplerin "
    "arasından geçmek zorunda kalıyor. Belediyeye telefonla iki kez bildirmemize rağmen "
    "hiçbir işlem yapılmadı; ağaç dikimi ve ışıklandırma çalışmaları da yarım kaldı. "
)


def long_text(characters: int = 6000) -> str:
    """Turkish prose of exactly ``characters`` characters, in paragraphs."""
    parts: list[str] = []
    number = 1
    while sum(len(p) + 2 for p in parts) < characters:
        parts.append(f"{number}. {TEXT_PARAGRAPH}{TEXT_PARAGRAPH}".strip())
        number += 1
    return "\n\n".join(parts)[: characters - 1] + "."


def sample_report(**changes: object) -> CaseReportData:
    data = CaseReportData(
        institution_name="T.C. Çevre, Şehircilik ve İklim Değişikliği Bakanlığı",
        station_number="06-01-2026-000123",
        central_number="2026-0004567812",
        received_at=datetime(2026, 3, 12, 14, 5),
        channel_label="Mektup",
        application_type_label="Şikayet",
        subject_label="Belediye hizmetleri",
        sub_subject_label="Çevre temizliği ve çöp",
        urgency_label="Acele",
        deadline=date(2026, 4, 2),
        deadline_rule="15 iş günü (4982 s. Kanun)",
        sync_state_label="Gönderildi",
        details=(("Belge tarihi", "05.03.2026"), ("Geliş tarihi", "11.03.2026"),
                 ("Konum", "Ankara / Çankaya — Işıklar Sokağı")),
        identity_note="Kimlik bilgileri yıldızlı gösterilmiştir.",
        applicant=(("Ad soyad", "Ş*** Ö*****"), ("T.C. Kimlik No", "100******46"),
                   ("Cep telefonu", "*** *** ** 67"), ("Adres", "Ğ******** Ü***** N** 4")),
        text=TEXT_PARAGRAPH,
        attachments=(
            AttachmentRow("dilekçe-tarama.pdf", 2, "48,1 KB", "9f2c4e1d0b7a" + "0" * 52),
            AttachmentRow("çöp-fotoğrafı.jpg", 1, "1,2 MB", "04ab77e3c9d1" + "1" * 52),
        ),
        movements=(),
        barcode_payload=REPORT_PAYLOAD,
        printing_station="06-02",
        printed_by="ayşe.yılmaz",
        printed_at=datetime(2026, 3, 14, 9, 30),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


SAMPLE_MOVEMENTS = (
    MovementRow("BİMER Ankara Valiliği", datetime(2026, 3, 12, 15, 0),
                "Çankaya Belediyesi Temizlik İşleri Müdürlüğü", "Acele",
                "Gereği için; yerinde inceleme yapılması."),
    MovementRow("Çankaya Belediyesi Temizlik İşleri Müdürlüğü", datetime(2026, 3, 13, 10, 20),
                "Çankaya Belediyesi Park ve Bahçeler Müdürlüğü", "Normal",
                "Ağaç dikimi bölümü için bilgi."),
)
