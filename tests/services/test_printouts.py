"""Printing a case: real PDFs whose barcodes lead back to the case and to the print log.

A preview is not a print: it uses no serial and writes no print-log row. A print writes the
serial, the row and the audit event together with the paper (or the PDF file), or nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import AuditEvent, Counter, PrintLogEntry
from models.numbers import StationNumber
from models.print_payload import PrintPayload, decode_payload
from models.turkey_time import TURKEY, in_turkey
from services.printouts import (
    CaseNotFound,
    DocumentKind,
    OutputError,
    PdfFile,
    PrintError,
    PrintRequest,
    ReceiptLayout,
    RenderedDocument,
    free_pdf_path,
)
from tests.conftest import VALID_TCKN, in_person_form, make_desk
from tests.printing.pdf_helpers import (
    decode_barcodes,
    normalize_space,
    page_count,
    pdf_text,
    pt_to_mm,
)
from tests.printing.samples import long_text
from tests.services.attachment_samples import png_image, turkish_pdf

RECEIPT = DocumentKind.RECEIPT
REPORT = DocumentKind.REPORT


class RefusingPrinter:
    """A printer that is out of paper: it refuses every document."""

    label = "Kasa yazıcısı"

    def deliver(self, document: RenderedDocument, *, title: str) -> None:
        raise OutputError("Yazıcıda kâğıt yok.")


def save(desk: Desk, **overrides: str) -> str:
    outcome = desk.intake.save(in_person_form(**overrides), "memur1")
    assert outcome.ok and outcome.station_number is not None, outcome.errors
    return outcome.station_number


def produce(desk: Desk, tmp_path: Path, request: PrintRequest, user: str = "memur1",
            name: str = "out.pdf") -> tuple[bytes, int, str]:
    printed = desk.printouts.produce(request, user, PdfFile(tmp_path / name))
    pdf = (tmp_path / name).read_bytes()
    assert pdf == printed.pdf
    return pdf, printed.serial, printed.payload


def log_rows(desk: Desk) -> list[PrintLogEntry]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(PrintLogEntry).order_by(PrintLogEntry.id)))


def audit(desk: Desk) -> list[tuple[str, str]]:
    with desk.db.sessions() as session:
        return [(e.action, e.detail) for e in session.scalars(
            select(AuditEvent).order_by(AuditEvent.id)) if e.action != "application.saved"]


def serial_counter(desk: Desk) -> int | None:
    with desk.db.sessions() as session:
        return session.scalars(select(Counter.value).where(
            Counter.name == "print-serial:06-01")).first()


# -- receipts ------------------------------------------------------------------------------


def test_receipt_names_the_case_and_its_barcode_scans_back(offline_desk: Desk,
                                                            tmp_path: Path) -> None:
    number = save(offline_desk)
    pdf, serial, payload = produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number))

    text = normalize_space(pdf_text(pdf))
    assert number in text and "A*** Y*****" in text
    assert "Ayşe" not in text and VALID_TCKN not in text
    assert "Şikayet" in text and "Belediye hizmetleri / Çevre temizliği ve çöp" in text
    assert decode_barcodes(pdf) == [payload]
    decoded = decode_payload(payload)
    assert decoded is not None
    assert (str(decoded.case), decoded.printing_station, decoded.serial) == (number, "06-01", 1)
    [row] = log_rows(offline_desk)
    assert (row.serial, row.payload, row.document_type, row.user, row.page_count,
            row.printer) == (serial, payload, "receipt", "memur1", 1,
                             f"PDF: {tmp_path / 'out.pdf'}")


def test_every_print_gets_its_own_serial_and_log_row(offline_desk: Desk,
                                                      tmp_path: Path) -> None:
    number = save(offline_desk)
    _, first, first_payload = produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number),
                                      name="1.pdf")
    _, second, second_payload = produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number),
                                        user="memur2", name="2.pdf")
    assert (first, second) == (1, 2)
    assert first_payload != second_payload
    assert [(r.serial, r.user) for r in log_rows(offline_desk)] == [(1, "memur1"), (2, "memur2")]
    assert [action for action, _ in audit(offline_desk)] == ["receipt.printed"] * 2


def test_a_preview_uses_no_serial_and_leaves_no_log_row(offline_desk: Desk,
                                                        tmp_path: Path) -> None:
    number = save(offline_desk)
    for _ in range(3):  # the clerk looks three times and closes the preview
        preview = offline_desk.printouts.preview(PrintRequest(RECEIPT, number), "memur1")
        assert preview.provisional_serial == 1
        assert decode_barcodes(preview.pdf) == [
            PrintPayload(StationNumber.parse(number) or StationNumber("", 0, 0), "06-01", 1
                         ).encode()]
    assert log_rows(offline_desk) == []
    assert serial_counter(offline_desk) is None
    assert audit(offline_desk) == []

    _, serial, _ = produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number))
    assert serial == 1  # the paper gets the serial the preview showed


def test_a_refusing_printer_rolls_everything_back(offline_desk: Desk, tmp_path: Path) -> None:
    number = save(offline_desk)
    with pytest.raises(OutputError, match="kâğıt yok"):
        offline_desk.printouts.produce(PrintRequest(RECEIPT, number), "memur1",
                                       RefusingPrinter())
    assert log_rows(offline_desk) == [] and audit(offline_desk) == []
    assert serial_counter(offline_desk) is None
    _, serial, _ = produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number))
    assert serial == 1  # the serial was given back


def test_an_unwritable_pdf_path_is_a_clear_error_and_logs_nothing(offline_desk: Desk,
                                                                  tmp_path: Path) -> None:
    number = save(offline_desk)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="PDF yazılamadı"):
        offline_desk.printouts.produce(PrintRequest(RECEIPT, number), "memur1",
                                       PdfFile(blocker / "alindi.pdf"))
    assert log_rows(offline_desk) == []


@pytest.mark.parametrize(("layout", "width_mm"), [(ReceiptLayout.A4, 210.0),
                                                  (ReceiptLayout.A5, 148.0),
                                                  (ReceiptLayout.THERMAL_80, 80.0)])
def test_each_layout_prints_and_scans(offline_desk: Desk, tmp_path: Path,
                                      layout: ReceiptLayout, width_mm: float) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    number = save(offline_desk)
    pdf, _, payload = produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number, layout))
    width = float(PdfReader(BytesIO(pdf)).pages[0].mediabox.width)
    assert pt_to_mm(width) == pytest.approx(width_mm, abs=0.05)
    assert decode_barcodes(pdf, 300) == [payload]
    assert audit(offline_desk)[-1] == ("receipt.printed",
                                       f"serial=1 pages=1 layout={layout.value}")


def test_the_settings_choose_the_receipt_layout(tmp_path: Path) -> None:
    from bimer_desktop.settings import store_setting

    store_setting(tmp_path / "desk", "receipt_layout", "80mm")
    with make_desk(tmp_path / "desk", "http://127.0.0.1:9") as desk:
        number = save(desk)
        preview = desk.printouts.preview(PrintRequest(RECEIPT, number), "memur1")
        assert preview.layout is ReceiptLayout.THERMAL_80


def test_the_central_number_finds_the_case_and_appears_once_known(desk: Desk,
                                                                  tmp_path: Path) -> None:
    number = save(desk)
    desk.sync.drain_once()
    summary = desk.queries.find(number)
    assert summary is not None and summary.central_number is not None
    pdf, _, _ = produce(desk, tmp_path, PrintRequest(RECEIPT, summary.central_number))
    text = normalize_space(pdf_text(pdf))
    assert summary.central_number in text and number in text


def test_an_unknown_number_is_a_clear_error(offline_desk: Desk) -> None:
    with pytest.raises(CaseNotFound, match="'06-01-2026-999999' numaralı başvuru bu masada"):
        offline_desk.printouts.preview(PrintRequest(RECEIPT, "06-01-2026-999999"), "memur1")


def test_a_receipt_never_reveals_identity(offline_desk: Desk, tmp_path: Path) -> None:
    number = save(offline_desk)
    with pytest.raises(PrintError, match="vatandaşın nüshası"):
        produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number, reveal_identity=True))
    assert log_rows(offline_desk) == []


# -- the case report -----------------------------------------------------------------------


def test_report_of_6000_characters_every_page_scans_to_the_logged_serial(
        offline_desk: Desk, tmp_path: Path) -> None:
    draft = offline_desk.drafts.save("memur1", in_person_form())
    offline_desk.attachments.add_to_draft(draft, "memur1", "dilekçe-tarama.pdf",
                                          turkish_pdf(pages=2))
    offline_desk.attachments.add_to_draft(draft, "memur1", "çöp-fotoğrafı.png", png_image())
    text = long_text(6000)
    outcome = offline_desk.intake.save(in_person_form(text=text), "memur1", draft_id=draft)
    assert outcome.ok and outcome.station_number is not None, outcome.errors
    number = outcome.station_number
    produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number), name="r.pdf")  # serial 1

    pdf, serial, payload = produce(offline_desk, tmp_path, PrintRequest(REPORT, number))

    pages = page_count(pdf)
    assert pages >= 2
    for page in range(pages):
        [scanned] = decode_barcodes(pdf, page=page)
        decoded = decode_payload(scanned)  # None if the check digit failed
        assert decoded is not None and scanned == payload, page
        assert decoded.serial == serial == 2
    row = log_rows(offline_desk)[-1]
    assert (row.serial, row.payload, row.document_type, row.page_count) == (
        2, payload, "report", pages)
    flat = normalize_space(pdf_text(pdf))
    for item in ("Başvuru Raporu", "dilekçe-tarama.pdf", "çöp-fotoğrafı.png", "Hareketler",
                 "Henüz hareket yok.", "Bekliyor", "Kaydeden"):
        assert item in flat, item
    assert audit(offline_desk)[-1] == ("report.printed", f"serial=2 pages={pages}")


def test_report_masks_identity_by_default(offline_desk: Desk, tmp_path: Path) -> None:
    number = save(offline_desk)
    pdf, _, _ = produce(offline_desk, tmp_path, PrintRequest(REPORT, number))
    text = normalize_space(pdf_text(pdf))
    for masked in ("A*** Y*****", "100******46", "a**********@e******.com",
                   "Kimlik bilgileri yıldızlı gösterilmiştir."):
        assert masked in text, masked
    for secret in ("Ayşe", "Yılmaz", VALID_TCKN, "ayse.yilmaz@example.com", "Atatürk"):
        assert secret not in text, secret


def test_report_of_a_hidden_identity_prints_only_gizlenmis(offline_desk: Desk,
                                                           tmp_path: Path) -> None:
    number = save(offline_desk, hide_identity="true")
    pdf, _, _ = produce(offline_desk, tmp_path, PrintRequest(REPORT, number))
    text = normalize_space(pdf_text(pdf))
    assert "Gizlenmiş" in text
    for secret in ("A*** Y*****", "Ayşe", VALID_TCKN, "100******46", "0532", "@"):
        assert secret not in text, secret

    with pytest.raises(PrintError, match="gizlenmesini istedi"):
        offline_desk.printouts.preview(PrintRequest(REPORT, number, reveal_identity=True),
                                       "memur1")
    with pytest.raises(PrintError, match="gizlenmesini istedi"):
        produce(offline_desk, tmp_path, PrintRequest(REPORT, number, reveal_identity=True),
                name="x.pdf")
    assert [r.serial for r in log_rows(offline_desk)] == [1]


def test_revealing_identity_for_one_print_is_audited(offline_desk: Desk,
                                                     tmp_path: Path) -> None:
    number = save(offline_desk)
    request = PrintRequest(REPORT, number, reveal_identity=True)

    preview = offline_desk.printouts.preview(request, "memur2")
    pdf, serial, _ = produce(offline_desk, tmp_path, request, user="memur2")

    for shown in (normalize_space(pdf_text(preview.pdf)), normalize_space(pdf_text(pdf))):
        assert "Ayşe Yılmaz" in shown and VALID_TCKN in shown
        assert "basan kullanıcının isteğiyle açık" in shown
    assert audit(offline_desk) == [
        ("identity.revealed", "report preview"),
        ("report.printed", f"serial={serial} pages=1 identity=revealed"),
    ]
    with offline_desk.db.sessions() as session:
        users = session.scalars(select(AuditEvent.user).where(
            AuditEvent.action.in_(["identity.revealed", "report.printed"]))).all()
    assert users == ["memur2", "memur2"]
    # The next print is masked again: revealing is for one print only.
    again, _, _ = produce(offline_desk, tmp_path, PrintRequest(REPORT, number), name="2.pdf")
    assert "Ayşe" not in pdf_text(again)


def test_a_report_is_a4_only(offline_desk: Desk, tmp_path: Path) -> None:
    number = save(offline_desk)
    with pytest.raises(PrintError, match="yalnızca A4"):
        produce(offline_desk, tmp_path, PrintRequest(REPORT, number, ReceiptLayout.A5))
    assert log_rows(offline_desk) == []


# -- the print log and the barcode lookup ---------------------------------------------------


def test_print_log_lists_every_print_oldest_first_without_personal_data(
        offline_desk: Desk, tmp_path: Path) -> None:
    number = save(offline_desk)
    produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number), name="1.pdf")
    produce(offline_desk, tmp_path, PrintRequest(REPORT, number), user="memur2", name="2.pdf")
    rows = offline_desk.printouts.print_log()
    assert [(r.serial, r.document_label, r.station_number, r.station_code, r.user)
            for r in rows] == [(1, "Alındı belgesi", number, "06-01", "memur1"),
                               (2, "Başvuru raporu", number, "06-01", "memur2")]
    assert [r.serial for r in offline_desk.printouts.print_log(limit=1)] == [2]
    flat = repr(rows)
    assert "Ayşe" not in flat and VALID_TCKN not in flat and "çöpler" not in flat


def test_a_scanned_payload_leads_to_the_case_and_who_printed_it(
        offline_desk: Desk, tmp_path: Path) -> None:
    number = save(offline_desk)
    pdf, serial, _ = produce(offline_desk, tmp_path, PrintRequest(RECEIPT, number))
    [scanned] = decode_barcodes(pdf)

    lookup = offline_desk.printouts.lookup(scanned + "\r\n")

    assert lookup is not None and lookup.case is not None and lookup.printed is not None
    assert lookup.case_number == number
    assert lookup.case.text == "Sokağımızdaki çöpler üç gündür toplanmıyor."
    assert lookup.case.summary.applicant_masked == "A*** Y*****"
    assert lookup.case.subject_label == "Belediye hizmetleri / Çevre temizliği ve çöp"
    when = in_turkey(lookup.printed.printed_at)
    assert lookup.provenance == (
        f"06-01 istasyonunda memur1 kullanıcısı tarafından {when:%d.%m.%Y %H:%M} tarihinde "
        f"basıldı, seri {serial} (Alındı belgesi, 1 sayfa).")


def test_a_lookup_shows_the_attachments(offline_desk: Desk, tmp_path: Path) -> None:
    draft = offline_desk.drafts.save("memur1", in_person_form())
    offline_desk.attachments.add_to_draft(draft, "memur1", "dilekçe.pdf", turkish_pdf(pages=3))
    outcome = offline_desk.intake.save(in_person_form(), "memur1", draft_id=draft)
    assert outcome.station_number is not None
    _, _, payload = produce(offline_desk, tmp_path,
                            PrintRequest(REPORT, outcome.station_number))
    lookup = offline_desk.printouts.lookup(payload)
    assert lookup is not None and lookup.case is not None
    assert [(a.name, a.page_count) for a in lookup.case.attachments] == [("dilekçe.pdf", 3)]


def test_a_paper_from_another_station_is_named_as_such(offline_desk: Desk) -> None:
    number = save(offline_desk)
    case = StationNumber.parse(number)
    assert case is not None
    elsewhere = PrintPayload(case, "34-07", 12).encode()
    lookup = offline_desk.printouts.lookup(elsewhere)
    assert lookup is not None and lookup.printed is None
    assert lookup.case is not None  # the case is here, the print was not made here
    assert lookup.provenance.startswith("34-07 istasyonunda basılmış, seri 12.")
    assert "bu masanın kaydında yok" in lookup.provenance


def test_a_serial_this_desk_never_printed_is_flagged(offline_desk: Desk) -> None:
    number = save(offline_desk)
    case = StationNumber.parse(number)
    assert case is not None
    forged = PrintPayload(case, "06-01", 77).encode()
    lookup = offline_desk.printouts.lookup(forged)
    assert lookup is not None and lookup.printed is None
    assert "seri 77 yok" in lookup.provenance


def test_a_case_taken_elsewhere_is_not_on_this_desk(offline_desk: Desk) -> None:
    other = PrintPayload(StationNumber("34-07", 2026, 58), "34-07", 311).encode()
    lookup = offline_desk.printouts.lookup(other)
    assert lookup is not None
    assert lookup.case is None and lookup.printed is None


def test_a_misread_is_not_a_lookup(offline_desk: Desk) -> None:
    good = PrintPayload(StationNumber("06-01", 2026, 1), "06-01", 1).encode()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert offline_desk.printouts.lookup(bad) is None
    assert offline_desk.printouts.lookup("06-01-2026-000001") is None


def test_free_pdf_paths_never_overwrite(tmp_path: Path) -> None:
    first = free_pdf_path(tmp_path, RECEIPT, "06-01-2026-000001")
    assert first.name == "alindi-belgesi-06-01-2026-000001.pdf"
    first.write_bytes(b"x")
    second = free_pdf_path(tmp_path, RECEIPT, "06-01-2026-000001")
    assert second.name == "alindi-belgesi-06-01-2026-000001-2.pdf"


def test_print_time_is_the_clock_of_the_desk(tmp_path: Path) -> None:
    moment = datetime(2026, 3, 12, 14, 7, tzinfo=TURKEY)
    with make_desk(tmp_path / "d", "http://127.0.0.1:9", clock=lambda: moment) as desk:
        number = save(desk)
        pdf, _, _ = produce(desk, tmp_path, PrintRequest(RECEIPT, number))
    assert "12.03.2026 14:07" in normalize_space(pdf_text(pdf))
