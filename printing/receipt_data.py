"""What a receipt shows, whichever paper it is printed on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from models.i18n import N_, _

# Marked in Turkish; printed through _() (the language is chosen after import).
TITLE = N_("Başvuru Alındı Belgesi")
PENDING_CENTRAL_NUMBER = N_("Eşitleme sonrası verilecek")
QUERY_HEADING = N_("Başvurunuzu nasıl sorgularsınız?")


class ReceiptLayout(StrEnum):
    """The paper a receipt is laid out for; the values are what settings and the CLI take."""

    A4 = "a4"
    A5 = "a5"
    THERMAL_80 = "80mm"

    @property
    def label(self) -> str:
        return _(_LAYOUT_LABELS[self])


_LAYOUT_LABELS = {
    ReceiptLayout.A4: "A4",
    ReceiptLayout.A5: "A5",
    ReceiptLayout.THERMAL_80: N_("80 mm termal rulo"),
}


@dataclass(frozen=True)
class ReceiptData:
    """Everything the receipt shows, as people should read it; dates are formatted here.

    The citizen's copy: what they need to follow the case (numbers, dates, what it is about,
    the legal deadline, how to query) and nothing more. Identity arrives already masked.
    """

    institution_name: str
    station_number: str
    central_number: str | None
    received_at: datetime
    applicant: str
    """Already masked (``A*** Y*****``) or the word for a hidden identity
    (:func:`models.masking.hidden_label`); printed as given."""
    channel_label: str
    application_type_label: str
    subject_label: str
    sub_subject_label: str
    urgency_label: str
    deadline: date
    deadline_rule: str
    barcode_payload: str
    printing_station: str
    printed_by: str
    printed_at: datetime
    query_instructions: str


class ReceiptTooLongError(ValueError):
    """The receipt's texts do not fit on one page even in the compact type sizes."""
