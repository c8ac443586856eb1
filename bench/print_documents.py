"""What a receipt and a one-page case report cost over a bare reportlab page.

Baseline, measured in the same run: one A4 page with a few lines of Turkish text in DejaVu
Sans, subset-embedded (what any printout with our font must pay: reportlab, the TrueType
subset, the PDF writer). Measured: ``build_receipt`` in each layout (A4, A5, 80 mm thermal:
header, wrapped rows, the Code 128 barcode drawn as vector bars and read back before it is
drawn) and ``build_case_report`` for a one-page case (platypus layout, tables, the barcode on
the page, footers written at the end). Also the desk's ``PrintService.preview`` of a receipt
(the case read from SQLite, then rendered) for the whole path the preview button takes.
Prints p50/p95 of each and its ratio to the baseline.

    python bench/print_documents.py [--n 100]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from _common import bench_desk, print_latency_ratio
from reportlab.pdfgen.canvas import Canvas

from models.numbers import StationNumber
from models.print_payload import PrintPayload
from models.samples import in_person_sample
from printing.case_report import AttachmentRow, CaseReportData, build_case_report
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.receipt import ReceiptData, ReceiptLayout, build_receipt
from printing.units import mm
from services.printouts import DocumentKind, PrintRequest

PAYLOAD = PrintPayload(StationNumber("06-01", 2026, 123), "06-01", 45).encode()
TEXT = ("Sokağımızdaki çöpler üç gündür toplanmıyor; konteynerler taşmış, çevreye kötü koku "
        "yayılıyor. Belediyeye iki kez bildirmemize rağmen hiçbir işlem yapılmadı. ") * 4

RECEIPT = ReceiptData(
    institution_name="T.C. Başbakanlık İletişim Merkezi (BİMER)",
    station_number="06-01-2026-000123", central_number="2026-0004567812",
    received_at=datetime(2026, 3, 12, 14, 5), applicant="A*** Y*****",
    channel_label="Şahsen", application_type_label="Şikayet",
    subject_label="Belediye hizmetleri", sub_subject_label="Çevre temizliği ve çöp",
    urgency_label="Normal", deadline=date(2026, 4, 11), deadline_rule="30 gün (3071 s. Kanun)",
    barcode_payload=PAYLOAD, printing_station="06-01", printed_by="memur1",
    printed_at=datetime(2026, 3, 12, 14, 7),
    query_instructions="Başvurunuzun durumunu www.bimer.gov.tr adresinden veya ALO 150 "
                       "hattını arayarak, bu belgedeki başvuru numarasıyla sorgulayabilirsiniz.",
)

REPORT = CaseReportData(
    institution_name=RECEIPT.institution_name, station_number=RECEIPT.station_number,
    central_number=RECEIPT.central_number, received_at=RECEIPT.received_at,
    channel_label="Şahsen", application_type_label="Şikayet",
    subject_label="Belediye hizmetleri", sub_subject_label="Çevre temizliği ve çöp",
    urgency_label="Normal", deadline=RECEIPT.deadline, deadline_rule=RECEIPT.deadline_rule,
    sync_state_label="Gönderildi", details=(("Kaydeden", "memur1"),),
    identity_note="Kimlik bilgileri yıldızlı gösterilmiştir.",
    applicant=(("Ad soyad", "A*** Y*****"), ("T.C. Kimlik No", "100******46")),
    text=TEXT,
    attachments=(AttachmentRow("dilekçe.pdf", 2, "48,1 KB", "9f2c4e1d0b7a" + "0" * 52),),
    movements=(), barcode_payload=PAYLOAD, printing_station="06-01", printed_by="memur1",
    printed_at=RECEIPT.printed_at,
)

FORM = in_person_sample(text=TEXT)


def bare_page() -> bytes:
    """The baseline: one A4 page, a title and a few lines in embedded DejaVu Sans."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(210 * mm, 297 * mm), invariant=1,
                    initialFontName=REGULAR)
    canvas.setFont(BOLD, 17)
    canvas.drawString(20 * mm, 270 * mm, "Başvuru Alındı Belgesi")
    canvas.setFont(REGULAR, 10)
    for line in range(8):
        canvas.drawString(20 * mm, (250 - 6 * line) * mm, TEXT[line * 60:(line + 1) * 60])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def interleaved(functions: list[Callable[[], object]], n: int) -> list[list[float]]:
    """Time each function n times, taking turns, so that a busy machine (other processes,
    CPU frequency) slows the baseline and the measured alike."""
    for function in functions:
        function()  # warm: fonts parsed, modules imported
    samples: list[list[float]] = [[] for _ in functions]
    for _ in range(n):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            samples[index].append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    n = parser.parse_args().n
    register_fonts()
    one_page = build_case_report(REPORT)
    assert one_page.page_count == 1, "the benchmark report must be one page"

    measured: list[tuple[str, Callable[[], object]]] = [
        ("build_receipt A4", lambda: build_receipt(RECEIPT, ReceiptLayout.A4)),
        ("build_receipt A5", lambda: build_receipt(RECEIPT, ReceiptLayout.A5)),
        ("build_receipt 80 mm", lambda: build_receipt(RECEIPT, ReceiptLayout.THERMAL_80)),
        ("build_case_report (1 page)", lambda: build_case_report(REPORT)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        desk = bench_desk(Path(tmp) / "desk")
        try:
            outcome = desk.intake.save(FORM, "bench")
            assert outcome.station_number is not None
            request = PrintRequest(DocumentKind.RECEIPT, outcome.station_number)
            measured.append(("PrintService.preview receipt",
                             lambda: desk.printouts.preview(request, "bench")))
            base, *results = interleaved([bare_page, *(f for _, f in measured)], n)
        finally:
            desk.close()
    for (name, _function), samples in zip(measured, results, strict=True):
        print_latency_ratio("baseline bare reportlab page, DejaVu", base, name, samples)
        print()


if __name__ == "__main__":
    main()
