"""The desk's settings: each declared once, stored in one JSON file in the data folder.

A declaration (``SettingSpec``) carries everything the rest of the desk needs: the key and
type of the stored value, its default, the Turkish title and help text the settings dialog
and first-run wizard show, the kind of editor (text, number, yes/no, folder, file, address,
choice, printer) and the rules the value must keep. ``setting_errors`` checks a whole set of
values and answers field by field, in Turkish; ``load_settings`` refuses a file that breaks
a rule of form, but never one whose folder or file is merely missing right now (a network
share that is down must not stop intake): those are checked when a person edits them.

Where the data folder is, is not a setting inside it: a desk whose folder was chosen in the
first-run wizard finds it through a small location file in the platform's config folder
(``read_data_dir_choice``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from models.durable_files import fsync_directory
from models.i18n import LANGUAGES, N_, _
from models.numbers import station_code_error
from printing.receipt_data import ReceiptLayout
from services.attachment_limits import (
    DEFAULT_MAX_APPLICATION_MB,
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_MEGAPIXELS,
    DEFAULT_RETENTION_DAYS,
    MAX_MEGAPIXELS_CEILING,
    AttachmentLimits,
)
from services.reserved_number_limits import DEFAULT_BLOCK_SIZE, DEFAULT_THRESHOLD, MAX_BLOCK_SIZE
from services.scan_options import MAX_DPI, MIN_DPI, MODE_TITLES, SOURCE_TITLES

SETTINGS_FILE_NAME = "settings.json"
LOCATION_FILE_NAME = "location.json"


class SettingKind(StrEnum):
    """Which editor a setting gets in the dialog."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INT = "int"
    BOOL = "bool"
    FOLDER = "folder"
    FILE = "file"
    URL = "url"
    CHOICE = "choice"
    PRINTER = "printer"  # a printer's name; empty: the system's default, or PDF


class Section(StrEnum):
    """The dialog's tabs, in order."""

    STATION = N_("İstasyon ve merkez")
    PAPER = N_("Belgeler ve yazıcılar")
    SCANNING = N_("Tarama")
    ATTACHMENTS = N_("Ekler")
    MAINTENANCE = N_("Bakım")


Validator = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    title: str
    help: str = ""
    kind: SettingKind | None = None  # None: from the type (text, number, yes/no)
    section: Section = Section.STATION
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, Turkish label)
    minimum: int | None = None
    maximum: int | None = None
    validate: Validator | None = None  # a rule of form: checked on load and on edit
    check_place: Validator | None = None  # the folder or file is there: checked on edit
    required: bool = False

    @property
    def editor(self) -> SettingKind:
        if self.kind is not None:
            return self.kind
        if self.type is bool:
            return SettingKind.BOOL
        if self.type is int:
            return SettingKind.INT
        return SettingKind.TEXT


# ----- rules ------------------------------------------------------------------------------


