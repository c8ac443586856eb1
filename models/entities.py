"""The local store's tables (SQLAlchemy 2 typed ORM). The schema itself comes from Alembic."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    insert,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from models.deadlines import received_on
from models.search_text import name_sort_key, name_words
from models.types import UtcDateTime


class Base(DeclarativeBase):
    pass


class Application(Base):
    """One version of an application as saved at this desk; frozen once saved.

    A correction of a quarantined application is a new row with the same station number
    (the citizen's receipt carries it), the next ``version`` and ``corrects_id`` pointing
    at the version it replaces (migration 0007).
    """

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("station_number", "version",
                         name="uq_applications_station_number_version"),
        # Since migration 0008: one index per filter of the lists. A one-column index is
        # ordered by (value, id), and the lists' order is the id (the order of saving), so
        # a filtered page is read in order from the index and stops after a page.
        Index("ix_applications_created_at", "created_at"),
        Index("ix_applications_created_by", "created_by"),
        Index("ix_applications_channel", "channel"),
        Index("ix_applications_application_type", "application_type"),
        Index("ix_applications_urgency", "urgency"),
        Index("ix_applications_subject_code", "subject_code"),
        Index("ix_applications_type_received_on", "application_type", "received_on"),
        Index("ix_applications_name_sort", "name_sort"),
        Index("ix_applications_corrects_id", "corrects_id"),
        Index("ix_applications_station_number", "station_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    station_number: Mapped[str] = mapped_column(String(32))
    station_code: Mapped[str] = mapped_column(String(8))
    central_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    application_type: Mapped[str] = mapped_column(String(32))
    urgency: Mapped[str] = mapped_column(String(16))
    subject_code: Mapped[str] = mapped_column(String(16))
    sub_subject_code: Mapped[str] = mapped_column(String(16))
    tckn: Mapped[str] = mapped_column(String(11), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    mother_maiden_first: Mapped[str] = mapped_column(String(1))
    mother_maiden_last: Mapped[str] = mapped_column(String(1))
    mobile_phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    # Since migration 0002: every channel's fields (docs/intake-rules.md).
    education_level: Mapped[str | None] = mapped_column(String(16))
    email_preference: Mapped[bool] = mapped_column(Boolean, server_default=false())
    contact_address: Mapped[str] = mapped_column(Text, server_default="")
    location_province: Mapped[str] = mapped_column(String(200), server_default="")
    location_district: Mapped[str] = mapped_column(String(200), server_default="")
    location_detail: Mapped[str] = mapped_column(String(200), server_default="")
    sender_as_written: Mapped[str] = mapped_column(String(200), server_default="")
    paper_date: Mapped[date | None] = mapped_column(Date)
    received_date: Mapped[date | None] = mapped_column(Date)
    fax_number: Mapped[str] = mapped_column(String(20), server_default="")
    email_subject: Mapped[str] = mapped_column(String(200), server_default="")
    applicant_kind: Mapped[str | None] = mapped_column(String(16))
    organization_title: Mapped[str] = mapped_column(String(200), server_default="")
    organization_tax_number: Mapped[str] = mapped_column(String(16), server_default="")
    requested_information: Mapped[str] = mapped_column(Text, server_default="")
    hide_identity: Mapped[bool] = mapped_column(Boolean, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Since migration 0006: the central number reserved ahead that this desk gave the
    # application when saving it (printed on its receipt while offline); NULL when none was
    # left. ``central_number`` is what the service answered: normally the same number.
    reserved_central_number: Mapped[str | None] = mapped_column(String(32), unique=True,
                                                                index=True)
    # Since migration 0007: 1 for the application as first saved, 2, 3, ... for corrections.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    # Since migration 0008, filled on insert (below) from the row's own values: the day the
    # legal deadline counts from (models/deadlines.py), and the name's Turkish sort key
    # (models/search_text.py; empty for a hidden identity).
    received_on: Mapped[date | None] = mapped_column(Date)
    name_sort: Mapped[str] = mapped_column(String(200), server_default="")
    # Since migration 0011: when retention emptied it of personal data and text
    # (services/retention.py); NULL while the desk keeps it whole.
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    outbox_items: Mapped[list[OutboxItem]] = relationship(back_populates="application")


class ApplicationNameWord(Base):
    """One folded word of an applicant's name (``models/search_text.py``): a name search
    looks each typed word up as a prefix range of this table's primary key. Written when
    the application is (below); never for a hidden identity. Since migration 0008."""

    __tablename__ = "application_name_words"

    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"),
                                                primary_key=True)


def list_columns(values: Mapping[str, Any]) -> dict[str, Any]:
    """What the lists filter and sort on, derived from an application row's own values:
    the ORM insert (below) and the intake's Core insert both take it from here."""
    return {
        "received_on": received_on(values["created_at"], values.get("received_date")),
        "name_sort": name_sort_key(values.get("first_name") or "", values.get("last_name") or "",
                                   values.get("organization_title") or "",
                                   hidden=bool(values.get("hide_identity")))[:200],
    }


def name_word_rows(application_id: int, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``application_name_words`` rows of an application (none for a hidden identity)."""
    words = name_words(values.get("first_name") or "", values.get("last_name") or "",
                       values.get("organization_title") or "",
                       hidden=bool(values.get("hide_identity")))
    return [{"word": word, "application_id": application_id}
            for word in dict.fromkeys(word[:100] for word in words)]


def _row_values(target: Application) -> dict[str, Any]:
    return {"created_at": target.created_at, "received_date": target.received_date,
            "first_name": target.first_name, "last_name": target.last_name,
            "organization_title": target.organization_title,
            "hide_identity": target.hide_identity}


@event.listens_for(Application, "before_insert")
def _derive_list_columns(_mapper: Mapper[Any], _connection: Connection,
                         target: Application) -> None:
    """Every ORM insert path (corrections, import) gets the list columns without knowing."""
    for name, value in list_columns(_row_values(target)).items():
        setattr(target, name, value)


@event.listens_for(Application, "after_insert")
def _index_name_words(_mapper: Mapper[Any], connection: Connection,
                      target: Application) -> None:
    rows = name_word_rows(target.id, _row_values(target))
    if rows:
        connection.execute(insert(ApplicationNameWord), rows)


class OutboxItem(Base):
    """Something that must reach the central service, exactly once, whatever fails.

    ``kind`` application: the envelope, keyed by the application's UUID. ``kind`` blob: an
    attachment's bytes, keyed by their SHA-256 (one item per content on this desk, linked
    to the first application that carried it), payload ``{"sha256", "media_type", "size"}``.
    """

    __tablename__ = "outbox"
    # Since migration 0008: the lists' sync-state filter, read from the index alone.
    __table_args__ = (
        Index("ix_outbox_state_kind_application_id", "state", "kind", "application_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Since migration 0004: when the central service acknowledged it (state done). The
    # retention of local copies (services/blob_gc.py) counts from here.
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    application: Mapped[Application] = relationship(back_populates="outbox_items")


class OutboxAttempt(Base):
    """One try to deliver an outbox item: when, how it ended, what the service said.
    Since migration 0005."""

    __tablename__ = "outbox_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    outcome: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """Append-only: who did what to which case. Never holds identity or text."""

    __tablename__ = "audit_events"
    # Since migration 0008: a case's own events (its detail view).
    __table_args__ = (Index("ix_audit_events_application_id", "application_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    user: Mapped[str] = mapped_column(String(64))
    station_code: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(32))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    detail: Mapped[str] = mapped_column(Text, default="")
    # Since migration 0011: the hash chain (models/audit_chain.py; written by
    # services/audit.py only). Triggers refuse DELETE, and UPDATE once ``hash`` is set.
    prev_hash: Mapped[str] = mapped_column(String(64), server_default="")
    hash: Mapped[str] = mapped_column(String(64), server_default="")


class Counter(Base):
    """Gap-free per-station sequences (station numbers per year, print serials)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class DeskIdentity(Base):
    """One row: this database's id (the ledger beside it must carry the same) and the
    station it belongs to (a lost settings file cannot change it). Issue 18, item 3."""

    __tablename__ = "desk_identity"
    __table_args__ = (CheckConstraint("id = 1", name="ck_desk_identity_one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    database_id: Mapped[str] = mapped_column(String(36))
    station_code: Mapped[str] = mapped_column(String(8))


class ImportedLine(Base):
    """An import line that became an application: its stable identity (the line's
    ``client_id``, else its content's hash and copy — docs/import-format.md), written in the
    save's own transaction, so running the file again saves only what is missing."""

    __tablename__ = "imported_lines"

    identity: Mapped[str] = mapped_column(String(80), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))


class KnownCentral(Base):
    """One row: the id of the central database this desk sends to, recorded at its first
    answer (the enrolment); answers from another database stop the sending until
    ``bimer-desktop rehome`` (services/central_identity.py)."""

    __tablename__ = "known_central"
    __table_args__ = (CheckConstraint("id = 1", name="ck_known_central_one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    central_id: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NumberBlockRequest(Base):
    """A number-block reservation asked and not yet answered: its key, kept across a kill so
    the same block is asked for again, never a second one (issue 18, item 8)."""

    __tablename__ = "number_block_requests"

    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer)


class PrintLogEntry(Base):
    """Every printout: the barcode on the paper leads back to this row."""

    __tablename__ = "print_log"
    __table_args__ = (UniqueConstraint("station_code", "serial"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[int] = mapped_column(Integer)
    station_code: Mapped[str] = mapped_column(String(8))
    document_type: Mapped[str] = mapped_column(String(32))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    user: Mapped[str] = mapped_column(String(64))
    printed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    page_count: Mapped[int] = mapped_column(Integer)
    # Holds up to services/printouts.PRINTER_LABEL_MAX (a PDF's whole path): SQLite does not
    # enforce the declared width, which stays as the schema made it.
    printer: Mapped[str] = mapped_column(String(128))
    payload: Mapped[str] = mapped_column(String(64))


class DraftRecord(Base):
    """A half-filled form, kept for the clerk who typed it; never sent anywhere."""

    __tablename__ = "drafts"
    __table_args__ = (CheckConstraint("source IN ('form', 'email')", name="draft_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    user: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    # The ApplicationForm as JSON: raw, unvalidated text, so the form can show it back as typed.
    form_json: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Attachment(Base):
    """A file's metadata; its bytes are in the blob store under ``sha256``.

    It belongs to a draft while the clerk works and to the application once saved, never
    to both and never to neither.
    """

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(
            "(draft_id IS NULL) <> (application_id IS NULL)", name="attachment_has_one_owner"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(127))
    original_name: Mapped[str] = mapped_column(String(255))
    page_count: Mapped[int | None] = mapped_column(Integer)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReservedNumber(Base):
    """A central number the service reserved for this station ahead (``POST
    /api/v1/number-blocks``), so that a receipt printed offline can carry it. Used by at
    most one application, taken in the transaction that saves it. Since migration 0006."""

    __tablename__ = "reserved_numbers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    station_code: Mapped[str] = mapped_column(String(8))
    # The Idempotency-Key of the request that reserved the block.
    block_key: Mapped[str] = mapped_column(String(36), index=True)
    reserved_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The service's expiry: an application saved at or after it cannot carry the number.
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"),
                                                       unique=True, index=True)


class ClerkLogin(Base):
    """A clerk who logged in at this desk while it reached the central service: what the
    desk shows of them, and the verifier of an offline login (migration 0008). Never the ID
    number (an HMAC of it under a key of this desk) and never the password (an argon2id
    hash of it, good for ``offline_login_days`` after ``verified_at``)."""

    __tablename__ = "clerk_logins"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    tckn_hmac: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(8))
    verifier: Mapped[str] = mapped_column(String(200))
    verified_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Wrong offline passwords in a row, and until when offline login is refused after them.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ForwardRecord(Base):
    """A forward (sevk) of a case as this desk made it (``models/forwards.py``): frozen
    once saved, sent as its own outbox item (kind ``forward``, keyed by ``uuid``) after its
    application is accepted. ``station_number`` ties it to every version of the case (a
    correction is a new row). Since migration 0012."""

    __tablename__ = "forwards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    station_number: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    # The forward's JSON (``Forward.to_json``): targets, subjects, priority.
    forward: Mapped[str] = mapped_column(Text)


class Movement(Base):
    """One movement (hareket) the central service recorded for a forward and answered:
    from which unit, when, to which unit, Gereği/Bilgi, priority, note. Since 0012."""

    __tablename__ = "movements"
    __table_args__ = (UniqueConstraint("forward_uuid", "to_unit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_number: Mapped[str] = mapped_column(String(32), index=True)
    forward_uuid: Mapped[str] = mapped_column(String(36))
    from_unit: Mapped[str] = mapped_column(String(8))
    from_name: Mapped[str] = mapped_column(String(200))
    to_unit: Mapped[str] = mapped_column(String(8))
    to_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class DoNotSendEntry(Base):
    """A unit a complaint or a denunciation must never reach (gönderilmeyecek kurum), with
    every unit below it. Lifted, never deleted: by the clerk who set it or a superior role
    (``models/roles.py``), with an audit event. Since migration 0012."""

    __tablename__ = "do_not_send"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_number: Mapped[str] = mapped_column(String(32), index=True)
    unit: Mapped[str] = mapped_column(String(8))
    set_by: Mapped[str] = mapped_column(String(64))
    # The rank of the highest role the clerk who set it had then (models/roles.role_rank).
    set_by_rank: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())
    lifted_by: Mapped[str | None] = mapped_column(String(64))
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
