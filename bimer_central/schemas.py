"""The wire shapes of the API; /openapi.json is generated from these."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from bimer_central.numbers import MAX_BLOCK_SIZE
from models.application_form import validate_application
from models.envelope import ApplicationEnvelope, AttachmentRef, WireApplication

# A UUID as the desk writes it (any case); documented for generators, checked by the service.
UUID_SHAPE = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

def _example_application() -> dict[str, JsonValue]:
    """The shared sample citizen (``models.samples``), as a desk sends her application.
    Imported here, when /openapi.json is generated, not when the service starts: a desk's
    in-process training central must not load the samples (they are for previews/tests)."""
    from models.samples import IN_PERSON_SAMPLE

    valid = validate_application(IN_PERSON_SAMPLE).application
    assert valid is not None, "the sample application keeps the rules"
    return dict(valid.to_payload())


# The envelope a desk sends, and its attachments, are declared once, in models/envelope.py:
# the desk builds its bodies with them, and the service validates against them. What
# /openapi.json says about their fields (descriptions, examples, the UUID's shape) is the
# service's documentation, added to the generated schema by ``describe_envelope``.
ENVELOPE_FIELDS: dict[str, dict[str, JsonValue]] = {
    "uuid": {"description": "Idempotency-Key başlığıyla aynı UUID.",
             # Documented for generators; the service checks it with a Turkish message.
             "pattern": UUID_SHAPE},
    "station_number": {"description": "Masanın verdiği sayı."},
    "station_code": {"description": "İstasyon kodu, örneğin 06-01."},
    "created_at": {"description": "Masada kaydedildiği an, ISO 8601, saat dilimiyle."},
    "created_by": {"description": "Kaydeden kullanıcının girişi."},
    "application": {"description": "Başvuru formunun alanları (ApplicationForm), hepsi metin."},
    "attachments": {"description": (
        "Başvurunun ekleri (isteğe bağlı; eski masalar göndermez). Baytları ayrıca "
        "PUT /api/v1/blobs/{sha256} ile yüklenir; başvuru hepsi gelince tamamlanır."
    )},
    "reserved_central_number": {
        "description": (
            "İsteğe bağlı: masanın bu başvuruya verdiği, önceden ayrılmış merkez numarası "
            "(POST /api/v1/number-blocks). Bu istasyona ayrılmış, kullanılmamış ve başvuru "
            "blok süresi dolmadan kaydedilmişse başvurunun merkez numarası olur; değilse "
            "yeni numara verilir ve cevap nedenini söyler."
        ),
        "examples": ["BMR-2026-0000042"],
    },
    "corrects": {"description": (
        "İsteğe bağlı: bu başvuru, merkezin kabul etmediği (karantinaya alınan) önceki "
        "sürümün düzeltmesiyse o sürümün UUID'si. İstasyon numarası aynı kalır."
    )},
}
ATTACHMENT_FIELDS: dict[str, dict[str, JsonValue]] = {
    "sha256": {"description": "Dosyanın SHA-256 özeti."},
    "size": {"description": "Bayt olarak boyutu."},
    "media_type": {"examples": ["application/pdf"]},
    "name": {"description": "Dosyanın masada gösterilen adı."},
    "page_count": {"description": "Sayfa sayısı (taranmış belge); bilinmiyorsa null."},
}
APPLICATION_DESCRIPTION = (
    "Başvuru formunun alanları (ApplicationForm), hepsi metin: evet/hayır \"true\" ya da "
    "\"false\", tarihler yyyy-aa-gg, verilmeyen alan \"\". Masa, sürümünün bildiği alanları "
    "gönderir; bilinmeyen bir alan adıyla reddedilir."
)
def envelope_examples() -> list[JsonValue]:
    return [
        {
            "uuid": "0b9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c11",
            "station_number": "06-01-2026-000123",
            "station_code": "06-01",
            "created_at": "2026-11-28T10:15:00+03:00",
            "created_by": "ayse.kaya",
            "application": _example_application(),
        }
    ]


def describe_envelope(document: dict[str, Any]) -> dict[str, Any]:
    """Add the service's words to the envelope's schemas in an OpenAPI ``document``."""
    schemas = document.get("components", {}).get("schemas", {})
    for name, fields, examples in (
        (ApplicationEnvelope.__name__, ENVELOPE_FIELDS, envelope_examples()),
        (AttachmentRef.__name__, ATTACHMENT_FIELDS, None),
    ):
        schema = schemas.get(name)
        if schema is None:
            continue
        properties = schema["properties"]
        for field, words in fields.items():
            properties[field].update(words)
        if examples is not None:
            schema["examples"] = examples
    if WireApplication.__name__ in schemas:
        schemas[WireApplication.__name__]["description"] = APPLICATION_DESCRIPTION
    return document


class Receipt(BaseModel):
    """The answer to an accepted application; a replay gets exactly the same one."""

    central_number: str = Field(examples=["BMR-2026-0000001"])
    uuid: str
    station_number: str
    received_at: str = Field(
        description="Merkezin kabul ettiği an, ISO 8601, Türkiye saatiyle.",
        examples=["2026-11-28T10:15:03+03:00"],
    )
    reserved_central_number: str | None = Field(
        default=None,
        description="Başvurunun getirdiği ayrılmış merkez numarası (yalnızca getirdiyse).",
    )
    reserved_number_refused: str | None = Field(
        default=None,
        description=(
            "Ayrılmış numara kullanılamadıysa nedeni; başvuruya o zaman central_number'daki "
            "yeni numara verilmiştir."
        ),
    )


class StoredApplication(BaseModel):
    central_number: str
    uuid: str
    station_number: str
    station_code: str
    received_at: str
    created_at: str
    created_by: str
    application: dict[str, str] = Field(
        description="Doğrulanmış ve temizlenmiş alanlar (örneğin telefon E.164 biçiminde)."
    )
    attachments: list[AttachmentRef] = Field(default_factory=list)
    complete: bool = Field(description="Eklerin hepsinin baytları merkezde mi?")
    missing_blobs: list[str] = Field(
        default_factory=list, description="Henüz yüklenmemiş eklerin SHA-256 özetleri."
    )
    corrects: str | None = Field(
        default=None, description="Düzelttiği önceki sürümün UUID'si; düzeltme değilse null."
    )
    identity: str = Field(
        default="masked",
        description=("hidden: başvuru sahibi kimliğinin gizlenmesini istedi ve rolünüz gizli "
                     "kimliği göremez, kimlik alanları boş gelir (ekranda \"Gizlenmiş\"); "
                     "masked: alanlar gelir, ekranda yıldızlı gösterilir."))


class ApplicantApplication(BaseModel):
    """One line of an applicant's history: no name, no contact, no text."""

    central_number: str = Field(examples=["BMR-2026-0000001"])
    station_number: str = Field(
        description="Başvuruyu alan masanın verdiği sayı.", examples=["06-01-2026-000123"]
    )
    received_at: str = Field(
        description="Merkezin kabul ettiği an, ISO 8601, Türkiye saatiyle.",
        examples=["2026-11-28T10:15:03+03:00"],
    )
    channel: str = Field(description="in_person, letter, fax veya email.")
    application_type: str = Field(examples=["complaint"])
    subject_code: str = Field(examples=["02"])
    sub_subject_code: str = Field(examples=["02.02"])
    urgency: str = Field(examples=["normal"])