def central_url_error(value: str) -> str | None:
    """Empty (the embedded training centre) or an http(s) address with a host."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return _("Merkezi servis adresi http:// ya da https:// ile başlayan tam bir adres "
                 "olmalıdır, örneğin https://bimer.kurum.gov.tr. Eğitim için boş bırakın.")
    if parts.query or parts.fragment:
        return _("Merkezi servis adresinde ? ya da # ile başlayan bölüm olmamalıdır.")
    return None


def folder_error(value: str) -> str | None:
    """Empty, an existing folder, or one that can be created (its nearest existing parent
    is a folder this account may write in)."""
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_absolute():
        return _("Klasörün tam yolunu yazın (örneğin /home/memur/taramalar ya da "
                 "D:\\Taramalar).")
    if path.exists():
        if not path.is_dir():
            return _("Bu bir klasör değil, bir dosya: {path}").format(path=path)
        if not os.access(path, os.W_OK):
            return _("Bu klasöre yazma izniniz yok: {path}").format(path=path)
        return None
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is None or not parent.is_dir() or not os.access(parent, os.W_OK):
        return _("Klasör yok ve oluşturulamıyor: {path}").format(path=path)
    return None


def file_error(value: str) -> str | None:
    """Empty, or a file that exists and can be read."""
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_file():
        return _("Dosya bulunamadı: {path}").format(path=path)
    if not os.access(path, os.R_OK):
        return _("Dosya okunamıyor (izin yok): {path}").format(path=path)
    return None


def _not_blank(value: str) -> str | None:
    return None if value.strip() else _("Bu alan boş bırakılamaz.")


SCAN_SOURCE_CHOICES = tuple((source.value, title) for source, title in SOURCE_TITLES.items())
SCAN_MODE_CHOICES = tuple((mode.value, title) for mode, title in MODE_TITLES.items())
RECEIPT_LAYOUT_CHOICES = (
    (ReceiptLayout.A4.value, "A4"),
    (ReceiptLayout.A5.value, "A5"),
    (ReceiptLayout.THERMAL_80.value, N_("80 mm termal rulo")),
)
LANGUAGE_CHOICES = tuple((code, name) for code, (name, _locale) in LANGUAGES.items())

SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "station_code", str, "06-01", N_("İstasyon kodu"),
        help=N_("İl plaka kodu ve masa numarası, örneğin 06-01. Başvuru numaraları bununla "
             "başlar; her masanın kodu farklı olmalıdır."),
        validate=station_code_error, required=True),
    SettingSpec(
        "central_url", str, "", N_("Merkezi servis adresi"), kind=SettingKind.URL,
        help=N_("Başvuruların gönderileceği merkezi servis, örneğin https://bimer.kurum.gov.tr. "
             "Boşsa bu bilgisayarda yerel eğitim merkezi çalışır (eğitim modu)."),
        validate=central_url_error),
    SettingSpec(
        "ca_bundle", str, "", N_("Sertifika otoritesi dosyası"), kind=SettingKind.FILE,
        help=N_("Kurumun kendi sertifika otoritesi varsa onun PEM dosyası (isteğe bağlı). "
             "TLS doğrulaması hiçbir zaman kapatılmaz."),
        check_place=file_error),
    SettingSpec(
        "language", str, "tr", N_("Dil / Language"), kind=SettingKind.CHOICE,
        help=N_("Ekranların, belgelerin ve komut satırının dili; değişiklik bir sonraki "
             "açılışta geçerli olur."),
        choices=LANGUAGE_CHOICES),
    SettingSpec(
        "sync_interval_seconds", int, 30, N_("Otomatik eşitleme aralığı (saniye)"),
        help=N_("Gönderim kuyruğu bu aralıkla merkeze gönderilir; F5 hemen gönderir."),
        minimum=5, maximum=3600),
    # Central numbers reserved ahead (docs/reference-and-numbers.md): printed on receipts
    # while offline. Block size 0: this desk reserves none.
    SettingSpec(
        "reserved_numbers_block_size", int, DEFAULT_BLOCK_SIZE,
        N_("Merkezden bir seferde ayrılacak merkez numarası sayısı"),
        help=N_("Bağlıyken merkezden önceden ayrılan numaralar, bağlantı yokken basılan alındı "
             "belgelerinde gerçek merkez numarası olarak yazar. 0: numara ayrılmaz."),
        minimum=0, maximum=MAX_BLOCK_SIZE),
    SettingSpec(
        "reserved_numbers_threshold", int, DEFAULT_THRESHOLD,
        N_("Yeni numara isteme eşiği"),
        help=N_("Elde kalan ayrılmış numara bu sayının altına inince yenileri istenir."),
        minimum=0, maximum=MAX_BLOCK_SIZE),
    SettingSpec(
        "institution_name", str, "T.C. Başbakanlık İletişim Merkezi (BİMER)",  # i18n: not shown
        N_("Kurum adı"),
        help=N_("Alındı belgesinin ve raporların başlığında yazar."),
        section=Section.PAPER, validate=_not_blank, required=True),
    SettingSpec(
        # The institution's own words for the citizen's paper: a value the operator sets,
        # not a string of the program, so it is not translated.
        "query_instructions", str,
        "Başvurunuzun durumunu www.bimer.gov.tr adresinden veya ALO 150 hattını arayarak, "
        "bu belgedeki başvuru numarasıyla sorgulayabilirsiniz. Merkez numarası henüz "
        "yazılı değilse başvuru numaranız yeterlidir.",  # i18n: not shown
        N_("Alındı belgesindeki sorgulama bilgisi"), kind=SettingKind.LONG_TEXT,
        help=N_("Vatandaşa başvurusunu nasıl sorgulayacağını anlatan paragraf."),
        section=Section.PAPER, validate=_not_blank, required=True),
    # Printing (docs/printing.md). Printer names are the system's; empty means its default.
    SettingSpec(
        "receipt_layout", str, ReceiptLayout.A4.value, N_("Alındı belgesi kâğıdı"),
        kind=SettingKind.CHOICE, choices=RECEIPT_LAYOUT_CHOICES,
        help=N_("Gişede fiş yazıcısı varsa 80 mm termal rulo."), section=Section.PAPER),
    SettingSpec(
        "receipt_direct_print", bool, False, N_("Alındı belgesini doğrudan yazdır"),
        help=N_("Önizleme açılmadan alındı belgesi yazıcısına gönderilir."), section=Section.PAPER),
    SettingSpec(
        "pdf_folder", str, "", N_("PDF klasörü"), kind=SettingKind.FOLDER,
        help=N_("Yazıcı yokken ya da PDF olarak kaydedilen belgeler buraya yazılır. Boşsa veri "
             "klasöründeki 'pdf' klasörü."),
        section=Section.PAPER, check_place=folder_error),
    SettingSpec(
        "receipt_printer", str, "", N_("Alındı belgesi yazıcısı"), kind=SettingKind.PRINTER,
        help=N_("Boşsa sistemin varsayılan yazıcısı; yazıcı yoksa belge PDF olarak kaydedilir."),
        section=Section.PAPER),
    SettingSpec(
        "report_printer", str, "", N_("Rapor yazıcısı"), kind=SettingKind.PRINTER,
        help=N_("Başvuru raporları için. Boşsa sistemin varsayılan yazıcısı."),
        section=Section.PAPER),
    # Scanning (docs/scanning.md): the hot folder a network scanner scans into, and what
    # the Tara… dialog starts with.
    SettingSpec(
        "hot_folder", str, "", N_("Tarama klasörü"), kind=SettingKind.FOLDER,
        help=N_("Ağ tarayıcısının taradığı belgeleri kaydettiği klasör; yeni dosyalar Ekler "
             "bölümünde görünür. Boşsa kullanılmaz."),
        section=Section.SCANNING, check_place=folder_error),
    SettingSpec(
        "scanner_device", str, "", N_("Tarayıcı"),
        help=N_("Tarayıcının sistemdeki adı. Boşsa ilk bulunan tarayıcı kullanılır."),
        section=Section.SCANNING),
    SettingSpec(
        "scan_source", str, "feeder", N_("Tarama kaynağı"), kind=SettingKind.CHOICE,
        choices=SCAN_SOURCE_CHOICES, section=Section.SCANNING),
    SettingSpec("scan_duplex", bool, False, N_("Çift yüzlü tarama"),
                help=N_("Besleyici sayfanın iki yüzünü de tarar."), section=Section.SCANNING),
    SettingSpec("scan_dpi", int, 200, N_("Tarama çözünürlüğü (dpi)"),
                help=N_("200 dpi yazılı belgeler için yeterlidir."), section=Section.SCANNING,
                minimum=MIN_DPI, maximum=MAX_DPI),
    SettingSpec(
        "scan_mode", str, "gray", N_("Tarama rengi"), kind=SettingKind.CHOICE,
        choices=SCAN_MODE_CHOICES, section=Section.SCANNING),
    # Attachments (docs/attachments.md): checked when a file is attached, before saving.
    SettingSpec("attachment_max_file_mb", int, DEFAULT_MAX_FILE_MB,
                N_("Bir ek dosyanın en büyük boyutu (MB)"), section=Section.ATTACHMENTS,
                minimum=1, maximum=1024),
    SettingSpec("attachment_max_application_mb", int, DEFAULT_MAX_APPLICATION_MB,
                N_("Bir başvurunun eklerinin toplam en büyük boyutu (MB)"),
                section=Section.ATTACHMENTS, minimum=1, maximum=4096),
    SettingSpec("attachment_max_megapixels", int, DEFAULT_MAX_MEGAPIXELS,
                N_("Taranmış bir sayfanın en çok piksel sayısı (milyon)"),
                section=Section.ATTACHMENTS, minimum=1, maximum=MAX_MEGAPIXELS_CEILING),
    SettingSpec("attachment_retention_days", int, DEFAULT_RETENTION_DAYS,
                N_("Merkeze ulaşan eklerin bu masada saklanacağı süre (gün)"),
                help=N_("Bu süre dolunca merkezde olan eklerin yerel kopyası silinir "
                     "(bimer-desktop gc)."),
                section=Section.ATTACHMENTS, minimum=0, maximum=3650),
    SettingSpec("backup_keep", int, 5, N_("Saklanacak veritabanı yedeği sayısı"),
                help=N_("Her sürüm yükseltmesinden önce veritabanı data/backups klasörüne "
                     "yedeklenir; en yeni bu kadarı tutulur."),
                section=Section.MAINTENANCE, minimum=1, maximum=100),
)

SPECS: dict[str, SettingSpec] = {spec.key: spec for spec in SETTINGS}

PRINTER_SETTINGS = {"receipt": "receipt_printer", "report": "report_printer"}
"""The setting that remembers the printer of each document type (DocumentKind values)."""


class SettingsError(ValueError):
    """A settings file or value the desk cannot use; the message is Turkish."""


def field_error(spec: SettingSpec, value: Any, *, check_places: bool = False) -> str | None:
    """What is wrong with ``value`` for ``spec`` (Turkish), or None."""
    # bool is an int to Python; a yes/no is not a number of seconds.
    if not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
        message = _TYPE_MESSAGES.get(spec.type, _TYPE_MESSAGES[str])
        return _(message).format(title=_(spec.title))
    if spec.type is int and isinstance(value, int):
        if spec.minimum is not None and value < spec.minimum:
            return _range_message(spec)
        if spec.maximum is not None and value > spec.maximum:
            return _range_message(spec)
    if spec.choices and value not in {choice for choice, _label in spec.choices}:
        labels = ", ".join(f"{_(label)} ({choice})" for choice, label in spec.choices)
        return _("Şunlardan biri olmalıdır: {labels}.").format(labels=labels)
    if spec.validate is not None and (problem := spec.validate(value)):
        return problem
    if check_places and spec.check_place is not None and (place := spec.check_place(value)):
        return place
    return None


_TYPE_MESSAGES = {
    int: N_("'{title}' için tam sayı olan bir değer girin."),
    bool: N_("'{title}' için evet/hayır olan bir değer girin."),
    str: N_("'{title}' için metin olan bir değer girin."),
}


def _range_message(spec: SettingSpec) -> str:
    if spec.maximum is None:
        return _("En az {minimum} olmalıdır.").format(minimum=spec.minimum)
    if spec.minimum is None:
        return _("En çok {maximum} olabilir.").format(maximum=spec.maximum)
    return _("{minimum} ile {maximum} arasında olmalıdır.").format(minimum=spec.minimum,
                                                                    maximum=spec.maximum)


def setting_errors(values: Mapping[str, Any], *, check_places: bool = False) -> dict[str, str]:
    """Every broken rule, keyed by setting. ``check_places``: also whether folders can be
    made and files exist (when a person edits them, not when the desk starts)."""
    errors: dict[str, str] = {}
    for spec in SETTINGS:
        message = field_error(spec, values.get(spec.key, spec.default),
                              check_places=check_places)
        if message:
            errors[spec.key] = message
    file_mb = values.get("attachment_max_file_mb")
    total_mb = values.get("attachment_max_application_mb")
    if ("attachment_max_application_mb" not in errors and "attachment_max_file_mb" not in errors
            and isinstance(file_mb, int) and isinstance(total_mb, int) and total_mb < file_mb):
        errors["attachment_max_application_mb"] = _(
            "Bir başvurunun eklerinin toplam boyutu, bir ek dosyanın en büyük boyutundan "
            "küçük olamaz.")
    block_size = values.get("reserved_numbers_block_size")
    threshold = values.get("reserved_numbers_threshold")
    if ("reserved_numbers_threshold" not in errors and isinstance(block_size, int)
            and isinstance(threshold, int) and threshold > block_size):
        errors["reserved_numbers_threshold"] = _(
            "Eşik, bir seferde ayrılacak numara sayısından büyük olamaz.")
    return errors


def check(values: Mapping[str, Any]) -> None:
    """Raise ``SettingsError`` with the first broken rule of form, naming the setting."""
    errors = setting_errors(values)
    if errors:
        key, message = next(iter(errors.items()))
        raise SettingsError(f"{_(SPECS[key].title)}: {message}")


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


def default_settings() -> Settings:
    return Settings({spec.key: spec.default for spec in SETTINGS})


def settings_path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_FILE_NAME


def load_settings(data_dir: Path) -> Settings:
    values = {spec.key: spec.default for spec in SETTINGS}
    path = settings_path(data_dir)
    if path.exists():
        try:
            stored = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise SettingsError(_("Ayar dosyası okunamadı: {path} ({error})").format(
                path=path, error=error)) from error
        if not isinstance(stored, dict):
            raise SettingsError(_("Ayar dosyası bir JSON nesnesi olmalı: {path}").format(
                path=path))
        for key, value in stored.items():
            spec = SPECS.get(key)
            if spec is None:
                raise SettingsError(_("Ayar dosyasında bilinmeyen ayar: '{key}' ({path})").format(
                    key=key, path=path))
            if not isinstance(value, spec.type) or (
                    spec.type is int and isinstance(value, bool)):
                raise SettingsError(_("'{title}' ayarının türü yanlış ({path}).").format(
                    title=_(spec.title), path=path))
            values[key] = value
    try:
        check(values)
    except SettingsError as error:
        raise SettingsError(f"{error} ({path})") from error
    return Settings(values)


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write atomically: a power cut leaves the old file or the new one, never half."""
    check(settings.values)
    data_dir.mkdir(parents=True, exist_ok=True)
    _write_json_durably(settings_path(data_dir), settings.values)


