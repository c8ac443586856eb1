"""The desk's settings: each declared once (key, type, default, Turkish title), one JSON file."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.numbers import station_code_error
from services.attachments import (
    DEFAULT_MAX_APPLICATION_MB,
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_MEGAPIXELS,
    MAX_MEGAPIXELS_CEILING,
    AttachmentLimits,
)
from services.blob_gc import DEFAULT_RETENTION_DAYS
from services.printouts import ReceiptLayout
from services.reserved_numbers import DEFAULT_BLOCK_SIZE, DEFAULT_THRESHOLD, MAX_BLOCK_SIZE
from services.scanning import MAX_DPI, MIN_DPI, ColorMode, ScanSource

SETTINGS_FILE_NAME = "settings.json"


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    title: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("station_code", str, "06-01", "İstasyon kodu (il plaka kodu ve masa no)"),
    SettingSpec("central_url", str, "", "Merkezi servis adresi (boşsa yerel eğitim merkezi)"),
    SettingSpec("ca_bundle", str, "", "Özel sertifika otoritesi dosyası (isteğe bağlı)"),
    SettingSpec("sync_interval_seconds", int, 30, "Otomatik eşitleme aralığı (saniye)"),
    SettingSpec(
        "institution_name", str, "T.C. Başbakanlık İletişim Merkezi (BİMER)", "Kurum adı"
    ),
    SettingSpec(
        "query_instructions",
        str,
        "Başvurunuzun durumunu www.bimer.gov.tr adresinden veya ALO 150 hattını arayarak, "
        "bu belgedeki başvuru numarasıyla sorgulayabilirsiniz. Merkez numarası henüz "
        "yazılı değilse başvuru numaranız yeterlidir.",
        "Alındı belgesindeki sorgulama bilgisi",
    ),
    # Scanning (docs/scanning.md): the hot folder a network scanner scans into, and what
    # the Tara… dialog starts with.
    SettingSpec("hot_folder", str, "", "Tarama klasörü (ağ tarayıcısının kaydettiği klasör)"),
    SettingSpec("scanner_device", str, "", "Tarayıcı (boşsa ilk bulunan)"),
    SettingSpec("scan_source", str, "feeder", "Tarama kaynağı (feeder: besleyici, flatbed: cam)"),
    SettingSpec("scan_duplex", bool, False, "Çift yüzlü tarama"),
    SettingSpec("scan_dpi", int, 200, "Tarama çözünürlüğü (dpi)"),
    SettingSpec("scan_mode", str, "gray", "Tarama rengi (color, gray, lineart)"),
    # Attachments (docs/attachments.md): checked when a file is attached, before saving.
    SettingSpec("attachment_max_file_mb", int, DEFAULT_MAX_FILE_MB,
                "Bir ek dosyanın en büyük boyutu (MB)"),
    SettingSpec("attachment_max_application_mb", int, DEFAULT_MAX_APPLICATION_MB,
                "Bir başvurunun eklerinin toplam en büyük boyutu (MB)"),
    SettingSpec("attachment_max_megapixels", int, DEFAULT_MAX_MEGAPIXELS,
                "Taranmış bir sayfanın en çok piksel sayısı (milyon)"),
    SettingSpec("attachment_retention_days", int, DEFAULT_RETENTION_DAYS,
                "Merkeze ulaşan eklerin bu masada saklanacağı süre (gün)"),
    # Central numbers reserved ahead (docs/reference-and-numbers.md): printed on receipts
    # while offline. Block size 0: this desk reserves none.
    SettingSpec("reserved_numbers_block_size", int, DEFAULT_BLOCK_SIZE,
                "Merkezden bir seferde ayrılacak merkez numarası sayısı (0: ayırma)"),
    SettingSpec("reserved_numbers_threshold", int, DEFAULT_THRESHOLD,
                "Elde kalan ayrılmış numara bu sayının altına inince yenileri istenir"),
    # Printing (docs/printing.md). Printer names are the system's; empty means its default.
    SettingSpec("receipt_layout", str, ReceiptLayout.A4.value,
                "Alındı belgesi kâğıdı (a4, a5, 80mm termal rulo)"),
    SettingSpec("receipt_printer", str, "", "Alındı belgesi yazıcısı (boşsa varsayılan yazıcı)"),
    SettingSpec("report_printer", str, "", "Başvuru raporu yazıcısı (boşsa varsayılan yazıcı)"),
    SettingSpec("receipt_direct_print", bool, False,
                "Alındı belgesini önizlemesiz, doğrudan yazıcıya gönder"),
    SettingSpec("pdf_folder", str, "",
                "Yazıcı yokken PDF'lerin kaydedileceği klasör (boşsa veri klasöründe 'pdf')"),
)

PRINTER_SETTINGS = {"receipt": "receipt_printer", "report": "report_printer"}
"""The setting that remembers the printer of each document type (DocumentKind values)."""


class SettingsError(ValueError):
    """A settings file or value the desk cannot use; the message is Turkish."""


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def attachment_limits(self) -> AttachmentLimits:
        return AttachmentLimits.from_settings(
            int(self.values["attachment_max_file_mb"]),
            int(self.values["attachment_max_application_mb"]),
            int(self.values["attachment_max_megapixels"]),
        )

    def with_overrides(self, **overrides: Any) -> Settings:
        merged = dict(self.values)
        merged.update({k: v for k, v in overrides.items() if v is not None})
        check(merged)
        return Settings(merged)


def load_settings(data_dir: Path) -> Settings:
    values = {spec.key: spec.default for spec in SETTINGS}
    path = data_dir / SETTINGS_FILE_NAME
    if path.exists():
        try:
            stored = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise SettingsError(f"Ayar dosyası okunamadı: {path} ({error})") from error
        if not isinstance(stored, dict):
            raise SettingsError(f"Ayar dosyası bir JSON nesnesi olmalı: {path}")
        specs = {spec.key: spec for spec in SETTINGS}
        for key, value in stored.items():
            spec = specs.get(key)
            if spec is None:
                raise SettingsError(f"Ayar dosyasında bilinmeyen ayar: '{key}' ({path})")
            if not isinstance(value, spec.type):
                raise SettingsError(f"'{spec.title}' ayarının türü yanlış ({path}).")
            values[key] = value
    check(values)
    return Settings(values)


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write atomically: a power cut leaves the old file or the new one, never half."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SETTINGS_FILE_NAME
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(settings.values, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def store_setting(data_dir: Path, key: str, value: Any) -> None:
    """Change one setting in the file, leaving the others as stored.

    The running desk's settings may hold this run's overrides (``--station``, ``--central``);
    reading the file afresh keeps them out of it.
    """
    specs = {spec.key: spec for spec in SETTINGS}
    if key not in specs or not isinstance(value, specs[key].type):
        raise SettingsError(f"Bilinmeyen ya da yanlış türde ayar: '{key}'")
    stored = load_settings(data_dir)
    values = dict(stored.values)
    values[key] = value
    check(values)
    save_settings(data_dir, Settings(values))


def check(values: dict[str, Any]) -> None:
    message = station_code_error(str(values["station_code"]))
    if message:
        raise SettingsError(message)
    if int(values["sync_interval_seconds"]) < 5:
        raise SettingsError("Otomatik eşitleme aralığı en az 5 saniye olmalıdır.")
    file_mb = int(values["attachment_max_file_mb"])
    if file_mb < 1:
        raise SettingsError("Bir ek dosyanın en büyük boyutu en az 1 MB olmalıdır.")
    if int(values["attachment_max_application_mb"]) < file_mb:
        raise SettingsError("Bir başvurunun eklerinin toplam boyutu, bir ek dosyanın en büyük "
                            "boyutundan küçük olamaz.")
    if not 1 <= int(values["attachment_max_megapixels"]) <= MAX_MEGAPIXELS_CEILING:
        raise SettingsError("Taranmış bir sayfanın en çok piksel sayısı 1 ile "
                            f"{MAX_MEGAPIXELS_CEILING} milyon arasında olmalıdır.")
    if int(values["attachment_retention_days"]) < 0:
        raise SettingsError("Eklerin saklanacağı süre negatif olamaz.")
    block_size = int(values["reserved_numbers_block_size"])
    if not 0 <= block_size <= MAX_BLOCK_SIZE:
        raise SettingsError("Bir seferde ayrılacak merkez numarası sayısı 0 ile "
                            f"{MAX_BLOCK_SIZE} arasında olmalıdır.")
    if not 0 <= int(values["reserved_numbers_threshold"]) <= block_size:
        raise SettingsError("Ayrılmış numara eşiği 0 ile bir seferde ayrılacak numara sayısı "
                            "arasında olmalıdır.")
    if values["scan_source"] not in {source.value for source in ScanSource}:
        raise SettingsError("Tarama kaynağı 'feeder' (besleyici) ya da 'flatbed' (cam) olmalıdır.")
    if values["scan_mode"] not in {mode.value for mode in ColorMode}:
        raise SettingsError("Tarama rengi 'color', 'gray' ya da 'lineart' olmalıdır.")
    if values["receipt_layout"] not in {layout.value for layout in ReceiptLayout}:
        raise SettingsError("Alındı belgesi kâğıdı 'a4', 'a5' ya da '80mm' olmalıdır.")
    if not MIN_DPI <= int(values["scan_dpi"]) <= MAX_DPI:
        raise SettingsError(f"Tarama çözünürlüğü {MIN_DPI}–{MAX_DPI} dpi arasında olmalıdır.")
