"""The scanner that needs no hardware: pages a test can tell apart, the failures a real one
has, and the practice devices a training desk offers beside its real scanners."""

from __future__ import annotations

import pytest

from services.fake_scanner import PAGE_COLOURS, FakeScanner, with_practice_devices
from services.page_ops import Document
from services.scanning import (
    ColorMode,
    SaneScanner,
    ScanFailed,
    ScannerUnavailable,
    ScanSettings,
    ScanSource,
)
from tests.services.page_samples import labels
from tests.services.test_scanning import DUPLEX, FEEDER, FLATBED, band_colour, open_png


def test_fake_feeder_batch_with_duplex_gives_fronts_and_backs_in_order() -> None:
    scanner = FakeScanner(feeder_sheets=3)
    [adf, _flatbed] = scanner.list_devices()
    pages = scanner.scan(adf.id, DUPLEX)
    assert len(pages) == 6  # three sheets, two sides each
    assert [band_colour(page) for page in pages] == list(PAGE_COLOURS[:6])
    first = open_png(pages[0])
    assert first.info["dpi"][0] == pytest.approx(60, abs=0.5)
    # A4 at 60 dpi: the paper size survives into the PDF made of the stack.
    assert first.size == (496, 702)
    # Single-sided, the same feeder gives one page a sheet.
    assert len(scanner.scan(adf.id, FEEDER)) == 3
    # The stack becomes one attachment whose pages are in scanning order.
    name, pdf = Document.from_images("Tarama 1", pages).to_file()
    assert name == "Tarama 1.pdf" and len(labels(pdf)) == 6


def test_fake_flatbed_gives_one_page_and_refuses_a_feeder_scan() -> None:
    scanner = FakeScanner()
    [page] = scanner.scan("fake:flatbed", FLATBED)
    assert open_png(page).mode == "L"
    with pytest.raises(ScanFailed, match="besleyici yok"):
        scanner.scan("fake:flatbed", FEEDER)


def test_fake_scanner_failures_are_scanner_errors() -> None:
    with pytest.raises(ScannerUnavailable, match="tarayıcı bulunamadı"):
        FakeScanner(devices=[]).list_devices()
    with pytest.raises(ScanFailed, match="kâğıt yok"):
        FakeScanner(feeder_sheets=0).scan("fake:adf", FEEDER)
    with pytest.raises(ScanFailed, match="bulunamıyor"):
        FakeScanner().scan("fake:unplugged", FEEDER)


def test_a_training_desk_practises_on_fake_devices_beside_the_real_ones() -> None:
    # SANE without scanimage on this machine's PATH: no real scanner is found.
    practice = with_practice_devices(SaneScanner("/nonexistent/scanimage"))
    devices = practice.list_devices()
    assert [device.id for device in devices] == ["fake:adf", "fake:flatbed"]
    pages = practice.scan("fake:adf", ScanSettings(ScanSource.FEEDER, dpi=60,
                                                   mode=ColorMode.GRAY))
    assert len(pages) == 3
    with pytest.raises(ScannerUnavailable, match="scanimage"):
        practice.scan("test:0", FEEDER)  # a real device id goes to the real scanner
