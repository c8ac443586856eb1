"""Which field each channel requires, allows or does not show: the one table.

The in-person channel is strict (slide 15); letter, fax and e-mail are lenient but capture
everything the paper carries (slides 12-14). The form reads this table for its `*` markers
and for which fields it shows; validation, the import and the central service enforce it.
``docs/intake-rules.md`` lists it for people.
"""

from __future__ import annotations

from enum import StrEnum

from models.enums import ApplicantKind, ApplicationType, Channel


class Requirement(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    HIDDEN = "hidden"  # not asked on this channel / for this choice; must stay empty


REQ, OPT, HID = Requirement.REQUIRED, Requirement.OPTIONAL, Requirement.HIDDEN
IN_PERSON, LETTER, FAX, EMAIL = Channel.IN_PERSON, Channel.LETTER, Channel.FAX, Channel.EMAIL

# field → requirement per channel, before the conditional rules below.
CHANNEL_TABLE: dict[str, dict[Channel, Requirement]] = {
    "tckn": {IN_PERSON: REQ, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "first_name": {IN_PERSON: REQ, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "last_name": {IN_PERSON: REQ, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "mother_maiden_first": {IN_PERSON: REQ, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "mother_maiden_last": {IN_PERSON: REQ, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "education_level": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "mobile_phone": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "email": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: REQ},
    "email_preference": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "address": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "contact_address": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "location_province": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "location_district": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "location_detail": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "sender_as_written": {IN_PERSON: HID, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "paper_date": {IN_PERSON: HID, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "received_date": {IN_PERSON: HID, LETTER: REQ, FAX: REQ, EMAIL: REQ},
    "fax_number": {IN_PERSON: HID, LETTER: HID, FAX: OPT, EMAIL: HID},
    "email_subject": {IN_PERSON: HID, LETTER: HID, FAX: HID, EMAIL: OPT},
    "application_type": {IN_PERSON: REQ, LETTER: REQ, FAX: REQ, EMAIL: REQ},
    "applicant_kind": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "organization_title": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "organization_tax_number": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "requested_information": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "hide_identity": {IN_PERSON: OPT, LETTER: OPT, FAX: OPT, EMAIL: OPT},
    "subject_code": {IN_PERSON: REQ, LETTER: REQ, FAX: REQ, EMAIL: REQ},
    "sub_subject_code": {IN_PERSON: REQ, LETTER: REQ, FAX: REQ, EMAIL: REQ},
    "urgency": {IN_PERSON: REQ, LETTER: REQ, FAX: REQ, EMAIL: REQ},
    "text": {IN_PERSON: REQ, LETTER: REQ, FAX: REQ, EMAIL: REQ},
}

ORGANIZATION_FIELDS = ("organization_title", "organization_tax_number", "requested_information")
# A legal entity applying for information must give these (slide 8).
ORGANIZATION_REQUIRED = (*ORGANIZATION_FIELDS, "address", "email")
IDENTITY_HIDING_TYPES = frozenset({ApplicationType.COMPLAINT, ApplicationType.DENUNCIATION})
# In person the clerk must be able to answer the citizen: at least one of these.
CONTACT_FIELDS = ("mobile_phone", "email", "address", "contact_address")
CONTACT_REQUIRED_CHANNELS = frozenset({Channel.IN_PERSON})


def field_requirement(
    field: str,
    channel: Channel,
    application_type: ApplicationType | None = None,
    applicant_kind: ApplicantKind | None = None,
) -> Requirement:
    """The requirement of ``field`` for these choices: the table plus the conditional rules."""
    is_information = application_type is ApplicationType.INFORMATION_REQUEST
    is_organization = is_information and applicant_kind is ApplicantKind.ORGANIZATION
    if field == "applicant_kind":
        return CHANNEL_TABLE[field][channel] if is_information else HID
    if field in ORGANIZATION_FIELDS:
        return REQ if is_organization else HID
    if field in ORGANIZATION_REQUIRED and is_organization:
        return REQ
    if field == "hide_identity":
        return (
            CHANNEL_TABLE[field][channel] if application_type in IDENTITY_HIDING_TYPES else HID
        )
    return CHANNEL_TABLE[field][channel]
