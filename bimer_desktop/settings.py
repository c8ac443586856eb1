"""The desk's settings: each declared once, stored in one JSON file in the data folder.

One declaration per setting, as a field of the frozen dataclass ``Settings``: its name is
the key in the file, its annotation the type of the stored value (``str``, ``int`` or
``bool``), and ``setting(...)`` gives the default, the Turkish title and help text the
settings dialog and first-run wizard show, the kind of editor (text, number, yes/no, folder,
file, address, choice, printer) and the rules the value must keep. ``SETTINGS`` — the
``SettingSpec`` of each field, in order — is derived from the class, for the code that is
generic over settings (the dialog, the wizard, the checks, the file).

Why a dataclass and not a table plus a typed view: a ``SettingSpec`` table cannot tell mypy
that ``station_code`` is a ``str``, so callers cast what they read; a typed view beside the
table would be a second list of the same keys and types, kept in step by a test. Here the
field *is* the declaration: ``settings.sync_interval_seconds`` is an ``int`` to mypy,
the instance is frozen, and a setting cannot be declared without its attribute or the
reverse. Code that is generic over settings (the dialog) uses ``SETTINGS`` and
``Settings.values``; everything else reads attributes.

``setting_errors`` checks a whole set of values and answers field by field, in Turkish;
``load_settings`` refuses a file that breaks a rule of form, but never one whose folder or
file is merely missing right now (a network share that is down must not stop intake): those
are checked when a person edits them.

Settings evolve (qutebrowser's ``renamed:``/``deleted:``, Orange's ``settings_version``):
the file carries ``settings_version``; a file without it is version 1. ``MIGRATIONS`` (in
``settings_file.py``) says, step by step, which keys were renamed or deleted on the way to
each version; an older file is migrated in memory when loaded, and written with the new keys
and version the next time the desk writes it. A renamed key keeps its value; a deleted key
is logged (by name, never its value). A key this release does not know — written by a newer
one — is kept, written back unchanged, and logged; a file of a newer version is read as far
as this release understands it. Neither stops the desk; a known key of the wrong type or
breaking a rule still does, with a Turkish message (a station code is never silently
replaced).

Where the data folder is, is not a setting inside it: a desk whose folder was chosen in the
first-run wizard finds it through a small location file in the platform's config folder
(``read_data_dir_choice``).
"""

from __future__ import annotations

import difflib
import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, get_type_hints
from urllib.parse import urlsplit

# The file's names, re-exported: callers import them from here (bimer_desktop/settings_file.py).
from bimer_desktop.settings_file import LOCATION_FILE_NAME as LOCATION_FILE_NAME
from bimer_desktop.settings_file import MIGRATIONS as MIGRATIONS
from bimer_desktop.settings_file import SETTINGS_FILE_NAME as SETTINGS_FILE_NAME
from bimer_desktop.settings_file import SETTINGS_VERSION as SETTINGS_VERSION
from bimer_desktop.settings_file import VERSION_KEY as VERSION_KEY
from bimer_desktop.settings_file import Migrated as Migrated
from bimer_desktop.settings_file import Migration as Migration
from bimer_desktop.settings_file import SettingsError as SettingsError
from bimer_desktop.settings_file import migrate as migrate
from bimer_desktop.settings_file import read_data_dir_choice as read_data_dir_choice
from bimer_desktop.settings_file import read_settings_file as read_settings_file
from bimer_desktop.settings_file import settings_path as settings_path
from bimer_desktop.settings_file import version_of as version_of
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
from services.transport_security import insecure_url_problem

log = logging.getLogger("bimer.settings")



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
    """One setting as generic code sees it (the dialog, the wizard, the checks): derived from
    its field of ``Settings``, never written by hand."""

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

# ----- how the file evolves -----------------------------------------------------------------




