"""The Scanner interface: a fake device, SANE for real where this machine has it, and WIA
through a fake COM device manager (the real one exists only on Windows)."""

from __future__ import annotations

import atexit
import functools
import io
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from services.fake_scanner import PAGE_COLOURS
from services.page_ops import Document
from services.scan_options import ColorMode, ScanSource
from services.scanning import (
    WIA_DPS_DOCUMENT_HANDLING_SELECT,
    WIA_DPS_PAGES,
    WIA_DUPLEX,
    WIA_FEEDER,
    WIA_FLATBED,
    WIA_IPS_XRES,
    SaneScanner,
    ScanFailed,
    ScannerDevice,
    ScannerUnavailable,
    ScanSettings,
    WiaScanner,
    parse_sane_options,
    sane_arguments,
    scanner_for_platform,
)
from tests.services.page_samples import labels

FEEDER = ScanSettings(ScanSource.FEEDER, duplex=False, dpi=60, mode=ColorMode.COLOR)
DUPLEX = ScanSettings(ScanSource.FEEDER, duplex=True, dpi=60, mode=ColorMode.COLOR)
FLATBED = ScanSettings(ScanSource.FLATBED, duplex=False, dpi=60, mode=ColorMode.GRAY)


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def band_colour(data: bytes) -> str:
    """The colour of the fake page's top band (each page number has its own)."""
    image = open_png(data).convert("RGB")
    r, g, b = image.getpixel((image.width // 2, 2))  # type: ignore[misc]
    return f"#{r:02x}{g:02x}{b:02x}"


def test_scan_settings_are_checked_and_coerced() -> None:
    settings = ScanSettings(source="flatbed", dpi=300, mode="lineart")  # type: ignore[arg-type]
    assert settings.source is ScanSource.FLATBED and settings.mode is ColorMode.LINEART
    with pytest.raises(ValueError, match="besleyiciyle"):
        ScanSettings(ScanSource.FLATBED, duplex=True)
    with pytest.raises(ValueError, match="dpi"):
        ScanSettings(dpi=5000)


def test_scan_defaults_come_from_the_desk_settings(tmp_path: Path) -> None:
    from bimer_desktop.settings import Settings, SettingsError, load_settings

    def scan_defaults(settings: Settings) -> ScanSettings:
        return ScanSettings.from_settings(source=settings.scan_source,
                                          duplex=settings.scan_duplex, dpi=settings.scan_dpi,
                                          mode=settings.scan_mode)

    settings = load_settings(tmp_path)
    assert scan_defaults(settings) == ScanSettings(
        ScanSource.FEEDER, duplex=False, dpi=200, mode=ColorMode.GRAY)
    glass = settings.with_overrides(scan_source="flatbed", scan_duplex=True, scan_dpi=300)
    assert scan_defaults(glass) == ScanSettings(
        ScanSource.FLATBED, duplex=False, dpi=300, mode=ColorMode.GRAY)
    with pytest.raises(SettingsError, match="Tarama rengi"):
        settings.with_overrides(scan_mode="sepia")
    with pytest.raises(SettingsError, match="dpi"):
        settings.with_overrides(scan_dpi=10)


def test_the_platform_decides_the_scanner() -> None:
    assert isinstance(scanner_for_platform("win32"), WiaScanner)
    assert isinstance(scanner_for_platform("linux"), SaneScanner)


# --- SANE: option mapping from scanimage's own words -----------------------------------------

TEST_BACKEND_OPTIONS = """
All options specific to device `test:0':
  Scan Mode:
    --mode Gray|Color [Gray]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --depth 1|8|16 [8]
    --hand-scanner[=(yes|no)] [no]
    --three-pass[=(yes|no)] [inactive]
    --resolution 1..1200dpi (in steps of 1) [0.000762939]
    --source Flatbed|Automatic Document Feeder [Flatbed]
  Geometry:
    -l 0..200mm (in steps of 1) [0]
"""

# A network scanner through sane-airscan, and a Fujitsu document scanner.
AIRSCAN_OPTIONS = """
    --resolution 75|100|150|200|300|600dpi [300]
    --mode Color|Gray [Color]
    --source Flatbed|ADF|ADF Duplex [Flatbed]
"""
FUJITSU_OPTIONS = """
    --source ADF Front|ADF Back|ADF Duplex [ADF Front]
    --mode Lineart|Halftone|Gray|Color [Lineart]
    --resolution 50..600dpi (in steps of 1) [600]
"""


def test_parse_scanimage_options() -> None:
    options = parse_sane_options(TEST_BACKEND_OPTIONS)
    assert options["source"].choices == ("Flatbed", "Automatic Document Feeder")
    assert options["mode"].choices == ("Gray", "Color")
    assert (options["resolution"].low, options["resolution"].high) == (1.0, 1200.0)
    assert options["hand-scanner"].boolean and not options["three-pass"].active


def test_desk_settings_map_onto_each_backends_words() -> None:
    test = parse_sane_options(TEST_BACKEND_OPTIONS)
    command = sane_arguments(test, ScanSettings(ScanSource.FEEDER, dpi=300,
                                                mode=ColorMode.COLOR))
    assert command.arguments == ("--source=Automatic Document Feeder", "--mode=Color",
                                 "--resolution=300")
    # No lineart on the test device: scanned gray, thresholded afterwards.
    lineart = sane_arguments(test, ScanSettings(ScanSource.FLATBED, mode=ColorMode.LINEART))
    assert "--mode=Gray" in lineart.arguments and lineart.threshold_to_lineart
    assert lineart.batch_count == 1
    with pytest.raises(ScanFailed, match="çift yüzlü"):
        sane_arguments(test, ScanSettings(ScanSource.FEEDER, duplex=True))

    airscan = parse_sane_options(AIRSCAN_OPTIONS)
    duplex = sane_arguments(airscan, ScanSettings(ScanSource.FEEDER, duplex=True, dpi=250))
    assert duplex.arguments == ("--source=ADF Duplex", "--mode=Gray", "--resolution=300")
    simplex = sane_arguments(airscan, ScanSettings(ScanSource.FEEDER, dpi=120))
    assert simplex.arguments[0] == "--source=ADF" and simplex.dpi == 100

    fujitsu = parse_sane_options(FUJITSU_OPTIONS)
    assert sane_arguments(fujitsu, ScanSettings(mode=ColorMode.LINEART)).arguments[:2] == (
        "--source=ADF Front", "--mode=Lineart")
    with pytest.raises(ScanFailed, match="camı yok"):
        sane_arguments(fujitsu, ScanSettings(ScanSource.FLATBED))


def test_a_flatbed_without_a_source_option_refuses_a_feeder_batch() -> None:
    glass_only = parse_sane_options("    --mode Color|Gray [Color]\n")
    with pytest.raises(ScanFailed, match="besleyici yok"):
        sane_arguments(glass_only, FEEDER)
    assert sane_arguments(glass_only, FLATBED).batch_count == 1


# --- SANE for real -------------------------------------------------------------------------


def test_sane_without_scanimage_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    # The desk as installed without sane-utils: no scanimage on the PATH.
    scanner = SaneScanner(env={"PATH": str(tmp_path)})
    with pytest.raises(ScannerUnavailable, match="scanimage"):
        scanner.list_devices()
    with pytest.raises(ScannerUnavailable, match="sane-utils"):
        scanner.scan("test:0", FEEDER)


@functools.cache
def sane_test_config() -> Path | None:
    """A private SANE configuration that enables only the ``test`` backend — the
    frontend-tester virtual device of sane-backends — or None if this machine cannot."""
    if shutil.which("scanimage") is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="bimer-sane-test-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "dll.conf").write_text("test\n")
    try:
        found = subprocess.run(["scanimage", "--list-devices"], capture_output=True,
                               text=True, timeout=30, check=False,
                               env={**os.environ, "SANE_CONFIG_DIR": str(folder)})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return folder if "test:0" in found.stdout else None


needs_sane_test_backend = pytest.mark.skipif(
    sane_test_config() is None,
    reason="needs scanimage and SANE's test backend (Debian: apt-get install sane-utils)",
)


def sane(*extra: str, scan_timeout: float = 20.0) -> SaneScanner:
    config = sane_test_config()
    assert config is not None
    return SaneScanner(env={**os.environ, "SANE_CONFIG_DIR": str(config)},
                       extra_arguments=extra, scan_timeout=scan_timeout)


def failure(settings: ScanSettings, *extra: str, device: str = "test:0") -> str:
    """The message a failing scan gives. The test device, told to fail, deadlocks now and
    then (once in ~300 runs here: a race in its reader thread, not in the desk); that run
    ends in the desk's timeout, as it should, and the scan is tried once more."""
    for attempt in (1, 2):
        try:
            sane(*extra, scan_timeout=5).scan(device, settings)
        except ScanFailed as error:
            if "yanıt vermedi" in str(error) and attempt == 1:
                continue
            return str(error)
        raise AssertionError("the scan did not fail")
    raise AssertionError("unreachable")


@needs_sane_test_backend
def test_sane_test_backend_lists_its_devices() -> None:
    devices = sane().list_devices()
    assert ScannerDevice("test:0", "Noname frontend-tester") in devices


@needs_sane_test_backend
def test_sane_feeder_batch_scans_until_the_feeder_is_empty() -> None:
    # The test device's feeder holds ten sheets.
    pages = sane("--test-picture=Color pattern").scan("test:0", ScanSettings(
        ScanSource.FEEDER, dpi=75, mode=ColorMode.COLOR))
    assert len(pages) == 10
    first = open_png(pages[0])
    assert first.mode == "RGB" and round(first.info["dpi"][0]) == 75
    assert first.size == (236, 295)  # the device's 80 × 100 mm at 75 dpi
    name, pdf = Document.from_images("Tarama 2", pages).to_file()
    assert name == "Tarama 2.pdf" and len(labels(pdf)) == 10


@needs_sane_test_backend
def test_sane_flatbed_lineart_on_a_device_without_lineart() -> None:
    [page] = sane("--test-picture=Grid").scan("test:0", ScanSettings(
        ScanSource.FLATBED, dpi=100, mode=ColorMode.LINEART))
    image = open_png(page)
    assert image.mode == "1" and image.size == (314, 393)  # 80 × 100 mm at 100 dpi


@needs_sane_test_backend
def test_sane_device_errors_become_clear_messages() -> None:
    assert "sıkıştı" in failure(FEEDER, "--read-return-value=SANE_STATUS_JAMMED")
    assert "kapağı açık" in failure(FLATBED, "--read-return-value=SANE_STATUS_COVER_OPEN")
    assert "kâğıt yok" in failure(FEEDER, "--read-return-value=SANE_STATUS_NO_DOCS")
    assert "çift yüzlü" in failure(DUPLEX)
    assert "açılamadı" in failure(FEEDER, device="test:9")  # no such device


SLOW = ("--read-delay=yes", "--read-delay-duration=200000")  # 0.2 s a buffer: seconds a page
SLOW_PAGE = ScanSettings(ScanSource.FLATBED, dpi=150, mode=ColorMode.COLOR)


@needs_sane_test_backend
def test_sane_scan_that_hangs_is_stopped_by_the_timeout() -> None:
    with pytest.raises(ScanFailed, match="yanıt vermedi"):
        sane(*SLOW, scan_timeout=0.5).scan("test:0", SLOW_PAGE)


@needs_sane_test_backend
def test_sane_scan_is_cancelled_from_another_thread() -> None:
    scanner = sane(*SLOW)
    outcome: list[BaseException] = []

    def scan() -> None:
        try:
            scanner.scan("test:0", SLOW_PAGE)
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=scan)
    started = time.monotonic()
    worker.start()
    while scanner._process is None or "--batch" not in " ".join(scanner._process.args):
        assert time.monotonic() - started < 10, "the scan never started"
        time.sleep(0.01)
    scanner.cancel()
    worker.join(10)
    assert not worker.is_alive()
    [error] = outcome
    assert isinstance(error, ScanFailed) and "iptal" in str(error)
    assert time.monotonic() - started < 5


@needs_sane_test_backend
def test_sane_with_no_backend_enabled_finds_no_scanner(tmp_path: Path) -> None:
    (tmp_path / "dll.conf").write_text("")
    scanner = SaneScanner(env={**os.environ, "SANE_CONFIG_DIR": str(tmp_path)})
    with pytest.raises(ScannerUnavailable, match="tarayıcı bulunamadı"):
        scanner.list_devices()


# --- WIA through a fake COM device manager ----------------------------------------------------


@dataclass
class Prop:
    Name: str
    PropertyID: int
    Value: Any


@dataclass
class FileData:
    BinaryData: bytes


@dataclass
class ImageFile:
    FileData: FileData


class ComError(Exception):
    """Shaped like pywintypes.com_error for a failed IDispatch call."""

    def __init__(self, scode: int) -> None:
        signed = scode - (1 << 32) if scode & 0x80000000 else scode
        super().__init__(-2147352567, "Exception occurred.",
                         (0, None, None, None, 0, signed), None)


@dataclass
class Item:
    pages: list[bytes]
    fail_with: int | None = None
    Properties: list[Prop] = field(default_factory=lambda: [
        Prop("Horizontal Resolution", WIA_IPS_XRES, 100),
        Prop("Vertical Resolution", 6148, 100),
        Prop("Current Intent", 6146, 0),
    ])

    def Transfer(self, _format: str) -> ImageFile:  # COM names it so
        if not self.pages:
            raise ComError(self.fail_with or 0x80210003)  # WIA_ERROR_PAPER_EMPTY
        return ImageFile(FileData(self.pages.pop(0)))


@dataclass
class Device:
    Items: list[Item]
    Properties: list[Prop] = field(default_factory=lambda: [
        Prop("Document Handling Capabilities", 3086, WIA_FEEDER | WIA_FLATBED | WIA_DUPLEX),
        Prop("Document Handling Select", WIA_DPS_DOCUMENT_HANDLING_SELECT, WIA_FLATBED),
        Prop("Pages", WIA_DPS_PAGES, 1),
    ])


@dataclass
class Info:
    DeviceID: str
    Type: int
    device: Device

    @property
    def Properties(self) -> list[Prop]:  # COM names it so
        return [Prop("Name", 7, f"Ofis Tarayıcısı {self.DeviceID[-1]}")]

    def Connect(self) -> Device:  # COM names it so
        return self.device


@dataclass
class Manager:
    DeviceInfos: list[Info]


def wia_with(*infos: Info) -> tuple[WiaScanner, list[str]]:
    apartments: list[str] = []

    @contextmanager
    def apartment() -> Iterator[None]:
        apartments.append("in")
        yield
        apartments.append("out")

    def dispatch(name: str) -> Manager:
        assert name == "WIA.DeviceManager"
        return Manager(list(infos))

    return WiaScanner(dispatch=dispatch, com_apartment=apartment), apartments


def wia_pages(count: int) -> list[bytes]:
    out = []
    for number in range(count):
        image = Image.new("RGB", (40, 56), PAGE_COLOURS[number])
        buffer = io.BytesIO()
        image.save(buffer, "BMP")  # as some drivers send, whatever was asked
        out.append(buffer.getvalue())
    return out


def test_wia_duplex_feeder_batch_through_com() -> None:
    device = Device([Item(wia_pages(4))])
    camera = Info("{cam}\\0001", 2, Device([]))
    scanner, apartments = wia_with(camera, Info("{scan}\\0002", 1, device))
    [only] = scanner.list_devices()
    assert only == ScannerDevice("{scan}\\0002", "Ofis Tarayıcısı 2")  # cameras left out
    pages = scanner.scan(only.id, ScanSettings(ScanSource.FEEDER, duplex=True, dpi=300))
    assert [band_colour(page) for page in pages] == list(PAGE_COLOURS[:4])
    assert round(open_png(pages[0]).info["dpi"][0]) == 300
    settings = {prop.PropertyID: prop.Value for prop in device.Properties}
    assert settings[WIA_DPS_DOCUMENT_HANDLING_SELECT] == WIA_FEEDER | WIA_DUPLEX
    assert settings[WIA_DPS_PAGES] == 0
    item_settings = {prop.PropertyID: prop.Value for prop in device.Items[0].Properties}
    assert item_settings[WIA_IPS_XRES] == 300 and item_settings[6146] == 2  # gray intent
    assert apartments == ["in", "out", "in", "out"]  # COM set up on each call's thread


def test_wia_failures_are_clear() -> None:
    jammed = Device([Item(wia_pages(2), fail_with=0x80210002)])
    scanner, _ = wia_with(Info("{scan}\\0001", 1, jammed))
    with pytest.raises(ScanFailed, match="sıkıştı") as caught:
        scanner.scan("{scan}\\0001", FEEDER)
    assert "2 sayfa" in str(caught.value)
    empty, _ = wia_with(Info("{scan}\\0001", 1, Device([Item([])])))
    with pytest.raises(ScanFailed, match="kâğıt yok"):
        empty.scan("{scan}\\0001", FEEDER)
    nothing, _ = wia_with()
    with pytest.raises(ScannerUnavailable, match="tarayıcı bulunamadı"):
        nothing.list_devices()
    simplex_only = Device([Item(wia_pages(1))])
    simplex_only.Properties[0].Value = WIA_FEEDER | WIA_FLATBED
    no_duplex, _ = wia_with(Info("{scan}\\0001", 1, simplex_only))
    with pytest.raises(ScanFailed, match="çift yüzlü"):
        no_duplex.scan("{scan}\\0001", DUPLEX)


def test_wia_without_the_service_is_unavailable() -> None:
    def broken(_name: str) -> Any:
        raise ComError(0x80040154)  # REGDB_E_CLASSNOTREG

    with pytest.raises(ScannerUnavailable, match="WIA"):
        WiaScanner(dispatch=broken, com_apartment=_no_apartment).list_devices()


@contextmanager
def _no_apartment() -> Iterator[None]:
    yield


@pytest.mark.skipif(os.name == "nt", reason="checks the desk without pywin32")
def test_real_wia_off_windows_is_unavailable_not_a_crash() -> None:
    with pytest.raises(ScannerUnavailable, match="pywin32"):
        WiaScanner().list_devices()


def test_wia_batch_stops_before_the_next_page_when_cancelled() -> None:
    item = Item(wia_pages(5))
    scanner, _ = wia_with(Info("{scan}\\0001", 1, Device([item])))
    transfer = item.Transfer

    def transfer_then_cancel(format_id: str) -> ImageFile:
        scanner.cancel()  # the clerk presses Vazgeç while the first page comes in
        return transfer(format_id)

    item.Transfer = transfer_then_cancel  # type: ignore[method-assign]
    with pytest.raises(ScanFailed, match="iptal"):
        scanner.scan("{scan}\\0001", FEEDER)
    assert len(item.pages) == 4  # one page in, then it stopped
