"""The closed vocabularies of an application, with the Turkish words the desk shows."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    IN_PERSON = "in_person"
    LETTER = "letter"
    FAX = "fax"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


class ApplicationType(StrEnum):
    INFORMATION_REQUEST = "information_request"
    REQUEST = "request"
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    SUGGESTION = "suggestion"
    THANKS = "thanks"

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    VERY_URGENT = "very_urgent"

    @property
    def label(self) -> str:
        return _URGENCY_LABELS[self]


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
        return _OUTBOX_LABELS[self]

    @property
    def finished(self) -> bool:
        """Nothing more will be sent for this item."""
        return self in (OutboxState.DONE, OutboxState.SUPERSEDED)


_CHANNEL_LABELS = {
    Channel.IN_PERSON: "Şahsen",
    Channel.LETTER: "Mektup",
    Channel.FAX: "Faks",
    Channel.EMAIL: "E-posta",
}
_TYPE_LABELS = {
    ApplicationType.INFORMATION_REQUEST: "Bilgi Edinme",
    ApplicationType.REQUEST: "Dilek/İstek",
    ApplicationType.COMPLAINT: "Şikayet",
    ApplicationType.DENUNCIATION: "İhbar",
    ApplicationType.SUGGESTION: "Görüş/Öneri",
    ApplicationType.THANKS: "Teşekkür",
}
_URGENCY_LABELS = {
    Urgency.NORMAL: "Normal",
    Urgency.URGENT: "Acele",
    Urgency.VERY_URGENT: "Çok Acele",
}
_OUTBOX_LABELS = {
    OutboxState.PENDING: "Bekliyor",
    OutboxState.IN_FLIGHT: "Gönderiliyor",
    OutboxState.RETRY: "Yeniden denenecek",
    OutboxState.DONE: "Gönderildi",
    OutboxState.QUARANTINED: "Karantinada",
    OutboxState.SUPERSEDED: "Düzeltildi",
}


class OutboxKind(StrEnum):
    """What an outbox item carries; attachments and forwards will ride the same queue."""

    APPLICATION = "application"
    BLOB = "blob"  # an attachment's bytes, keyed by their SHA-256; sent after its application


class ApplicantKind(StrEnum):
    """Bilgi Edinme asks whether a natural person or a legal entity applies (slides 7-8)."""

    PERSON = "person"
    ORGANIZATION = "organization"

    @property
    def label(self) -> str:
        return {ApplicantKind.PERSON: "Gerçek kişi", ApplicantKind.ORGANIZATION: "Tüzel kişi"}[
            self
        ]


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
        return _EDUCATION_LABELS[self]


_EDUCATION_LABELS = {
    EducationLevel.NONE: "Okur-yazar değil / okul bitirmemiş",
    EducationLevel.PRIMARY: "İlkokul",
    EducationLevel.MIDDLE: "Ortaokul",
    EducationLevel.HIGH_SCHOOL: "Lise",
    EducationLevel.ASSOCIATE: "Ön lisans",
    EducationLevel.BACHELOR: "Lisans",
    EducationLevel.MASTER: "Yüksek lisans",
    EducationLevel.DOCTORATE: "Doktora",
}
