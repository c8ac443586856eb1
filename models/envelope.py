"""The application envelope: what a desk sends to ``POST /api/v1/applications``, declared once.

The desk builds the body it freezes in its outbox with ``application_envelope``; the central
service validates incoming bodies against the same classes (pydantic reads them as they
are, with the constraints below) and hashes ``ApplicationEnvelope.to_json()`` of what it
validated for idempotency. Both sides therefore agree, byte for byte, on what one body is:

* ``attachments`` is left out when there are none, ``reserved_central_number`` and
  ``corrects`` when they are None, exactly as desks have always sent them: a resend of an
  item an older desk queued is still the same body (tests/services/test_envelope_bytes.py,
  tests/bimer_central/test_envelope_digests.py).
* Every value keeps its JSON type; nothing is coerced on the way in.

Plain Python, no pydantic at import: the desk starts without it. What only pydantic reads is
in ``Annotated`` metadata (annotated_types' constraints, and ``Pattern``/``Strict`` below).
The descriptions and examples of /openapi.json are the service's documentation and live
with it (bimer_central/schemas.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, cast

from annotated_types import Ge, MaxLen, MinLen
from typing_extensions import TypedDict

from models.application_form import ValidApplication
from models.central_limits import MAX_ATTACHMENTS

SHA256_SHAPE = r"^[0-9a-f]{64}$"


@dataclass(frozen=True)
class Pattern:
    """A regular expression a string must match (pydantic: a ``pattern`` constraint)."""

    regex: str

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["pattern"] = self.regex
        return schema


@dataclass(frozen=True)
class Strict:
    """The JSON type itself, never a conversion ("5" or 5.0 is no integer): the digest of
    the validated body must be the digest of the body sent."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["strict"] = True
        return schema


# extra_items (PEP 728): mypy does not know it yet; pydantic and typing_extensions do.
class WireApplication(TypedDict, total=False, extra_items=str):  # type: ignore[call-arg]
    """The form's fields (``ApplicationForm``) as the desk puts them on the wire, every value
    a string: yes/no as ``"true"``/``"false"``, dates ``yyyy-mm-dd``, ``""`` for not given.

    Every field is optional here: a desk sends the fields its version knows (the first
    desks sent 14 of them). A key that is not a field is let through to the form's own
    rules, which refuse it by name, as they do for the JSONL import.
    """

    channel: str
    tckn: str
    first_name: str
    last_name: str
    mother_maiden_first: str
    mother_maiden_last: str
    education_level: str
    mobile_phone: str
    email: str
    email_preference: str
    address: str
    contact_address: str
    location_province: str
    location_district: str
    location_detail: str
    sender_as_written: str
    paper_date: str
    received_date: str
    fax_number: str
    email_subject: str
    application_type: str
    applicant_kind: str
    organization_title: str
    organization_tax_number: str
    requested_information: str
    hide_identity: str
    subject_code: str
    sub_subject_code: str
    urgency: str
    text: str


# pydantic: this TypedDict's own (empty) configuration, so that the envelope's
# ``extra="forbid"`` is not applied to it: its extra items are meant.
WireApplication.__pydantic_config__ = {}  # type: ignore[attr-defined]


@dataclass(frozen=True, kw_only=True)
class AttachmentRef:
    """One attachment an application carries; its bytes go to ``PUT /blobs/{sha256}``."""

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}

    sha256: Annotated[str, Pattern(SHA256_SHAPE)]
    size: Annotated[int, Strict(), Ge(0)]
    media_type: Annotated[str, MinLen(3), MaxLen(127)]
    name: Annotated[str, MaxLen(255)]
    page_count: Annotated[int, Strict(), Ge(1)] | None = None

    def to_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "size": self.size, "media_type": self.media_type,
                "name": self.name, "page_count": self.page_count}


@dataclass(frozen=True, kw_only=True)
class ApplicationEnvelope:
    """What the desk sends: its own numbers and metadata around the form's fields."""

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}

    uuid: Annotated[str, MaxLen(36)]
    station_number: Annotated[str, MaxLen(32)]
    station_code: Annotated[str, MaxLen(8)]
    created_at: Annotated[str, MaxLen(64)]
    created_by: Annotated[str, MaxLen(100)]
    application: WireApplication
    attachments: Annotated[tuple[AttachmentRef, ...], MaxLen(MAX_ATTACHMENTS)] = ()
    reserved_central_number: Annotated[str, MaxLen(32)] | None = None
    corrects: Annotated[str, MaxLen(36)] | None = None

    def to_json(self) -> dict[str, object]:
        """The body as JSON-ready data: the optional parts only when they say something."""
        body: dict[str, object] = {
            "uuid": self.uuid,
            "station_number": self.station_number,
            "station_code": self.station_code,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "application": dict(self.application),
        }
        if self.attachments:
            # Only when there are some: an application without attachments is sent exactly
            # as before attachments existed, so a service that predates them accepts it.
            body["attachments"] = [attachment.to_json() for attachment in self.attachments]
        if self.reserved_central_number is not None:
            body["reserved_central_number"] = self.reserved_central_number
        if self.corrects is not None:
            body["corrects"] = self.corrects
        return body


def wire_application(application: ValidApplication) -> WireApplication:
    """A validated application's fields as they go on the wire."""
    return cast(WireApplication, application.to_payload())


def application_envelope(
    *,
    uuid: str,
    station_number: str,
    station_code: str,
    created_at: str,
    created_by: str,
    application: ValidApplication,
    attachments: Sequence[AttachmentRef] = (),
    reserved_central_number: str | None = None,
    corrects: str | None = None,
) -> dict[str, object]:
    """The body the desk freezes in its outbox (``json.dumps(..., sort_keys=True)``) and
    sends: the one place a desk builds an envelope."""
    return ApplicationEnvelope(
        uuid=uuid,
        station_number=station_number,
        station_code=station_code,
        created_at=created_at,
        created_by=created_by,
        application=wire_application(application),
        attachments=tuple(attachments),
        reserved_central_number=reserved_central_number,
        corrects=corrects,
    ).to_json()