class ApplicantApplications(BaseModel):
    """An applicant's applications (evveliyat), newest first; empty for a first-timer."""

    applications: list[ApplicantApplication]


class BlobReceipt(BaseModel):
    """The answer to an upload; ``created`` is false when the service already held it."""

    sha256: str
    size: int
    media_type: str
    created: bool


class NumberBlockRequest(BaseModel):
    """Reserve central numbers ahead for one station, to print them while offline."""

    model_config = ConfigDict(extra="forbid", strict=True)

    station_code: str = Field(max_length=8, description="İstasyon kodu, örneğin 06-01.",
                              examples=["06-01"])
    count: int = Field(ge=1, le=MAX_BLOCK_SIZE, description="Kaç numara ayrılacağı.",
                       examples=[50])


class NumberBlockAnswer(BaseModel):
    """The reserved numbers, in order; unused ones expire at ``expires_at`` and are never
    given to anyone else."""

    station_code: str
    numbers: list[str] = Field(examples=[["BMR-2026-0000042", "BMR-2026-0000043"]])
    reserved_at: str = Field(description="ISO 8601, Türkiye saatiyle.")
    expires_at: str = Field(
        description="Bu andan sonra kaydedilen başvurularda numaralar kabul edilmez."
    )


class SubSubjectEntry(BaseModel):
    code: str = Field(examples=["02.02"])
    name: str
    active: bool = Field(description="false: yeni başvurularda kullanılmaz (emekli kod).")


class SubjectEntry(BaseModel):
    code: str = Field(examples=["02"])
    name: str
    active: bool = Field(description="false: yeni başvurularda kullanılmaz (emekli kod).")
    sub_subjects: list[SubSubjectEntry]


class SubjectsDocument(BaseModel):
    """Subjects and sub-subjects (konu / alt konu)."""

    version: str = Field(examples=["2026-11-01"])
    subjects: list[SubjectEntry]


class InstitutionEntry(BaseModel):
    detsis_code: str = Field(pattern=r"^\d{8}$", description="8 haneli DETSİS kodu.")
    name: str
    kind: str = Field(examples=["ministry", "general_directorate", "governorship"])
    active: bool
    units: list[InstitutionEntry]