def migration_problems(migrations: Sequence[Migration],
                       declared: Sequence[str] | None = None) -> list[str]:
    """What is wrong with a migration table (English, for a test): steps must count up from
    2 one at a time, and a renamed key must end under a declared setting."""
    keys = set(SPECS if declared is None else declared)
    problems = []
    for number, step in enumerate(migrations, start=2):
        if step.version != number:
            problems.append(f"step {number} says version {step.version}")
        for old in set(step.renamed) & set(step.deleted):
            problems.append(f"version {step.version}: {old} both renamed and deleted")
    for index, step in enumerate(migrations):
        later = migrations[index + 1:]
        for old, new in step.renamed.items():
            landing = new
            for next_step in later:  # a key renamed again, or deleted later, is fine
                if landing in next_step.deleted:
                    landing = ""
                    break
                landing = next_step.renamed.get(landing, landing)
            if landing and landing not in keys:
                problems.append(f"version {step.version}: {old} → {new} lands on "
                                f"{landing}, which is not a setting")
    return problems


# ----- the settings ----------------------------------------------------------------------------

T = TypeVar("T")
_SPEC = "bimer.setting"  # the field metadata key that holds a setting's declaration


def setting(default: T, title: str, *, help: str = "", kind: SettingKind | None = None,
            section: Section = Section.STATION, choices: tuple[tuple[str, str], ...] = (),
            minimum: int | None = None, maximum: int | None = None,
            validate: Validator | None = None, check_place: Validator | None = None,
            required: bool = False) -> T:
    """Declare a field of ``Settings`` as a setting (its key and type come from the field)."""
    declared = SettingSpec("", object, default, title, help, kind, section, choices,
                           minimum, maximum, validate, check_place, required)
    return field(default=default, metadata={_SPEC: declared})


