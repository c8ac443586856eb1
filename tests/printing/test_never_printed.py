"""The mother's maiden-name letters are a check of who is at the counter, never data to
hand out: no receipt, in any layout, and no case report — not even one printed with the
identity revealed — carries them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.application_form import field_label
from models.entities import Application
from services.printouts import DocumentKind, PrintRequest, ReceiptLayout, applicant_rows
from tests.conftest import in_person_form
from tests.printing.pdf_helpers import pdf_text

# Two capital letters nothing else on these papers is written with: wherever one appears,
# it came from the maiden name.
FIRST, LAST = "Ğ", "Ü"

REQUESTS = [
    *(pytest.param(DocumentKind.RECEIPT, layout, False, id=f"receipt-{layout.value}")
      for layout in ReceiptLayout),
    pytest.param(DocumentKind.REPORT, None, False, id="report-masked"),
    pytest.param(DocumentKind.REPORT, None, True, id="report-revealed"),
]


@pytest.mark.parametrize(("kind", "layout", "reveal"), REQUESTS)
def test_no_paper_carries_the_mothers_maiden_name_letters(
        offline_desk: Desk, kind: DocumentKind, layout: ReceiptLayout | None,
        reveal: bool) -> None:
    saved = offline_desk.intake.save(
        in_person_form(mother_maiden_first=FIRST, mother_maiden_last=LAST), "memur1")
    assert saved.station_number is not None
    preview = offline_desk.printouts.preview(
        PrintRequest(kind, saved.station_number, layout=layout, reveal_identity=reveal),
        "memur1")
    text = pdf_text(preview.pdf)
    assert saved.station_number in text  # the paper of this very case
    if reveal:
        assert "Ayşe Yılmaz" in text  # everything else of the applicant is there
    assert FIRST not in text and LAST not in text
    assert field_label("mother_maiden_first") not in text
    assert "Anne kızlık" not in text


def test_the_applicant_block_has_no_row_for_them(offline_desk: Desk) -> None:
    saved = offline_desk.intake.save(
        in_person_form(mother_maiden_first=FIRST, mother_maiden_last=LAST), "memur1")
    assert saved.uuid is not None
    with offline_desk.db.sessions() as session:
        application = session.scalars(
            select(Application).where(Application.uuid == saved.uuid)).one()
        for reveal in (False, True):
            _note, rows = applicant_rows(application, reveal=reveal)
            assert all(FIRST not in value and LAST not in value for _label, value in rows)
