"""Direct scanning behind one interface: SANE on Linux, WIA on Windows (the fake that
needs no hardware, for tests, previews and training, is ``services/fake_scanner.py``).

``Scanner.scan`` returns one PNG a page, in reading order (a duplex feeder gives front,
back, front, back…), with the resolution stored in the PNG so that a page combined into a
PDF keeps its paper size. Everything that can go wrong at a desk — no scanner, no driver,
no ``scanimage``, an empty feeder, a jam — is a ``ScannerError`` with a Turkish message the
clerk can act on; nothing here crashes the desk or blocks it forever (timeouts).

SANE is driven through its command-line front end ``scanimage`` (package ``sane-utils``)
rather than the ``python-sane`` binding: nothing to compile on the desk, and a misbehaving
backend crashes or hangs a child process that a timeout can kill, never the desk itself.
See docs/scanning.md for how the real devices are set up.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

from models import i18n
from models.i18n import N_, _, ngettext
from services.scan_options import MAX_DPI, MIN_DPI, MODE_TITLES, ColorMode, ScanSource

log = logging.getLogger("bimer.scanning")

# A feeder stops when it is empty; this only bounds a scanner that never says so.
MAX_FEEDER_PAGES = 500


@dataclass(frozen=True)
class ScanSettings:
    source: ScanSource = ScanSource.FEEDER
    duplex: bool = False
    dpi: int = 200
    mode: ColorMode = ColorMode.GRAY

    def __post_init__(self) -> None:
        # The values come from the desk's settings file and the dialog: coerce the strings.
        object.__setattr__(self, "source", ScanSource(self.source))
        object.__setattr__(self, "mode", ColorMode(self.mode))
        if not MIN_DPI <= self.dpi <= MAX_DPI:
            raise ValueError(_("Çözünürlük {low}–{high} dpi arasında olmalıdır.").format(
                low=MIN_DPI, high=MAX_DPI))
        if self.duplex and self.source is not ScanSource.FEEDER:
            raise ValueError(_("Çift yüzlü tarama yalnızca besleyiciyle yapılabilir."))

    @classmethod
    def from_settings(cls, *, source: str, duplex: bool, dpi: int, mode: str) -> ScanSettings:
        """The desk's defaults (settings ``scan_source``, ``scan_duplex``, ``scan_dpi``,
        ``scan_mode``); a duplex left on with the glass chosen is simply off."""
        chosen = ScanSource(source)
        return cls(source=chosen, duplex=duplex and chosen is ScanSource.FEEDER, dpi=dpi,
                   mode=ColorMode(mode))


@dataclass(frozen=True)
class ScannerDevice:
    id: str  # what the driver knows it by: "test:0", "airscan:e0:Canon…", a WIA device ID
    name: str  # what the clerk reads: vendor and model


class ScannerError(Exception):
    """Scanning failed; ``str(error)`` is a Turkish sentence that says what to do."""


class ScannerUnavailable(ScannerError):
    """No scanner, no driver or no scanning program on this computer."""


class ScanFailed(ScannerError):
    """A scanner was there but this scan did not work (empty feeder, jam, timeout…)."""


class Scanner(Protocol):
    def list_devices(self) -> list[ScannerDevice]:
        """The scanners found; ``ScannerUnavailable`` when there is none."""
        ...

    def scan(self, device_id: str, settings: ScanSettings) -> list[bytes]:
        """One PNG a page, in reading order; ``ScannerError`` when it fails."""
        ...

    def cancel(self) -> None:
        """From another thread: stop the scan in progress as far as the driver allows;
        that ``scan`` call then raises ``ScanFailed``."""
        ...


# Marked only: translated with i18n._() where it is raised or shown.
NO_SCANNER_MESSAGE = N_(
    "Bağlı bir tarayıcı bulunamadı. Tarayıcının açık ve bilgisayara bağlı olduğunu "
    "kontrol edip yeniden deneyin; olmuyorsa belgeleri tarama klasörüne taratın."
)


def scanner_for_platform(platform: str = sys.platform) -> Scanner:
    """The desk's scanner: WIA on Windows, SANE everywhere else (Linux, the BSDs, macOS
    with sane-backends). Building one touches no device; errors come on first use."""
    if platform == "win32":
        return WiaScanner()
    return SaneScanner()


def to_png(image: Image.Image, dpi: float | None) -> bytes:
    """A page as PNG, keeping its resolution (the paper size of a PDF made from it)."""
    out = io.BytesIO()
    if dpi:
        image.save(out, "PNG", dpi=(dpi, dpi))
    else:
        image.save(out, "PNG")
    return out.getvalue()


# --- SANE ----------------------------------------------------------------------------------

FEEDER_EMPTY_STATUS = "Document feeder out of documents"
# sane_strstatus() texts, as scanimage prints them under LC_ALL=C, and what the clerk reads
# (marked only: sane_status_message translates).
_SANE_STATUS_MESSAGES = (
    (FEEDER_EMPTY_STATUS,
     N_("Besleyicide kâğıt yok. Sayfaları besleyiciye yerleştirip yeniden deneyin.")),
    ("Document feeder jammed",
     N_("Tarayıcıda kâğıt sıkıştı. Sıkışan kâğıdı çıkarıp bütün desteyi yeniden tarayın.")),
    ("Scanner cover is open", N_("Tarayıcının kapağı açık. Kapağı kapatıp yeniden deneyin.")),
    ("Device busy",
     N_("Tarayıcı başka bir işle meşgul. Biraz bekleyip yeniden deneyin.")),
    ("Access to resource has been denied",
     N_("Bu kullanıcının tarayıcıya erişim izni yok (Linux'ta 'scanner' grubu). "
        "Bilgi işlem birimine başvurun.")),
    ("Error during device I/O",
     N_("Tarayıcıyla iletişim kesildi. Kabloyu ve tarayıcının açık olduğunu kontrol edin.")),
    ("Operation was cancelled", N_("Tarama iptal edildi.")),
)

# scanimage -A lines: "    --mode Gray|Color [Gray]", "    --duplex[=(yes|no)] [no]",
# "    --resolution 1..1200dpi (in steps of 1) [300]".
_OPTION_LINE = re.compile(
    r"^\s+--(?P<name>[A-Za-z0-9][A-Za-z0-9-]*)(?P<boolean>\[=\(yes\|no\)\])?"
    r"(?:\s+(?P<spec>.*?))?\s+\[(?P<current>[^\]]*)\]\s*$"
)


@dataclass(frozen=True)
class SaneOption:
    name: str
    choices: tuple[str, ...] = ()  # a list option's values; empty for ranges and booleans
    low: float | None = None  # a range option's bounds
    high: float | None = None
    boolean: bool = False
    active: bool = True


def parse_sane_options(text: str) -> dict[str, SaneOption]:
    """The options ``scanimage --device-name X --all-options`` lists, by name."""
    options: dict[str, SaneOption] = {}
    for line in text.splitlines():
        match = _OPTION_LINE.match(line)
        if not match:
            continue
        name = match["name"]
        active = match["current"].strip() != "inactive"
        if match["boolean"]:
            options[name] = SaneOption(name, boolean=True, active=active)
            continue
        spec = (match["spec"] or "").strip()
        spec = re.sub(r"\s*\(in steps of [^)]*\)$", "", spec)
        spec = re.sub(r"(dpi|mm|%|us|pel|bit)$", "", spec)
        ranged = re.fullmatch(r"(-?[\d.]+)\.\.(-?[\d.]+)", spec)
        if ranged:
            options[name] = SaneOption(name, low=float(ranged[1]), high=float(ranged[2]),
                                       active=active)
        elif spec:
            choices = tuple(choice.strip() for choice in spec.split("|") if choice.strip())
            options[name] = SaneOption(name, choices=choices, active=active)
    return options


@dataclass(frozen=True)
class SaneCommand:
    """The device options of one scan and what is left for us to do after it."""

    arguments: tuple[str, ...]
    threshold_to_lineart: bool = False  # the device has no lineart mode: scanned gray
    dpi: int = 200
    batch_count: int | None = None


def sane_arguments(options: Mapping[str, SaneOption], settings: ScanSettings) -> SaneCommand:
    """Map the desk's scan settings onto what this device offers (names differ between
    backends: "ADF", "Automatic Document Feeder", "ADF Duplex", "Gray", "Grayscale"…)."""
    arguments: list[str] = []
    source = options.get("source")
    if source is not None and source.active and source.choices:
        arguments.append(f"--source={_pick_source(source.choices, settings)}")
        if settings.duplex and not _is_duplex_source(arguments[-1]):
            arguments.append(_duplex_switch(options))
    elif settings.source is ScanSource.FEEDER:
        # Without a source choice it is a flatbed: a feeder batch would scan the glass
        # over and over until the page limit.
        raise ScanFailed(no_feeder_message())

    threshold = False
    mode = options.get("mode")
    if mode is not None and mode.active and mode.choices:
        choice = _pick_mode(mode.choices, settings.mode)
        if choice is None and settings.mode is ColorMode.LINEART:
            choice = _pick_mode(mode.choices, ColorMode.GRAY)
            threshold = choice is not None
        if choice is None:
            raise ScanFailed(
                _("Bu tarayıcı '{mode}' taramayı desteklemiyor. Başka bir renk seçeneği "
                  "seçin.").format(mode=i18n._(MODE_TITLES[settings.mode]))
            )
        arguments.append(f"--mode={choice}")

    dpi = settings.dpi
    resolution = options.get("resolution")
    if resolution is not None and resolution.active:
        dpi = _pick_resolution(resolution, settings.dpi)
        arguments.append(f"--resolution={dpi}")
    batch_count = 1 if settings.source is ScanSource.FLATBED else MAX_FEEDER_PAGES
    return SaneCommand(tuple(arguments), threshold, dpi, batch_count)


def _pick_source(choices: Sequence[str], settings: ScanSettings) -> str:
    lowered = [choice.lower() for choice in choices]
    if settings.source is ScanSource.FLATBED:
        for index, value in enumerate(lowered):
            if any(word in value for word in ("flatbed", "platen", "normal", "glass")):
                return choices[index]
        raise ScanFailed(_("Bu tarayıcının camı yok. 'Besleyici (ADF)' seçeneğiyle tarayın."))
    feeders = [
        index for index, value in enumerate(lowered)
        if any(word in value for word in ("adf", "feeder", "automatic", "duplex"))
    ]
    if not feeders:
        raise ScanFailed(no_feeder_message())
    duplex = [index for index in feeders if "duplex" in lowered[index]]
    simplex = [index for index in feeders if "duplex" not in lowered[index]
               and "back" not in lowered[index]]
    if settings.duplex and duplex:
        return choices[duplex[0]]
    if simplex:
        front = [index for index in simplex if "front" in lowered[index]]
        return choices[(front or simplex)[0]]
    return choices[feeders[0]]


def _is_duplex_source(argument: str) -> bool:
    return "duplex" in argument.lower()


def _duplex_switch(options: Mapping[str, SaneOption]) -> str:
    duplex = options.get("duplex")
    if duplex is not None and duplex.boolean:
        return "--duplex=yes"
    adf_mode = options.get("adf-mode")  # epson2: --adf-mode Simplex|Duplex
    if adf_mode is not None:
        for choice in adf_mode.choices:
            if choice.lower() == "duplex":
                return f"--adf-mode={choice}"
    raise ScanFailed(_no_duplex())


def no_feeder_message() -> str:
    return _("Bu tarayıcıda besleyici yok. 'Cam (tek sayfa)' seçeneğiyle tarayın.")


def _no_duplex() -> str:
    return _("Bu tarayıcı çift yüzlü tarayamıyor. 'Çift yüzlü' seçimini kaldırın.")


_MODE_WORDS = {
    ColorMode.COLOR: ("color", "colour", "rgb"),
    ColorMode.GRAY: ("gray", "grey"),
    ColorMode.LINEART: ("lineart", "binary", "black & white", "black and white",
                        "monochrome", "bw"),
}


def _pick_mode(choices: Sequence[str], mode: ColorMode) -> str | None:
    for word in _MODE_WORDS[mode]:
        for choice in choices:
            if word in choice.lower():
                return choice
    return None


def _pick_resolution(option: SaneOption, wanted: int) -> int:
    if option.low is not None and option.high is not None:
        return int(min(max(wanted, option.low), option.high))
    values = []
    for choice in option.choices:
        try:
            values.append(int(float(choice)))
        except ValueError:
            continue  # "auto"
    if not values:
        return wanted
    return min(values, key=lambda value: (abs(value - wanted), -value))


def sane_status_message(stderr: str) -> str | None:
    for status, message in _SANE_STATUS_MESSAGES:
        if status in stderr:
            return i18n._(message)
    return None


def _scan_failed_message(stderr: str, fallback: str) -> str:
    known = sane_status_message(stderr)
    if known:
        return known
    # The driver's own words (English) close the message: the help desk can search them.
    lines = [line.strip() for line in stderr.splitlines() if line.strip().startswith("scanimage:")]
    detail = f" ({lines[-1].removeprefix('scanimage:').strip()})" if lines else ""
    return fallback + detail


class SaneScanner:
    """Scanners reached through SANE's ``scanimage``: USB, and network ones via the
    ``airscan``/``escl`` backends. ``env`` is for tests (``SANE_CONFIG_DIR``)."""

    def __init__(self, executable: str = "scanimage", *, list_timeout: float = 60.0,
                 option_timeout: float = 30.0, scan_timeout: float = 900.0,
                 env: Mapping[str, str] | None = None,
                 extra_arguments: Sequence[str] = ()) -> None:
        self._executable = executable
        # Backend options a site needs on every scan (``--swdeskew=yes``, a page height for
        # long receipts); the SANE test device's ``--test-picture`` in tests.
        self._extra = tuple(extra_arguments)
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._cancelled = False
        self._list_timeout = list_timeout
        self._option_timeout = option_timeout
        self._scan_timeout = scan_timeout
        self._env = dict(os.environ if env is None else env)
        # Parse the C locale's words, not a translation of them.
        self._env.update(LC_ALL="C", LANGUAGE="C")

    def list_devices(self) -> list[ScannerDevice]:
        # Tab-separated fields and one device a line, whatever the names contain.
        result = self._run(["--formatted-device-list=%d\t%v\t%m%n", "--list-devices"],
                           self._list_timeout, _("Tarayıcılar aranırken"))
        devices = []
        for line in result.stdout.splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[0]:
                vendor, model = parts[1].strip(), parts[2].strip()
                name = " ".join(part for part in (vendor, model) if part) or parts[0]
                devices.append(ScannerDevice(parts[0], name))
        if not devices:
            raise ScannerUnavailable(i18n._(NO_SCANNER_MESSAGE))
        log.info("SANE lists %d scanner(s)", len(devices))
        return devices

    def options(self, device_id: str) -> dict[str, SaneOption]:
        result = self._run(["--device-name", device_id, "--all-options"],
                           self._option_timeout, _("Tarayıcı ayarları okunurken"))
        if result.returncode != 0:
            raise ScanFailed(_scan_failed_message(
                result.stderr, _("Tarayıcı açılamadı. Açık ve bağlı olduğunu kontrol edin.")))
        return parse_sane_options(result.stdout)

    def scan(self, device_id: str, settings: ScanSettings) -> list[bytes]:
        command = sane_arguments(self.options(device_id), settings)
        with tempfile.TemporaryDirectory(prefix="bimer-scan-") as folder:
            pattern = os.path.join(folder.replace("%", "%%"), "page-%04d.tif")
            arguments = ["--device-name", device_id, *command.arguments, *self._extra,
                         "--format=tiff",
                         f"--batch={pattern}"]
            if command.batch_count is not None:
                arguments.append(f"--batch-count={command.batch_count}")
            result = self._run(arguments, self._scan_timeout, _("Tarama sırasında"))
            files = sorted(Path(folder).glob("page-*.tif"))
            # With --batch-count, an emptied feeder ends the batch with "out of documents"
            # and a non-zero exit: that is how a feeder batch completes.
            emptied = files and FEEDER_EMPTY_STATUS in result.stderr
            if result.returncode != 0 and not emptied:
                stopped = (" " + ngettext(
                    "{count} sayfa tarandıktan sonra durdu; bütün desteyi yeniden tarayın.",
                    "{count} sayfa tarandıktan sonra durdu; bütün desteyi yeniden tarayın.",
                    len(files)).format(count=len(files))
                           if files else "")
                raise ScanFailed(_scan_failed_message(
                    result.stderr, _("Tarama tamamlanamadı.") + stopped))
            if not files:
                raise ScanFailed(sane_status_message(result.stderr)
                                 or _("Tarayıcı hiç sayfa vermedi. Yeniden deneyin."))
            pages = [_tiff_to_png(path, command) for path in files]
        log.info("scanned %d page(s) (%s, %d dpi, %s%s)", len(pages), settings.source,
                 command.dpi, settings.mode, ", duplex" if settings.duplex else "")
        return pages

    def _run(self, arguments: list[str], timeout: float,
             doing: str) -> subprocess.CompletedProcess[str]:
        executable = shutil.which(self._executable, path=self._env.get("PATH"))
        if executable is None:
            raise ScannerUnavailable(
                _("Tarama programı (scanimage) bu bilgisayarda kurulu değil. Bilgi işlem "
                  "biriminden 'sane-utils' paketinin kurulmasını isteyin ya da belgeleri "
                  "tarama klasörüne taratın.")
            )
        try:
            process = subprocess.Popen(
                [executable, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace",
                env=self._env,
                # Its own process group, so that a kill also reaches any reader process a
                # backend forked (some builds of sanei_thread fork instead of threading).
                start_new_session=os.name == "posix",
            )
        except OSError as error:
            raise ScannerUnavailable(
                _("Tarama programı çalıştırılamadı ({reason}).").format(
                    reason=error.strerror or error)
            ) from error
        with self._lock:
            self._process, self._cancelled = process, False
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            # A driver that hangs (seen here: the SANE test backend deadlocks about once in
            # three hundred failing scans) must not hold the clerk for ever.
            _kill(process)
            process.communicate()
            raise ScanFailed(
                _("{doing} tarayıcı {seconds} saniyede yanıt vermedi. Tarayıcıyı kapatıp açın "
                  "ve yeniden deneyin.").format(doing=doing, seconds=round(timeout))
            ) from error
        finally:
            with self._lock:
                self._process = None
                cancelled = self._cancelled
        if cancelled:
            raise ScanFailed(_("Tarama iptal edildi."))
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)

    def cancel(self) -> None:
        """Stop what scanimage is doing (the clerk pressed Vazgeç); the call that started
        it raises ``ScanFailed``. Pages already through the feeder are dropped."""
        with self._lock:
            process = self._process
            self._cancelled = process is not None
        if process is not None:
            _kill(process)


def _kill(process: subprocess.Popen[str]) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass  # already gone


def _tiff_to_png(path: Path, command: SaneCommand) -> bytes:
    # scanimage's TIFF is uncompressed (≈25 MB for an A4 colour page at 300 dpi): PNG
    # keeps every pixel at a fraction of that.
    with Image.open(path) as image:
        image.load()
        page = image.convert("1") if command.threshold_to_lineart else image.copy()
        dpi = image.info.get("dpi")
    # TIFF stores pixels per centimetre for some backends: 299.9994 is 300.
    resolution = round(float(dpi[0])) if dpi and float(dpi[0]) > 1 else command.dpi
    return to_png(page, resolution)


# --- WIA -----------------------------------------------------------------------------------

WIA_DEVICE_TYPE_SCANNER = 1
WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES = 3086
WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088
WIA_DPS_PAGES = 3096
WIA_FEEDER = 0x001
WIA_FLATBED = 0x002
WIA_DUPLEX = 0x004
WIA_IPA_DATATYPE = 4103  # 0 black and white, 2 gray, 3 colour
WIA_IPS_CUR_INTENT = 6146  # 1 colour, 2 gray, 4 text (black and white)
WIA_IPS_XRES = 6147
WIA_IPS_YRES = 6148
WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
WIA_ERROR_PAPER_EMPTY = 0x80210003
# Marked only: _wia_message translates.
_WIA_ERRORS = {
    0x80210002: N_("Tarayıcıda kâğıt sıkıştı. Sıkışan kâğıdı çıkarıp bütün desteyi yeniden "
                   "tarayın."),
    WIA_ERROR_PAPER_EMPTY: N_("Besleyicide kâğıt yok. Sayfaları besleyiciye yerleştirip "
                              "yeniden deneyin."),
    0x80210005: N_("Tarayıcı kapalı ya da bağlı değil. Açıp yeniden deneyin."),
    0x80210006: N_("Tarayıcı başka bir işle meşgul. Biraz bekleyip yeniden deneyin."),
    0x80210007: N_("Tarayıcı ısınıyor. Biraz bekleyip yeniden deneyin."),
    0x80210016: N_("Tarayıcının kapağı açık. Kapağı kapatıp yeniden deneyin."),
}
_WIA_INTENT = {ColorMode.COLOR: (1, 3), ColorMode.GRAY: (2, 2), ColorMode.LINEART: (4, 0)}

ComDispatch = Callable[[str], Any]


class WiaScanner:
    """Scanners through Windows Image Acquisition, driven over COM with pywin32.

    ``win32com`` is imported on first use, not at import time, so the module loads on any
    platform. COM is initialised per call because the calls come from worker threads.
    ``dispatch`` and ``com_apartment`` are for tests: a fake device manager.
    """

    def __init__(self, dispatch: ComDispatch | None = None,
                 com_apartment: Callable[[], AbstractContextManager[None]] | None = None,
                 ) -> None:
        self._dispatch = dispatch
        self._apartment = com_apartment
        self._cancel = threading.Event()

    def cancel(self) -> None:
        # A WIA transfer cannot be interrupted; the batch stops before the next page.
        self._cancel.set()

    def list_devices(self) -> list[ScannerDevice]:
        with self._manager() as manager:
            devices = []
            for info in _com_items(manager.DeviceInfos):
                if int(info.Type) != WIA_DEVICE_TYPE_SCANNER:
                    continue
                devices.append(ScannerDevice(str(info.DeviceID),
                                             str(_property(info.Properties, "Name"))))
        if not devices:
            raise ScannerUnavailable(i18n._(NO_SCANNER_MESSAGE))
        return devices

    def scan(self, device_id: str, settings: ScanSettings) -> list[bytes]:
        self._cancel.clear()
        with self._manager() as manager:
            info = next((item for item in _com_items(manager.DeviceInfos)
                         if str(item.DeviceID) == device_id), None)
            if info is None:
                raise ScanFailed(scanner_gone_message())
            try:
                device = info.Connect()
            except Exception as error:
                raise ScanFailed(_wia_message(error, _("Tarayıcıya bağlanılamadı."))) from error
            self._configure_device(device, settings)
            items = _com_items(device.Items)
            if not items:
                raise ScanFailed(_("Tarayıcı tarama birimi bildirmedi. Sürücüsünü kontrol "
                                   "edin."))
            item = items[0]  # the scanning head; feeder and glass are chosen on the device
            intent, data_type = _WIA_INTENT[settings.mode]
            _set_property(item.Properties, WIA_IPS_CUR_INTENT, intent)
            _set_property(item.Properties, WIA_IPA_DATATYPE, data_type)
            _set_property(item.Properties, WIA_IPS_XRES, settings.dpi)
            _set_property(item.Properties, WIA_IPS_YRES, settings.dpi)
            pages: list[bytes] = []
            limit = 1 if settings.source is ScanSource.FLATBED else MAX_FEEDER_PAGES
            while len(pages) < limit:
                if self._cancel.is_set():
                    raise ScanFailed(_("Tarama iptal edildi."))
                try:
                    image = item.Transfer(WIA_FORMAT_PNG)
                except Exception as error:
                    if _wia_code(error) == WIA_ERROR_PAPER_EMPTY and pages:
                        break  # the feeder ran out: the batch is complete
                    failed = _wia_message(error, _("Tarama tamamlanamadı."))
                    if pages:
                        stopped = ngettext("({count} sayfa tarandıktan sonra durdu.)",
                                           "({count} sayfa tarandıktan sonra durdu.)",
                                           len(pages)).format(count=len(pages))
                        raise ScanFailed(failed + " " + stopped) from error
                    raise ScanFailed(failed) from error
                pages.append(_as_png(bytes(image.FileData.BinaryData), settings.dpi))
        log.info("scanned %d page(s) via WIA", len(pages))
        return pages

    def _configure_device(self, device: Any, settings: ScanSettings) -> None:
        capabilities = _property_by_id(device.Properties, WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES)
        if settings.source is ScanSource.FEEDER:
            if capabilities is not None and not int(capabilities) & WIA_FEEDER:
                raise ScanFailed(no_feeder_message())
            if settings.duplex and capabilities is not None and not int(capabilities) & WIA_DUPLEX:
                raise ScanFailed(_no_duplex())
            select = WIA_FEEDER | (WIA_DUPLEX if settings.duplex else 0)
            _set_property(device.Properties, WIA_DPS_DOCUMENT_HANDLING_SELECT, select)
            _set_property(device.Properties, WIA_DPS_PAGES, 0)  # 0: all in the feeder
        else:
            _set_property(device.Properties, WIA_DPS_DOCUMENT_HANDLING_SELECT, WIA_FLATBED)
            _set_property(device.Properties, WIA_DPS_PAGES, 1)

    @contextmanager
    def _manager(self) -> Iterator[Any]:
        apartment = self._apartment or _com_apartment
        with apartment():
            dispatch = self._dispatch or _win32_dispatch
            try:
                manager = dispatch("WIA.DeviceManager")
            except ScannerError:
                raise
            except Exception as error:
                raise ScannerUnavailable(
                    _("Windows tarama hizmeti (WIA) kullanılamıyor. 'Windows Görüntü Alma' "
                      "hizmetinin çalıştığını kontrol edin.")
                ) from error
            yield manager


@contextmanager
def _com_apartment() -> Iterator[None]:
    try:
        import pythoncom  # pywin32, Windows only
    except ImportError as error:
        raise ScannerUnavailable(
            _("Windows tarama desteği (pywin32) kurulu değil. Bilgi işlem biriminden "
              "masaüstü uygulamasının tarayıcı desteğiyle kurulmasını isteyin.")
        ) from error
    pythoncom.CoInitialize()
    try:
        yield
    finally:
        pythoncom.CoUninitialize()


def _win32_dispatch(name: str) -> Any:
    import win32com.client  # pywin32, Windows only

    return win32com.client.Dispatch(name)


def _com_items(collection: Any) -> list[Any]:
    # Iterated through _NewEnum, as VBScript's For Each does: pywin32's integer indexing
    # of a dynamic collection goes through the same enumerator and counts from 0, while
    # COM's own Item() counts from 1 — iteration avoids guessing which one a driver has.
    return list(collection)


def _property(properties: Any, name: str) -> Any:
    for prop in _com_items(properties):
        if str(prop.Name) == name:
            return prop.Value
    return None


def _property_by_id(properties: Any, property_id: int) -> Any:
    for prop in _com_items(properties):
        if int(prop.PropertyID) == property_id:
            return prop.Value
    return None


def _set_property(properties: Any, property_id: int, value: int) -> bool:
    """Set a WIA property if the driver has it (not every driver has every one)."""
    for prop in _com_items(properties):
        if int(prop.PropertyID) == property_id:
            try:
                prop.Value = value
            except Exception:
                log.warning("WIA property %d refused the value %d", property_id, value)
                return False
            return True
    return False


def scanner_gone_message() -> str:
    return _("Seçilen tarayıcı artık bulunamıyor. Bağlantısını kontrol edip listeyi "
             "yenileyin.")


def _wia_code(error: BaseException) -> int | None:
    """The WIA error of a ``pywintypes.com_error``: its ``hresult``, or the ``scode`` of
    its exception info when the call failed as DISP_E_EXCEPTION."""
    codes: list[Any] = [getattr(error, "hresult", None)]
    args: tuple[Any, ...] = tuple(getattr(error, "args", ()))
    if args:
        codes.append(args[0])
    if len(args) > 2 and isinstance(args[2], tuple) and len(args[2]) > 5:
        codes.append(args[2][5])
    for code in codes:
        if isinstance(code, int) and (code & 0xFFFFFFFF) in _WIA_ERRORS:
            return code & 0xFFFFFFFF
    return None


def _wia_message(error: BaseException, fallback: str) -> str:
    code = _wia_code(error)
    return i18n._(_WIA_ERRORS[code]) if code is not None else fallback


def _as_png(data: bytes, dpi: int) -> bytes:
    # Some WIA drivers ignore the format asked for and send BMP.
    if data.startswith(b"\x89PNG"):
        return data
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return to_png(image.copy(), dpi)