# When adding, renaming or removing a setting:
#  1. Adding: declare a field below — type, default, Turkish title (N_), help, section, rules.
#     The dialog shows it and the file stores it; no version step is needed (an older file
#     lacks it and gets the default; an older release keeps it as an unknown key). If the
#     first-run wizard should ask for it, add it to a page in ui/first_run.py.
#  2. Renaming: rename the field (mypy then finds every reader of the old name) and append
#     a step to MIGRATIONS (in settings_file.py):
#     ``Migration(SETTINGS_VERSION + 1, renamed={"old": "new"})``.
#  3. Removing: delete the field and append ``Migration(..., deleted=("old_key",))``.
#     A changed type or meaning is a new key plus the old one deleted: a rename would carry
#     a value of the old kind, and the desk would refuse to start on it.
#     Never edit a step that has been released; desks in the field rely on it.
#  4. Run ``python -m tools.update_translations``, give the English in en.po; update the
#     README's settings paragraph (and docs/ if the setting has a page there). The tests
#     check the title, the default against its own rules, and the MIGRATIONS table.
@dataclass(frozen=True, kw_only=True)
class Settings:
    """This desk's settings, typed and frozen: ``settings.station_code`` is a ``str``.

    Build it with ``default_settings()``, ``load_settings(data_dir)``,
    ``Settings.from_values(mapping)`` (checked) or ``with_overrides(...)``. ``unknown`` holds
    the keys this release does not declare — a newer release's settings — as they were
    stored, so that writing the file keeps them.
    """

    station_code: str = setting(
        "06-01", N_("İstasyon kodu"),
        help=N_("İl plaka kodu ve masa numarası, örneğin 06-01. Başvuru numaraları bununla "
                "başlar; her masanın kodu farklı olmalıdır."),
        validate=station_code_error, required=True)
    central_url: str = setting(
        "", N_("Merkezi servis adresi"), kind=SettingKind.URL,
        help=N_("Başvuruların gönderileceği merkezi servis, örneğin https://bimer.kurum.gov.tr. "
                "Boşsa bu bilgisayarda yerel eğitim merkezi çalışır (eğitim modu)."),
        validate=central_url_error)
    ca_bundle: str = setting(
        "", N_("Sertifika otoritesi dosyası"), kind=SettingKind.FILE,
        help=N_("Kurumun kendi sertifika otoritesi varsa onun PEM dosyası (isteğe bağlı). "
                "TLS doğrulaması hiçbir zaman kapatılmaz."),
        check_place=file_error)
    # Who is acting (docs/security.md).
    allow_insecure_http: bool = setting(
        False, N_("Şifresiz (http://) merkeze izin ver"),
        help=N_("Yalnızca kapalı bir deneme ağında: merkez adresi http:// ile başlayabilir. "
                "Kimlik numaraları ve şifreler ağda okunabilir; gerçek kullanımda kapalı "
                "tutun."))
    offline_login_days: int = setting(
        7, N_("Çevrimdışı giriş süresi (gün)"),
        help=N_("Bu masada merkeze bağlıyken giriş yapmış kullanıcı, merkeze ulaşılamadığında "
                "bu kadar gün çevrimdışı giriş yapabilir. 0: çevrimdışı giriş yok."),
        minimum=0, maximum=90)
    idle_lock_minutes: int = setting(
        10, N_("Boşta kilitleme süresi (dakika)"),
        help=N_("Bu kadar dakika klavye ve fare kullanılmazsa masa kilitlenir; açmak için "
                "şifre gerekir. 0: kilitlenmez."),
        minimum=0, maximum=240)
    language: str = setting(
        "tr", N_("Dil / Language"), kind=SettingKind.CHOICE,
        help=N_("Ekranların, belgelerin ve komut satırının dili; değişiklik bir sonraki "
                "açılışta geçerli olur."),
        choices=LANGUAGE_CHOICES)
    sync_interval_seconds: int = setting(
        30, N_("Otomatik eşitleme aralığı (saniye)"),
        help=N_("Gönderim kuyruğu bu aralıkla merkeze gönderilir; F5 hemen gönderir."),
        minimum=5, maximum=3600)
    # Central numbers reserved ahead (docs/reference-and-numbers.md): printed on receipts
    # while offline. Block size 0: this desk reserves none.
    reserved_numbers_block_size: int = setting(
        DEFAULT_BLOCK_SIZE, N_("Merkezden bir seferde ayrılacak merkez numarası sayısı"),
        help=N_("Bağlıyken merkezden önceden ayrılan numaralar, bağlantı yokken basılan alındı "
                "belgelerinde gerçek merkez numarası olarak yazar. 0: numara ayrılmaz."),
        minimum=0, maximum=MAX_BLOCK_SIZE)
    reserved_numbers_threshold: int = setting(
        DEFAULT_THRESHOLD, N_("Yeni numara isteme eşiği"),
        help=N_("Elde kalan ayrılmış numara bu sayının altına inince yenileri istenir."),
        minimum=0, maximum=MAX_BLOCK_SIZE)
    institution_name: str = setting(
        "T.C. Başbakanlık İletişim Merkezi (BİMER)",  # i18n: not shown
        N_("Kurum adı"),
        help=N_("Alındı belgesinin ve raporların başlığında yazar."),
        section=Section.PAPER, validate=_not_blank, required=True)
    # The institution's own words for the citizen's paper: a value the operator sets, not a
    # string of the program, so it is not translated.
    query_instructions: str = setting(
        "Başvurunuzun durumunu www.bimer.gov.tr adresinden veya ALO 150 hattını arayarak, "
        "bu belgedeki başvuru numarasıyla sorgulayabilirsiniz. Merkez numarası henüz "
        "yazılı değilse başvuru numaranız yeterlidir.",  # i18n: not shown
        N_("Alındı belgesindeki sorgulama bilgisi"), kind=SettingKind.LONG_TEXT,
        help=N_("Vatandaşa başvurusunu nasıl sorgulayacağını anlatan paragraf."),
        section=Section.PAPER, validate=_not_blank, required=True)
    # The same two for a desk that works in English: the citizen's paper is in the desk's
    # language (blank: the Turkish one is printed).
    institution_name_en: str = setting(
        "Republic of Türkiye Prime Ministry Communication Centre (BİMER)",  # i18n: not shown
        N_("Kurum adı (İngilizce)"),
        help=N_("Program İngilizce çalışırken belgelerin başlığında yazar; boşsa Türkçesi."),
        section=Section.PAPER)
    query_instructions_en: str = setting(
        "You can check the status of your application at www.bimer.gov.tr or by calling "
        "ALO 150, with the application number on this paper. If no central number is "
        "written yet, your application number is enough.",  # i18n: not shown
        N_("Alındı belgesindeki sorgulama bilgisi (İngilizce)"), kind=SettingKind.LONG_TEXT,
        help=N_("Program İngilizce çalışırken alındı belgesine basılır; boşsa Türkçesi."),
        section=Section.PAPER)
    # KVKK (law 6698, art. 10): the information notice, from the reference data.
    receipt_privacy_notice: bool = setting(
        False, N_("Alındı belgesiyle KVKK aydınlatma metnini bas"),
        help=N_("A4 ve A5 alındı belgesinin ardından, vatandaşa kişisel verileri hakkında "
                "bilgi veren aydınlatma metni ayrı sayfada basılır."),
        section=Section.PAPER)
    # Printing (docs/printing.md). Printer names are the system's; empty means its default.
    receipt_layout: str = setting(
        ReceiptLayout.A4.value, N_("Alındı belgesi kâğıdı"),
        kind=SettingKind.CHOICE, choices=RECEIPT_LAYOUT_CHOICES,
        help=N_("Gişede fiş yazıcısı varsa 80 mm termal rulo."), section=Section.PAPER)
    receipt_direct_print: bool = setting(
        False, N_("Alındı belgesini doğrudan yazdır"),
        help=N_("Önizleme açılmadan alındı belgesi yazıcısına gönderilir."),
        section=Section.PAPER)
    pdf_folder: str = setting(
        "", N_("PDF klasörü"), kind=SettingKind.FOLDER,
        help=N_("Yazıcı yokken ya da PDF olarak kaydedilen belgeler buraya yazılır. Boşsa "
                "Belgeler klasöründeki 'BIMER PDF' klasörü."),
        section=Section.PAPER, check_place=folder_error)
    receipt_printer: str = setting(
        "", N_("Alındı belgesi yazıcısı"), kind=SettingKind.PRINTER,
        help=N_("Boşsa sistemin varsayılan yazıcısı; yazıcı yoksa belge PDF olarak kaydedilir."),
        section=Section.PAPER)
    report_printer: str = setting(
        "", N_("Rapor yazıcısı"), kind=SettingKind.PRINTER,
        help=N_("Başvuru raporları için. Boşsa sistemin varsayılan yazıcısı."),
        section=Section.PAPER)
    # Scanning (docs/scanning.md): the hot folder a network scanner scans into, and what
    # the Tara… dialog starts with.
    hot_folder: str = setting(
        "", N_("Tarama klasörü"), kind=SettingKind.FOLDER,
        help=N_("Ağ tarayıcısının taradığı belgeleri kaydettiği klasör; yeni dosyalar Ekler "
                "bölümünde görünür. Boşsa kullanılmaz."),
        section=Section.SCANNING, check_place=folder_error)
    scanner_device: str = setting(
        "", N_("Tarayıcı"),
        help=N_("Tarayıcının sistemdeki adı. Boşsa ilk bulunan tarayıcı kullanılır."),
        section=Section.SCANNING)
    scan_source: str = setting(
        "feeder", N_("Tarama kaynağı"), kind=SettingKind.CHOICE,
        choices=SCAN_SOURCE_CHOICES, section=Section.SCANNING)
    scan_duplex: bool = setting(
        False, N_("Çift yüzlü tarama"),
        help=N_("Besleyici sayfanın iki yüzünü de tarar."), section=Section.SCANNING)
    scan_dpi: int = setting(
        200, N_("Tarama çözünürlüğü (dpi)"),
        help=N_("200 dpi yazılı belgeler için yeterlidir."), section=Section.SCANNING,
        minimum=MIN_DPI, maximum=MAX_DPI)
    scan_mode: str = setting(
        "gray", N_("Tarama rengi"), kind=SettingKind.CHOICE,
        choices=SCAN_MODE_CHOICES, section=Section.SCANNING)
    # Attachments (docs/attachments.md): checked when a file is attached, before saving.
    attachment_max_file_mb: int = setting(
        DEFAULT_MAX_FILE_MB, N_("Bir ek dosyanın en büyük boyutu (MB)"),
        section=Section.ATTACHMENTS, minimum=1, maximum=1024)
    attachment_max_application_mb: int = setting(
        DEFAULT_MAX_APPLICATION_MB, N_("Bir başvurunun eklerinin toplam en büyük boyutu (MB)"),
        section=Section.ATTACHMENTS, minimum=1, maximum=4096)
    attachment_max_megapixels: int = setting(
        DEFAULT_MAX_MEGAPIXELS, N_("Taranmış bir sayfanın en çok piksel sayısı (milyon)"),
        section=Section.ATTACHMENTS, minimum=1, maximum=MAX_MEGAPIXELS_CEILING)
    attachment_retention_days: int = setting(
        DEFAULT_RETENTION_DAYS, N_("Merkeze ulaşan eklerin bu masada saklanacağı süre (gün)"),
        help=N_("Bu süre dolunca merkezde olan eklerin yerel kopyası silinir "
                "(bimer-desktop gc)."),
        section=Section.ATTACHMENTS, minimum=0, maximum=3650)
    # Retention (docs/security.md): personal data of acknowledged cases, purged.
    retention_days: int = setting(
        30, N_("Merkeze ulaşan başvuruların kişisel verilerinin saklanacağı süre (gün)"),
        help=N_("Bu süre dolunca başvurunun kimlik bilgileri, metni ve ekleri bu masadan "
                "silinir; numaraları, tarihleri, durumu ve denetim kaydı kalır (açılışta ve "
                "bimer-desktop purge ile)."),
        section=Section.MAINTENANCE, minimum=1, maximum=3650)
    backup_keep: int = setting(
        5, N_("Saklanacak veritabanı yedeği sayısı"),
        help=N_("Her sürüm yükseltmesinden önce veritabanı data/backups klasörüne "
                "yedeklenir; en yeni bu kadarı tutulur."),
        section=Section.MAINTENANCE, minimum=1, maximum=100)

    # Not a setting: what a newer release stored that this one does not declare.
    unknown: Mapping[str, object] = field(
        default_factory=lambda: MappingProxyType({}), hash=False, repr=False)

    def __post_init__(self) -> None:
        clash = set(self.unknown) & {*SPECS, VERSION_KEY}
        if clash:
            raise ValueError(f"declared keys in Settings.unknown: {sorted(clash)}")

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> Settings:
        """Settings from values by key (the file's, the dialog's): every declared one is
        checked (type and rules of form; ``SettingsError`` in Turkish), a missing one takes
        its default, and a key this release does not declare is kept in ``unknown``."""
        known: dict[str, Any] = {key: value for key, value in values.items() if key in SPECS}
        check(known)
        unknown = {key: value for key, value in values.items()
                   if key not in SPECS and key != VERSION_KEY}
        return cls(**known, unknown=MappingProxyType(unknown))

    @property
    def values(self) -> dict[str, object]:
        """Every value by key — the declared settings in order, then the unknown ones: for
        code that is generic over settings (the dialog, the file). Others read attributes."""
        declared = {spec.key: getattr(self, spec.key) for spec in SETTINGS}
        return {**declared, **self.unknown}

    def with_overrides(self, **overrides: object) -> Settings:
        """These settings with some changed (None: unchanged, as an absent CLI option);
        checked like ``from_values``."""
        for key in overrides:
            if key not in SPECS:
                raise SettingsError(_("Bilinmeyen ya da yanlış türde ayar: '{key}'").format(
                    key=key))
        changed = {key: value for key, value in overrides.items() if value is not None}
        return Settings.from_values({**self.values, **changed})

    @property
    def attachment_limits(self) -> AttachmentLimits:
        return AttachmentLimits.from_settings(
            self.attachment_max_file_mb, self.attachment_max_application_mb,
            self.attachment_max_megapixels)

    def printer_for(self, document_kind: str) -> str:
        """The printer remembered for a document type (a ``DocumentKind`` value); empty: the
        system's default."""
        name = getattr(self, PRINTER_SETTINGS[document_kind])
        if not isinstance(name, str):
            raise TypeError(f"{PRINTER_SETTINGS[document_kind]} is not a printer's name")
        return name


