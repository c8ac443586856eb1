"""The citizen's paper in the desk's language: the institution's name and the "how to check
your application" words from the settings in both languages, the subject's names from the
reference data, the PDF's file name too."""

from __future__ import annotations

from pathlib import Path

import pytest

from bimer_desktop.app import paper_settings
from bimer_desktop.settings import default_settings
from models.i18n import use_language
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.conftest import in_person_form, make_desk
from tests.printing.pdf_helpers import normalize_space, pdf_text


def test_an_english_desk_prints_the_institutions_english_words() -> None:
    settings = default_settings()
    english = paper_settings(settings, "en")
    assert english.institution_name == settings.institution_name_en
    assert english.query_instructions.startswith("You can check")
    turkish = paper_settings(settings, "tr")
    assert turkish.institution_name == settings.institution_name
    assert turkish.query_instructions.startswith("Başvurunuzun durumunu")


def test_blank_english_words_fall_back_to_the_turkish_ones() -> None:
    settings = default_settings().with_overrides(institution_name_en=" ",
                                                 query_instructions_en="")
    paper = paper_settings(settings, "en")
    assert paper.institution_name == settings.institution_name
    assert paper.query_instructions == settings.query_instructions


def test_the_pdf_file_name_is_in_the_desks_language() -> None:
    assert DocumentKind.RECEIPT.file_stem == "alindi-belgesi"
    use_language("en")
    try:
        assert DocumentKind.RECEIPT.file_stem == "receipt"
        assert DocumentKind.REPORT.file_stem == "application-report"
    finally:
        use_language("tr")


def test_an_email_drafts_label_is_in_the_desks_language() -> None:
    from models.samples import in_person_sample
    from services.drafts import DraftSource, draft_label

    form = in_person_sample(email_subject="")
    assert draft_label(form, DraftSource.EMAIL).endswith("— E-posta: (konusuz)")
    use_language("en")
    try:
        assert draft_label(form, DraftSource.EMAIL).endswith("— E-mail: (no subject)")
    finally:
        use_language("tr")


@pytest.mark.parametrize("kind", [DocumentKind.RECEIPT, DocumentKind.REPORT])
def test_an_english_paper_names_the_subject_in_english(tmp_path: Path,
                                                       kind: DocumentKind) -> None:
    """Decoded back from the PDF: the subject and sub-subject of the English receipt and
    report are the catalogue's English names, with no Turkish name left."""
    use_language("en")
    desk = make_desk(tmp_path / "desk", "http://127.0.0.1:9")
    try:
        saved = desk.intake.save(in_person_form(), "memur1")  # 02 / 02.02
        assert saved.ok and saved.station_number is not None, saved.errors
        target = tmp_path / "paper.pdf"
        desk.printouts.produce(PrintRequest(kind, saved.station_number), "memur1",
                               PdfFile(target))
        text = normalize_space(pdf_text(target.read_bytes()))
    finally:
        desk.close()
        use_language("tr")
    assert "Municipal services" in text and "Street cleaning and refuse" in text
    assert "Belediye hizmetleri" not in text and "Çevre temizliği" not in text