def _write_json_durably(path: Path, value: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    fsync_directory(path.parent)


# ----- where the data folder is ------------------------------------------------------------


def read_data_dir_choice(config_dir: Path) -> Path | None:
    """The data folder chosen in the first-run wizard, if one was chosen and recorded."""
    path = config_dir / LOCATION_FILE_NAME
    try:
        stored = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise SettingsError(_("Konum dosyası okunamadı: {path} ({error})").format(
            path=path, error=error)) from error
    folder = stored.get("data_dir") if isinstance(stored, dict) else None
    if not isinstance(folder, str) or not folder:
        raise SettingsError(_("Konum dosyasında veri klasörü yazılı değil: {path}").format(
            path=path))
    return Path(folder)


def write_data_dir_choice(config_dir: Path, data_dir: Path) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    _write_json_durably(config_dir / LOCATION_FILE_NAME, {"data_dir": str(data_dir)})


def store_setting(data_dir: Path, key: str, value: Any) -> None:
    """Change one setting in the file, leaving the others as stored.

    The running desk's settings may hold this run's overrides (``--station``, ``--central``);
    reading the file afresh keeps them out of it.
    """
    spec = SPECS.get(key)
    if spec is None or not isinstance(value, spec.type):
        raise SettingsError(_("Bilinmeyen ya da yanlış türde ayar: '{key}'").format(key=key))
    values = dict(load_settings(data_dir).values)
    values[key] = value
    check(values)
    save_settings(data_dir, Settings(values))
