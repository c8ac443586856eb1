"""The KVKK information notice (issue 13, item 6): its text from the reference data, printed
after the receipt when the setting asks, in the desk's language; decoded back from the PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bimer_desktop.app import paper_settings
from bimer_desktop.settings import default_settings
from models.privacy_notice import PrivacyNoticeError, load_privacy_notice
from printing.receipt import ReceiptLayout, build_receipt
from tests.printing.pdf_helpers import normalize_space, page_count, pdf_text
from tests.printing.samples import sample_receipt

INSTITUTION = "Deneme Valiliği"


@pytest.mark.parametrize("layout", [ReceiptLayout.A4, ReceiptLayout.A5])
def test_the_notice_follows_the_receipt_on_pages_of_its_own(layout: ReceiptLayout) -> None:
    notice = load_privacy_notice("tr", INSTITUTION)
    plain = build_receipt(sample_receipt(), layout)
    document = build_receipt(sample_receipt(), layout, notice)
    assert plain.page_count == 1 and page_count(plain.pdf) == 1
    assert document.page_count >= 2 and page_count(document.pdf) == document.page_count
    text = normalize_space(pdf_text(document.pdf))
    assert "Kişisel Verilerin Korunması Hakkında Aydınlatma Metni" in text
    assert f"Veri sorumlusu: Başvurunuzu alan kurum, {INSTITUTION}." in text
    assert "KVKK 11. maddesi" in text
    # The receipt itself is unchanged: its first page is the same text as without.
    assert normalize_space(pdf_text(plain.pdf)) in text


def test_the_notice_is_in_the_desk_s_language() -> None:
    notice = load_privacy_notice("en", INSTITUTION)
    text = normalize_space(pdf_text(build_receipt(sample_receipt(), ReceiptLayout.A4,
                                                  notice).pdf))
    assert "Information Notice on the Protection of Personal Data" in text
    assert load_privacy_notice("de", INSTITUTION).title.startswith("Kişisel")  # Turkish


def test_the_setting_puts_the_notice_on_the_paper() -> None:
    settings = default_settings()
    assert paper_settings(settings, "tr").privacy_notice is None  # off by default
    paper = paper_settings(settings.with_overrides(receipt_privacy_notice=True), "tr")
    assert paper.privacy_notice is not None
    assert settings.institution_name in " ".join(paper.privacy_notice.paragraphs)


def test_a_notice_file_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notice.json"
    path.write_text(json.dumps({"version": "1", "tr": {"title": "x", "paragraphs": []}}),
                    "utf-8")
    with pytest.raises(PrivacyNoticeError):
        load_privacy_notice("tr", INSTITUTION, path)


def test_a_desk_with_the_setting_prints_and_logs_the_notice_pages(tmp_path: Path) -> None:
    from bimer_desktop.settings import store_setting
    from models.samples import in_person_sample
    from services.printouts import DocumentKind, PdfFile, PrintRequest
    from tests.conftest import make_desk

    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    store_setting(data_dir, "receipt_privacy_notice", True)
    with make_desk(data_dir, "") as desk:
        number = desk.intake.save(in_person_sample(), "memur1").station_number
        printed = desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, number), "memur1",
                                         PdfFile(tmp_path / "receipt.pdf"))
        assert printed.page_count >= 2
        assert "Aydınlatma Metni" in pdf_text(printed.pdf)
        [logged] = desk.printouts.print_log()
        assert logged.page_count == printed.page_count