class InstitutionsDocument(BaseModel):
    """The institution tree: bodies and their units, each with its DETSİS code."""

    version: str = Field(examples=["2026-11-01"])
    institutions: list[InstitutionEntry]


class HolidayEntry(BaseModel):
    date: str = Field(examples=["2026-03-20"], description="ISO 8601 gün.")
    name: str = Field(examples=["Ramazan Bayramı"])
    kind: str = Field(examples=["full", "half"],
                      description="full: tam gün tatil; half: arife, 13.00'ten sonra tatil.")
    start: str | None = Field(default=None, alias="from", examples=["13:00"],
                              description="Yarım günlerde tatilin başladığı saat.")


class HolidaysDocument(BaseModel):
    """Turkey's public holidays and half days, for counting the legal deadlines."""

    version: str = Field(examples=["2024-2032.1"])
    first_year: int = Field(examples=[2024])
    last_year: int = Field(examples=[2032])
    source: str
    days: list[HolidayEntry]


class ErrorMessage(BaseModel):
    detail: str


class ValidationFailure(BaseModel):
    detail: str
    errors: dict[str, str] = Field(description="Alan adı → Türkçe hata iletisi.")


class AuthFailure(BaseModel):
    """A refused caller (401, 403, 429): ``reason`` for the desk to act on, ``detail`` for a
    person (models/auth_reasons.py)."""

    detail: str
    reason: str = Field(examples=["session_ended"])


class Health(BaseModel):
    status: str = "ok"


class EnrollmentRequest(BaseModel):
    """A desk enrolling with its one-time code (sent in ``X-BIMER-Enrollment-Code``)."""

    model_config = ConfigDict(extra="forbid")

    machine: str = Field(default="", max_length=100,
                         description="Bilgisayarın adı, koordinatörün listesi için.")


class EnrollmentAnswer(BaseModel):
    """The desk's credential, given this once: the desk keeps it in its keyring."""

    station_code: str = Field(examples=["06-01"])
    unit: str = Field(description="İstasyonun bağlı olduğu birimin DETSİS kodu.")
    unit_name: str
    desk_credential: str = Field(description="X-BIMER-Desk başlığında gönderilecek değer.")


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tckn: str = Field(max_length=11, examples=["10000000146"])
    password: str = Field(max_length=256)


class ClerkAnswer(BaseModel):
    """Who is logged in: what the desk shows and decides with (never the ID number)."""

    username: str = Field(examples=["ayse.kaya"])
    name: str
    roles: list[str] = Field(examples=[["kullanici"]])
    unit: str
    station_code: str
    expires_at: str = Field(description="Oturumun bittiği an, ISO 8601.")
    password_change_required: bool = Field(
        description="Geçici şifreyle girildi: yalnızca yeni şifre belirlenebilir.")


class SessionAnswer(ClerkAnswer):
    token: str = Field(description="Authorization: Bearer başlığında gönderilecek anahtar.")


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tckn: str = Field(max_length=11, examples=["10000000146"])


class ApplicantHistoryRequest(BaseModel):
    """Evveliyat: the ID number travels in the body, never in the address."""

    model_config = ConfigDict(extra="forbid")

    tckn: str = Field(max_length=11, examples=["10000000146"])


class DeskAuditEvent(BaseModel):
    """One event of a desk's audit trail, as the desk chained it (``models/audit_chain.py``):
    never an ID number, a name or application text."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: int = Field(ge=1, le=2**53, description="Olayın masadaki sırası.", examples=[42])
    at: str = Field(max_length=40, description="ISO 8601, saat dilimiyle.",
                    examples=["2026-12-05T10:15:00.000000+00:00"])
    user: str = Field(max_length=64, examples=["memur1"])
    station_code: str = Field(max_length=8, examples=["06-01"])
    action: str = Field(max_length=32, examples=["application.saved"])
    application_id: int | None = Field(default=None, ge=1, le=2**53,
                                       description="Masadaki başvuru kimliği.")
    detail: str = Field(max_length=2000, default="", examples=["06-01-2026-000042"])
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="Önceki olayın özeti.")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$",
                      description="SHA-256: olayın kanonik JSON'u ve önceki özet.")


class AuditEventBatch(BaseModel):
    """A desk's audit events after the last one the service anchored, oldest first."""

    model_config = ConfigDict(extra="forbid", strict=True)

    events: list[DeskAuditEvent] = Field(max_length=500)


class AuditAnchorAnswer(BaseModel):
    """How far the service holds the desk's chain: the last event it anchored."""

    anchored_through: int = Field(description="Merkezde sabitlenmiş son olayın sırası (0: "
                                              "hiç).")
    last_hash: str = Field(description="O olayın özeti.")
