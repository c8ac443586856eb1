"""The wire shapes of forwards (sevk): what a desk sends, what the service answers.

``extra="forbid"`` everywhere: a forward has no field for who the applicant is, and a body
that brings one (or any field the service does not know) is refused with 422, so identity
cannot ride along unnoticed (issue 15, item 3)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.forwards import MAX_DO_NOT_SEND, MAX_NOTE_LENGTH, MAX_SUBJECTS, MAX_TARGETS

_CODE = Field(pattern=r"^\d{8}$", description="DETSİS kodu (8 hane).")


class ForwardTargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: Annotated[str, _CODE]
    kind: Literal["action", "information"] = Field(description="action: Gereği, "
                                                               "information: Bilgi.")
    note: str = Field(default="", max_length=MAX_NOTE_LENGTH)


class ForwardSubjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_code: str = Field(max_length=16)
    sub_subject_code: str = Field(max_length=16)


class ForwardEnvelope(BaseModel):
    """A forward as a desk sends it; ``uuid`` is its Idempotency-Key."""

    model_config = ConfigDict(extra="forbid")

    uuid: str = Field(description="Idempotency-Key başlığıyla aynı UUID.")
    station_code: str = Field(max_length=8)
    station_number: str = Field(max_length=32, description="Başvurunun masadaki sayısı.")
    created_at: str = Field(max_length=64, description="Masada sevk edildiği an (ISO 8601).")
    created_by: str = Field(max_length=64)
    priority: Literal["normal", "urgent", "very_urgent"] = "normal"
    subjects: list[ForwardSubjectIn] = Field(min_length=1, max_length=MAX_SUBJECTS)
    targets: list[ForwardTargetIn] = Field(min_length=1, max_length=MAX_TARGETS)
    do_not_send: list[Annotated[str, _CODE]] = Field(
        default_factory=list, max_length=MAX_DO_NOT_SEND,
        description="Başvurunun gönderilmeyecek kurumları (şikâyet ve ihbar); altlarındaki "
                    "birimler de hedef olamaz.")
    lifted: list[Annotated[str, _CODE]] = Field(
        default_factory=list, max_length=MAX_DO_NOT_SEND,
        description="Masada listeden kaldırılmış birimler (kaldırma, ekleyen kullanıcı ya da "
                    "üst rol tarafından yapılır ve masada denetim kaydına yazılır). Listeden "
                    "yalnızca burada bildirilen birimler çıkar.")


class MovementOut(BaseModel):
    from_unit: str
    from_name: str
    at: str = Field(description="Merkezin kaydettiği an (ISO 8601, Türkiye saati).")
    to_unit: str
    to_name: str
    kind: str
    priority: str
    note: str


class ForwardReceipt(BaseModel):
    forward: str = Field(description="Sevkin UUID'si.")
    central_number: str
    movements: list[MovementOut]