def _declared(settings_class: type[Settings]) -> tuple[SettingSpec, ...]:
    types = get_type_hints(settings_class)
    specs = []
    for item in fields(settings_class):
        declared = item.metadata.get(_SPEC)
        if declared is None:
            continue
        kind = types[item.name]
        if kind not in (str, int, bool):
            raise TypeError(f"setting {item.name}: a str, int or bool, not {kind}")
        specs.append(replace(declared, key=item.name, type=kind))
    return tuple(specs)


SETTINGS: tuple[SettingSpec, ...] = _declared(Settings)
"""Every setting, in the order the dialog shows them."""
SPECS: dict[str, SettingSpec] = {spec.key: spec for spec in SETTINGS}

PRINTER_SETTINGS = {"receipt": "receipt_printer", "report": "report_printer"}
"""The setting that remembers the printer of each document type (DocumentKind values)."""



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
    url, insecure_ok = values.get("central_url"), values.get("allow_insecure_http")
    if "central_url" not in errors and isinstance(url, str) and url and isinstance(
            insecure_ok, bool):
        problem = insecure_url_problem(url, allow_insecure_http=insecure_ok)
        if problem:
            errors["central_url"] = problem
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


def default_settings() -> Settings:
    return Settings()




def load_settings(data_dir: Path, *,
                  migrations: Sequence[Migration] = MIGRATIONS) -> Settings:
    """The settings in ``data_dir``, migrated to this release (defaults when there is no
    file). Refuses, in Turkish and naming the file, a file that cannot be read or a known
    setting of the wrong type or breaking a rule of form; accepts, with a warning in the
    log, keys and versions only a newer release knows."""
    path = settings_path(data_dir)
    if not path.exists():
        return default_settings()
    stored = read_settings_file(path)
    try:
        migrated = migrate(stored, migrations)
    except SettingsError as error:
        raise SettingsError(f"{error} ({path})") from error
    _log_migration(migrated, version_of(migrations))
    for key, value in migrated.values.items():
        spec = SPECS.get(key)
        if spec is None:
            close = difflib.get_close_matches(key, SPECS, n=1)
            log.warning("settings file: %r is not a setting of this release (a newer "
                        "release's?); kept as it is%s", key,
                        f" (did you mean {close[0]!r}?)" if close else "")
        elif not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
            raise SettingsError(_("'{title}' ayarının türü yanlış ({path}).").format(
                title=_(spec.title), path=path))
    try:
        return Settings.from_values(migrated.values)
    except SettingsError as error:
        raise SettingsError(f"{error} ({path})") from error


