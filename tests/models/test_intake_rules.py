"""The per-channel table, its conditional rules, and the page that documents them."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from models.application_form import ApplicationForm, validate_application
from models.enums import ApplicantKind, ApplicationType, Channel
from models.intake_rules import CHANNEL_TABLE, Requirement, field_requirement
from tests.conftest import in_person_form

DOC = Path(__file__).resolve().parents[2] / "docs" / "intake-rules.md"
WORDS = {"zorunlu": Requirement.REQUIRED, "isteğe bağlı": Requirement.OPTIONAL,
         "—": Requirement.HIDDEN}
SUBJECTS = {"02": frozenset({"02.01", "02.02"})}


def test_the_documented_table_is_the_code_table() -> None:
    documented: dict[str, dict[Channel, Requirement]] = {}
    for line in DOC.read_text("utf-8").splitlines():
        match = re.match(r"^\| `(\w+)` \| [^|]+ \|(.+)\|$", line)
        if match and match.group(1) in ApplicationForm.field_names():
            cells = [cell.strip() for cell in match.group(2).split("|")]
            documented[match.group(1)] = {c: WORDS[w] for c, w in zip(Channel, cells, strict=True)}
    assert documented == CHANNEL_TABLE


def test_every_form_field_but_the_channel_is_in_the_table() -> None:
    assert set(CHANNEL_TABLE) == set(ApplicationForm.field_names()) - {"channel"}


channels = st.sampled_from(list(Channel))
types = st.sampled_from(list(ApplicationType))
kinds = st.sampled_from([None, *ApplicantKind])


@given(channels, types, kinds)
def test_organization_fields_follow_bilgi_edinme_and_tuzel_kisi(
    channel: Channel, application_type: ApplicationType, kind: ApplicantKind | None
) -> None:
    organization = (application_type is ApplicationType.INFORMATION_REQUEST
                    and kind is ApplicantKind.ORGANIZATION)
    for field in ("organization_title", "organization_tax_number", "requested_information"):
        expected = Requirement.REQUIRED if organization else Requirement.HIDDEN
        assert field_requirement(field, channel, application_type, kind) is expected
    if organization:
        assert field_requirement("email", channel, application_type, kind) is Requirement.REQUIRED
        assert field_requirement("address", channel, application_type, kind) is \
            Requirement.REQUIRED


@given(channels, types)
def test_identity_hiding_is_offered_only_for_complaints_and_denunciations(
    channel: Channel, application_type: ApplicationType
) -> None:
    offered = field_requirement("hide_identity", channel, application_type) is not \
        Requirement.HIDDEN
    assert offered == (application_type in {ApplicationType.COMPLAINT,
                                            ApplicationType.DENUNCIATION})


@given(types)
def test_hide_identity_is_accepted_exactly_where_offered(application_type: ApplicationType
                                                         ) -> None:
    result = validate_application(
        in_person_form(application_type=application_type.value, hide_identity="true"), SUBJECTS
    )
    offered = application_type in {ApplicationType.COMPLAINT, ApplicationType.DENUNCIATION}
    assert result.ok == offered
    if not offered:
        assert result.errors == {
            "hide_identity": "Kimlik gizleme yalnızca İhbar ve Şikayet başvurularında seçilebilir."
        }


@given(st.sampled_from([Channel.LETTER, Channel.FAX, Channel.EMAIL]),
       st.sampled_from(["sender_as_written", "paper_date", "fax_number", "email_subject"]))
def test_paper_fields_are_rejected_in_person_and_off_their_channel(
    channel: Channel, field: str
) -> None:
    value = {"sender_as_written": "Ali Veli", "paper_date": "01.11.2026",
             "fax_number": "0312 123 45 67", "email_subject": "Konu"}[field]
    in_person = validate_application(in_person_form(**{field: value}), SUBJECTS)
    assert in_person.errors == {field: in_person.errors[field]}
    assert "bu başvuru için kullanılmaz (Şahsen)" in in_person.errors[field]
    paper = in_person_form(channel=channel.value, received_date="27.11.2026",
                           **{field: value})
    errors = validate_application(paper, SUBJECTS).errors
    assert (field in errors) == (CHANNEL_TABLE[field][channel] is Requirement.HIDDEN)


def test_a_legal_entity_must_give_what_slide_8_asks() -> None:
    result = validate_application(
        in_person_form(application_type="information_request", applicant_kind="organization",
                       address="", email=""),
        SUBJECTS,
    )
    assert set(result.errors) == {"organization_title", "organization_tax_number",
                                  "requested_information", "address", "email"}


def test_bilgi_edinme_defaults_to_a_natural_person() -> None:
    result = validate_application(in_person_form(application_type="information_request"),
                                  SUBJECTS)
    assert result.application is not None
    assert result.application.applicant_kind is ApplicantKind.PERSON
    assert result.application.to_payload()["applicant_kind"] == "person"
