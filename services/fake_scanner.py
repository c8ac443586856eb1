"""A scanner that needs no hardware, and the pages it scans.

For tests and previews (``FakeScanner``), and for training: a training desk (no central
service configured) offers its two practice devices beside whatever real scanners are
attached (``with_practice_devices``), so a clerk learns the Tara… dialog without a scanner
and without scanning anyone's papers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from models import i18n
from models.i18n import _
from resources import FONTS_DIR
from services.scan_options import ColorMode, ScanSource
from services.scanning import (
    FEEDER_EMPTY_STATUS,
    NO_SCANNER_MESSAGE,
    ScanFailed,
    Scanner,
    ScannerDevice,
    ScannerError,
    ScannerUnavailable,
    ScanSettings,
    no_feeder_message,
    sane_status_message,
    scanner_gone_message,
    to_png,
)

FAKE_PREFIX = "fake:"


@dataclass
class FakeScanner:
    """A scanner that needs no hardware: for tests, previews and training.

    Each page is a small A4-shaped image with its number and side written on it in a
    colour of its own, so a test can tell the pages apart after any page work.
    """

    devices: list[ScannerDevice] = field(default_factory=lambda: [
        ScannerDevice(f"{FAKE_PREFIX}adf", _("Deneme Tarayıcı (besleyicili, çift yüzlü)")),
        ScannerDevice(f"{FAKE_PREFIX}flatbed", _("Deneme Tarayıcı (yalnız cam)")),
    ])
    feeder_sheets: int = 3
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    scans: list[tuple[str, ScanSettings]] = field(default_factory=list)

    def list_devices(self) -> list[ScannerDevice]:
        if not self.devices:
            raise ScannerUnavailable(i18n._(NO_SCANNER_MESSAGE))
        return list(self.devices)

    def cancel(self) -> None:
        pass  # a fake scan is over before anyone could press Vazgeç

    def scan(self, device_id: str, settings: ScanSettings) -> list[bytes]:
        if device_id not in {device.id for device in self.devices}:
            raise ScanFailed(scanner_gone_message())
        self.scans.append((device_id, settings))
        if settings.source is ScanSource.FEEDER:
            if device_id == f"{FAKE_PREFIX}flatbed":
                raise ScanFailed(no_feeder_message())
            if self.feeder_sheets == 0:
                raise ScanFailed(sane_status_message(FEEDER_EMPTY_STATUS) or "")
            # The fake pages' captions are sample content, like a scanned letter's words.
            sides = ("ön", "arka") if settings.duplex else ("ön",)  # i18n: not shown
            faces = [(sheet, side) for sheet in range(1, self.feeder_sheets + 1)
                     for side in sides]
        else:
            faces = [(1, "ön")]  # i18n: not shown
        return [self._page(number, sheet, side, settings)
                for number, (sheet, side) in enumerate(faces, start=1)]

    def _page(self, number: int, sheet: int, side: str, settings: ScanSettings) -> bytes:
        caption = f"Yaprak {sheet} · {side} yüz"  # i18n: not shown
        return fake_page(number, caption, settings.dpi, settings.mode,
                         (self.page_width_mm, self.page_height_mm))


@dataclass
class PracticeScanners:
    """The desk's real scanner with the fake's practice devices listed after its own; a
    scan goes to whichever of the two owns the device chosen."""

    real: Scanner
    practice: FakeScanner = field(default_factory=FakeScanner)

    def list_devices(self) -> list[ScannerDevice]:
        try:
            found = self.real.list_devices()
        except ScannerError:
            found = []  # no real scanner here: practice with the fake one
        return found + self.practice.list_devices()

    def scan(self, device_id: str, settings: ScanSettings) -> list[bytes]:
        if device_id.startswith(FAKE_PREFIX):
            return self.practice.scan(device_id, settings)
        return self.real.scan(device_id, settings)

    def cancel(self) -> None:
        self.real.cancel()


def with_practice_devices(real: Scanner) -> Scanner:
    """A training desk's scanner: the real one, plus devices to practise on."""
    return PracticeScanners(real)


PAGE_COLOURS = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f",
                "#ad1457", "#4e342e", "#283593", "#9e9d24")


def fake_page(number: int, caption: str, dpi: int = 100,
              mode: ColorMode | str = ColorMode.COLOR,
              size_mm: tuple[float, float] = (210.0, 297.0)) -> bytes:
    """A page that looks like a scanned letter: a coloured band, a big page number and a
    few lines of text. PNG with its resolution."""
    width = max(40, round(size_mm[0] / 25.4 * dpi))
    height = max(56, round(size_mm[1] / 25.4 * dpi))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    colour = PAGE_COLOURS[(number - 1) % len(PAGE_COLOURS)]
    draw.rectangle((0, 0, width, height // 8), fill=colour)
    font_path = FONTS_DIR / "DejaVuSans-Bold.ttf"
    big = ImageFont.truetype(str(font_path), max(8, height // 6))
    small = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), max(6, height // 40))
    draw.text((width // 2, height // 3), str(number), fill=colour, font=big, anchor="mm")
    draw.text((width // 2, height // 2), caption, fill="black", font=small, anchor="mm")
    line_height = max(3, height // 50)
    for row in range(6):
        y = height * 3 // 5 + row * line_height * 2
        draw.rectangle((width // 8, y, width * 7 // 8 - (row % 3) * width // 10,
                        y + line_height // 2), fill="#444444")
    if ColorMode(mode) is ColorMode.GRAY:
        image = image.convert("L")
    elif ColorMode(mode) is ColorMode.LINEART:
        image = image.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
    return to_png(image, dpi)