def _log_migration(migrated: Migrated, this_version: int) -> None:
    """Key names only: a value may be a folder named after a person, or an address."""
    if migrated.version > this_version:
        log.warning("settings file is version %d, newer than this release's %d: read as far "
                    "as this release knows, the rest kept as it is", migrated.version,
                    this_version)
    for old, new in migrated.renamed:
        log.info("settings file version %d: setting %r is now %r", migrated.version, old, new)
    for key in migrated.deleted:
        log.info("settings file version %d: setting %r is no longer used; its value is "
                 "dropped when the file is next written", migrated.version, key)
    for old, new in migrated.superseded:
        log.warning("settings file version %d: setting %r was renamed %r, which the file "
                    "also holds; the value under %r is used, the one under %r dropped when "
                    "the file is next written", migrated.version, old, new, new, old)


def save_settings(data_dir: Path, settings: Settings, *,
                  migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Write atomically — a power cut leaves the old file or the new one, never half — with
    this release's version and every key, the unknown ones as they were read."""
    values = settings.values
    check(values)
    data_dir.mkdir(parents=True, exist_ok=True)
    _write_json_durably(settings_path(data_dir), {VERSION_KEY: version_of(migrations), **values})


def _write_json_durably(path: Path, value: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    fsync_directory(path.parent)


# ----- where the data folder is ------------------------------------------------------------




def write_data_dir_choice(config_dir: Path, data_dir: Path) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    _write_json_durably(config_dir / LOCATION_FILE_NAME, {"data_dir": str(data_dir)})


def store_setting(data_dir: Path, key: str, value: object, *,
                  migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Change one setting in the file, leaving the others as stored (unknown keys too).

    The running desk's settings may hold this run's overrides (``--station``, ``--central``);
    reading the file afresh keeps them out of it.
    """
    spec = SPECS.get(key)
    if spec is None or not isinstance(value, spec.type):
        raise SettingsError(_("Bilinmeyen ya da yanlış türde ayar: '{key}'").format(key=key))
    stored = load_settings(data_dir, migrations=migrations)
    save_settings(data_dir, Settings.from_values({**stored.values, key: value}),
                  migrations=migrations)
