"""The closed vocabularies of an application, with the Turkish words the desk shows."""

from __future__ import annotations

from enum import StrEnum

from models.i18n import N_, _


class Channel(StrEnum):
    IN_PERSON = "in_person"
    LETTER = "letter"
    FAX = "fax"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return _(_CHANNEL_LABELS[self])


class ApplicationType(StrEnum):
    INFORMATION_REQUEST = "information_request"
    REQUEST = "request"
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    SUGGESTION = "suggestion"
    THANKS = "thanks"

    @property
    def label(self) -> str:
        return _(_TYPE_LABELS[self])


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    VERY_URGENT = "very_urgent"

    @property
    def label(self) -> str:
        return _(_URGENCY_LABELS[self])


class OutboxState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    RETRY = "retry"
    DONE = "done"
    QUARANTINED = "quarantined"
    # Terminal, like done: a quarantined application the clerk corrected. Its newer version
    # (a new item, a new key) goes instead; this one is never sent again, only shown.
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return _(_OUTBOX_LABELS[self])

    @property
    def finished(self) -> bool:
        """Nothing more will be sent for this item."""
        return self in (OutboxState.DONE, OutboxState.SUPERSEDED)


_CHANNEL_LABELS = {
    Channel.IN_PERSON: N_("Şahsen"),
    Channel.LETTER: N_("Mektup"),
    Channel.FAX: N_("Faks"),
    Channel.EMAIL: N_("E-posta"),
}
_TYPE_LABELS = {
    ApplicationType.INFORMATION_REQUEST: N_("Bilgi Edinme"),
    ApplicationType.REQUEST: N_("Dilek/İstek"),
    ApplicationType.COMPLAINT: N_("Şikayet"),
    ApplicationType.DENUNCIATION: N_("İhbar"),
    ApplicationType.SUGGESTION: N_("Görüş/Öneri"),
    ApplicationType.THANKS: N_("Teşekkür"),
}
_URGENCY_LABELS = {
    Urgency.NORMAL: N_("Normal"),
    Urgency.URGENT: N_("Acele"),
    Urgency.VERY_URGENT: N_("Çok Acele"),
}
_OUTBOX_LABELS = {
    OutboxState.PENDING: N_("Bekliyor"),
    OutboxState.IN_FLIGHT: N_("Gönderiliyor"),
    OutboxState.RETRY: N_("Yeniden denenecek"),
    OutboxState.DONE: N_("Gönderildi"),
    OutboxState.QUARANTINED: N_("Karantinada"),
    OutboxState.SUPERSEDED: N_("Düzeltildi"),
}


class OutboxKind(StrEnum):
    """What an outbox item carries: applications, their attachments and their forwards
    ride the same queue."""

    APPLICATION = "application"
    BLOB = "blob"  # an attachment's bytes, keyed by their SHA-256; sent after its application
    # A forward (sevk), keyed by its UUID; sent once an application version of its case is
    # accepted (services/forwards.py).
    FORWARD = "forward"


class ApplicantKind(StrEnum):
    """Bilgi Edinme asks whether a natural person or a legal entity applies (slides 7-8)."""

    PERSON = "person"
    ORGANIZATION = "organization"

    @property
    def label(self) -> str:
        if self is ApplicantKind.ORGANIZATION:
            return _("Tüzel kişi")
        return _("Gerçek kişi")


class EducationLevel(StrEnum):
    """As the citizen's identity screen asks it (slide 5)."""

    NONE = "none"
    PRIMARY = "primary"
    MIDDLE = "middle"
    HIGH_SCHOOL = "high_school"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def label(self) -> str:
        return _(_EDUCATION_LABELS[self])


_EDUCATION_LABELS = {
    EducationLevel.NONE: N_("Okur-yazar değil / okul bitirmemiş"),
    EducationLevel.PRIMARY: N_("İlkokul"),
    EducationLevel.MIDDLE: N_("Ortaokul"),
    EducationLevel.HIGH_SCHOOL: N_("Lise"),
    EducationLevel.ASSOCIATE: N_("Ön lisans"),
    EducationLevel.BACHELOR: N_("Lisans"),
    EducationLevel.MASTER: N_("Yüksek lisans"),
    EducationLevel.DOCTORATE: N_("Doktora"),
}
