"""Printing a receipt: a real PDF whose barcode leads back to the case and the print log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import AuditEvent, PrintLogEntry
from models.print_payload import decode_payload
from services.receipts import CaseNotFound
from tests.conftest import in_person_form
from tests.printing.pdf_helpers import decode_barcodes, normalize_space, pdf_text


def test_receipt_names_the_case_and_its_barcode_scans_back(offline_desk: Desk) -> None:
    saved = offline_desk.intake.save(in_person_form(), "memur1")
    assert saved.station_number is not None

    printed = offline_desk.receipts.print_receipt(saved.station_number, "memur1")

    text = normalize_space(pdf_text(printed.pdf))
    assert saved.station_number in text
    assert "A*** Y*****" in text
    assert "Ayşe" not in text and "10000000146" not in text
    assert "Şikayet" in text and "Belediye hizmetleri" in text
    assert "Çevre temizliği ve çöp" in text
    assert decode_barcodes(printed.pdf) == [printed.payload]
    payload = decode_payload(printed.payload)
    assert payload is not None
    assert str(payload.case) == saved.station_number
    assert (payload.printing_station, payload.serial) == ("06-01", 1)


def test_every_print_gets_its_own_serial_and_log_row(offline_desk: Desk) -> None:
    number = offline_desk.intake.save(in_person_form(), "memur1").station_number or ""
    first = offline_desk.receipts.print_receipt(number, "memur1")
    second = offline_desk.receipts.print_receipt(number, "memur2", printer="Kasa yazıcısı")

    assert (first.serial, second.serial) == (1, 2)
    assert first.payload != second.payload
    with offline_desk.db.sessions() as session:
        log = session.scalars(select(PrintLogEntry).order_by(PrintLogEntry.serial)).all()
        actions = session.scalars(select(AuditEvent.action)).all()
    assert [(e.serial, e.user, e.printer, e.payload, e.page_count) for e in log] == [
        (1, "memur1", "PDF", first.payload, 1),
        (2, "memur2", "Kasa yazıcısı", second.payload, 1),
    ]
    assert actions.count("receipt.printed") == 2


def test_the_central_number_appears_once_known(desk: Desk) -> None:
    number = desk.intake.save(in_person_form(), "memur1").station_number or ""
    desk.sync.drain_once()
    summary = desk.queries.find(number)
    assert summary is not None and summary.central_number is not None

    printed = desk.receipts.print_receipt(summary.central_number, "memur1")

    text = normalize_space(pdf_text(printed.pdf))
    assert summary.central_number in text and number in text


def test_an_unknown_number_is_a_clear_error(offline_desk: Desk) -> None:
    with pytest.raises(CaseNotFound, match="'06-01-2026-999999' numaralı başvuru bu masada"):
        offline_desk.receipts.print_receipt("06-01-2026-999999", "memur1")


def test_a_hidden_identity_prints_as_gizlenmis(offline_desk: Desk) -> None:
    number = offline_desk.intake.save(in_person_form(hide_identity="true"), "memur1")
    assert number.station_number is not None

    printed = offline_desk.receipts.print_receipt(number.station_number, "memur1")

    text = normalize_space(pdf_text(printed.pdf))
    assert "Gizlenmiş" in text
    assert "A*** Y*****" not in text
    summary = offline_desk.queries.find(number.station_number)
    assert summary is not None and summary.applicant_masked == "Gizlenmiş"
