"""Sample receipt data for tests and for looking at the printout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from models.numbers import StationNumber
from models.print_payload import PrintPayload
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
