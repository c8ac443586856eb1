"""The composition root: builds every service once and hands them out. No globals."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from bimer_desktop.settings import Settings, settings_path, store_setting
from bimer_desktop.training import enroll_training_desk, training_clerk
from models.data_cipher import BlobCipher
from models.database import Database
from models.deadlines import DeadlineState
from models.i18n import active_language
from models.identity_access import Viewer
from models.privacy_notice import load_privacy_notice
from resources import REFERENCE_DIR
from services.attachments import AttachmentService
from services.audit import AuditTrail
from services.audit_anchor import AuditAnchoring
from services.auth import AuthService, Clerk, ClerkSession
from services.blob_gc import BlobCollector
from services.blob_store import BlobStore
from services.case_detail import CaseDetails
from services.case_export import CaseExport
from services.case_search import CaseFilter, CaseSearch
from services.case_statistics import CaseStatistics
from services.central_client import CentralClient, DeskAuth
from services.central_identity import CentralIdentity
from services.clock import Clock, local_now
from services.corrections import CorrectionService
from services.credentials import CredentialStore, DeskCredential, backend_for
from services.data_key import DataKeys
from services.desk_figures import DeskFiguresService
from services.desk_identity import adopt_enrolled_station, check_database_file, settle_identity
from services.desk_start import load_data_key, open_desk_database
from services.drafts import DraftService
from services.email_import import EmailImportService
from services.enrollment import request_enrollment
from services.fake_scanner import with_practice_devices
from services.forwards import ForwardService
from services.history import HistoryService
from services.hot_folder import HotFolderWatcher
from services.importer import ImportService
from services.intake import IntakeService
from services.outbox_queries import OutboxQueries
from services.printouts import PaperSettings, PrintService, ReceiptLayout
from services.queries import ApplicationQueries
from services.reference import ReferenceService
from services.rehome import RehomeReport, rehome
from services.reserved_numbers import NumberReservations
from services.retention import RetentionService
from services.saved_filters import SavedFilters
from services.scanning import Scanner, ScanSettings, scanner_for_platform
from services.sync import SyncService

if TYPE_CHECKING:
    from bimer_central.server import CentralServer

log = logging.getLogger("bimer.app")

DATABASE_FILE_NAME = "desk.db"
TRAINING_CENTRAL_FILE_NAME = "training-central.db"
BLOBS_DIR_NAME = "blobs"
REFERENCE_CACHE_DIR_NAME = "reference"
# 304s are cheap, but a desk syncing every 30 s need not ask each time.
REFERENCE_REFRESH_SECONDS = 300.0
PDF_DIR_NAME = "BIMER PDF"  # i18n: a folder name, the same in both languages
BACKUPS_DIR_NAME = "backups"


def paper_settings(settings: Settings, language: str) -> PaperSettings:
    """The citizen's paper in the desk's language: the institution's English words when the
    desk works in English and they are set, else its Turkish ones."""
    english = language == "en"
    name = settings.institution_name_en.strip() if english else ""
    instructions = settings.query_instructions_en.strip() if english else ""
    institution = name or settings.institution_name
    return PaperSettings(
        institution_name=institution,
        query_instructions=instructions or settings.query_instructions,
        receipt_layout=ReceiptLayout(settings.receipt_layout),
        privacy_notice=(load_privacy_notice(language, institution)
                        if settings.receipt_privacy_notice else None),
    )


@dataclass(frozen=True)
class DeskConfig:
    """``user``: the username of the clerk acting now — set by login (``Desk.auth``), and
    changed by a switch of user; empty until someone logs in."""

    data_dir: Path
    settings: Settings
    user: str = ""

    @property
    def station_code(self) -> str:
        return self.settings.station_code

    @property
    def central_url(self) -> str:
        return self.settings.central_url

    @property
    def pdf_folder(self) -> Path:
        """Where PDFs go when no file was named (no printer, or the CLI without --out): by
        default the OS user's documents folder, not the data folder — a saved PDF is paper
        the clerk hands on, readable by anyone, while everything in the data folder is
        encrypted (docs/security.md)."""
        folder = self.settings.pdf_folder
        return Path(folder) if folder else platformdirs.user_documents_path() / PDF_DIR_NAME

    @property
    def training(self) -> bool:
        """No central service configured: the desk runs against its own local centre."""
        return not self.central_url


def data_keys_for(data_dir: Path) -> DataKeys:
    """Where the data key of the desk in ``data_dir`` is kept (``services/data_key.py``):
    for the desk, and for the commands and tools that open its files without one."""
    return DataKeys(backend_for(data_dir), data_dir, data_dir / DATABASE_FILE_NAME)


class Desk:
    """Every service of one running desk. Build it with ``Desk(config)``; ``close()`` it."""

    def __init__(self, config: DeskConfig, clock: Clock = local_now, *,
                 credentials: CredentialStore | None = None) -> None:
        """``credentials``: where the desk's enrollment and last token are kept (default:
        the OS keyring, else ``<data>/credentials/``)."""
        self.credentials = credentials or CredentialStore(backend_for(config.data_dir))
        enrolled = None if config.training else self.credentials.desk()
        if enrolled is not None and enrolled.station_code != config.station_code:
            # The station is the one the central service bound this desk to, whatever a
            # settings file or --station says.
            log.info("station code taken from the desk's enrollment")
            config = replace(config, settings=config.settings.with_overrides(
                station_code=enrolled.station_code))
        self.config = config
        self.clock = clock
        self.desk_auth = DeskAuth(enrolled.credential if enrolled else None)
        database_path = config.data_dir / DATABASE_FILE_NAME
        # A lost or emptied database is never started empty (services/desk_identity.py);
        # every way a start can fail raises DeskStartError, one Turkish line.
        check_database_file(database_path)
        # The database and the blobs are encrypted under the desk's data key, kept outside
        # the data folder (services/data_key.py, docs/security.md).
        self.data_keys = data_keys_for(config.data_dir)
        data_key = load_data_key(self.data_keys)
        # An upgrade of the schema is preceded by a backup (models/backups.py).
        self.db: Database = open_desk_database(
            database_path, data_key=data_key, backup_dir=config.data_dir / BACKUPS_DIR_NAME,
            keep_backups=config.settings.backup_keep,
        )
        try:
            identity = settle_identity(
                self.db, database_path, config.station_code,
                settings_explicit=settings_path(config.data_dir).exists(),
                enrolled=enrolled is not None)
        except BaseException:
            self.db.close()
            raise
        if identity.station_code != config.station_code:  # the settings file was lost
            config = replace(config, settings=config.settings.with_overrides(
                station_code=identity.station_code))
        self.config = config
        self.ledger = identity.ledger
        self.reference = ReferenceService(config.data_dir / REFERENCE_CACHE_DIR_NAME,
                                          REFERENCE_DIR)
        self.numbers = NumberReservations(
            self.db, config.station_code, clock,
            block_size=config.settings.reserved_numbers_block_size,
            threshold=config.settings.reserved_numbers_threshold,
        )
        self._reference_checked_at: float | None = None
        self.queries = ApplicationQueries(self.db)
        self.cases = CaseSearch(self.db, self.reference, clock, lambda: self.reference.holidays)
        self.figures = DeskFiguresService(
            self.db, clock, lambda: self.cases.count(CaseFilter(deadline=DeadlineState.NEAR)))
        limits = config.settings.attachment_limits
        self.forwards = ForwardService(self.db, config.station_code, self.reference, clock)
        self.intake = IntakeService(self.db, config.station_code, self.reference, clock,
                                    attachment_limits=limits,
                                    on_number_issued=self.ledger.issued,
                                    forwards=self.forwards)
        self.outbox = OutboxQueries(self.db)
        self.corrections = CorrectionService(self.db, config.station_code, self.intake,
                                             self.queries, clock)
        cipher = BlobCipher(data_key)
        self.blobs = BlobStore(config.data_dir / BLOBS_DIR_NAME, cipher)
        sealed = self.blobs.seal_plain_blobs()  # a desk from before encryption: once
        if sealed:
            log.info("%d attachment files of an older release sealed in place", sealed)
        self.attachments = AttachmentService(self.db, self.blobs, limits, clock)
        self.blob_collector = BlobCollector(
            self.db, self.blobs, clock,
            timedelta(days=config.settings.attachment_retention_days),
        )
        self.retention = RetentionService(self.db, self.blobs, clock, config.station_code,
                                          timedelta(days=config.settings.retention_days))
        self.audit_trail = AuditTrail(self.db)
        self.audit_anchoring = AuditAnchoring(self.db)
        self.central_identity = CentralIdentity(self.db, clock, record=not config.training)
        self.importer = ImportService(self.intake, self.attachments, db=self.db,
                                      data_dir=config.data_dir)
        self.drafts = DraftService(self.db, clock)
        self.email_import = EmailImportService(self.drafts, self.attachments)
        self.printouts = PrintService(
            self.db,
            config.station_code,
            self.reference,
            paper_settings(config.settings, active_language()),
            clock,
            self.queries,
        )
        # Worker threads may ask for the lazily built parts at the same time.
        self._lazy_lock = threading.RLock()
        self._training_central: CentralServer | None = None
        self._client: CentralClient | None = None
        self._hot_folder: HotFolderWatcher | None = None
        # Building a scanner touches no device: errors come, in Turkish, on first use. A
        # training desk also offers practice devices, so scanning can be learnt without one.
        scanner = scanner_for_platform()
        self.scanner: Scanner = with_practice_devices(scanner) if config.training else scanner
        self._sync: SyncService | None = None
        self.history = HistoryService(self.db, self.reference, self.central_client)
        self.case_details = CaseDetails(self.db, self.cases, self.queries, self.history,
                                        clock, config.station_code, self.forwards)
        self.case_export = CaseExport(self.db, self.cases, config.station_code, clock)
        self.statistics = CaseStatistics(self.db, self.cases, self.reference)
        self.saved_filters = SavedFilters(config.data_dir, cipher)
        self.auth = AuthService(self.db, self.central_client, self.desk_auth, self.credentials,
                                clock, config.station_code, config.settings.offline_login_days)
        self.auth.listeners.append(self._clerk_changed)
        if config.training:
            # Training: no login screen; the training clerk (or the one named) is at the
            # desk, and logs in at the local centre when it starts (services/training.py).
            self.auth.sign_in(ClerkSession(training_clerk(config.user), online=False))
        elif config.user:
            # A desk built for one clerk by name (tests, benchmarks): until a login, the
            # name stamps what it saves; nothing is sent without a session.
            self.auth.sign_in(ClerkSession(Clerk(config.user, config.user, (), ""), False))

    @property
    def clerk(self) -> Clerk | None:
        session = self.auth.current
        return session.clerk if session else None

    @property
    def enrolled(self) -> bool:
        return self.config.training or self.desk_auth.credential is not None

    def _clerk_changed(self, session: ClerkSession | None) -> None:
        self.config = replace(self.config, user=session.clerk.username if session else "")

    def enroll(self, central_url: str, code: str, ca_bundle: str | None = None
               ) -> DeskCredential | str:
        """Enroll this desk with the coordinator's one-time code: the credential (stored),
        or the Turkish reason it was refused. A network call: a worker thread only."""
        enrolled = request_enrollment(
            central_url, code, ca_bundle=ca_bundle or self.config.settings.ca_bundle or None,
            allow_insecure_http=self.config.settings.allow_insecure_http)
        if isinstance(enrolled, str):
            return enrolled
        refused = adopt_enrolled_station(self.db, self.ledger, enrolled.station_code)
        if refused is not None:
            return refused
        self.credentials.save_desk(enrolled)
        self.desk_auth.set_credential(enrolled.credential)
        self.central_identity.record_first(enrolled.central_id or None)
        self.auth.record("desk.enrolled", enrolled.station_code)
        return enrolled

    def rehome(self) -> RehomeReport | str:
        """Bind the desk to the central database it now reaches and queue again what the
        old one acknowledged (``services/rehome.py``). A network call: a worker only."""
        return rehome(self.db, self.central_client(), self.central_identity, self.clock,
                      self.config.station_code, self.config.user)

    def viewer(self) -> Viewer:
        """Who is looking, for what identity a list, a detail or an export shows
        (``models/identity_access.py``): the logged-in clerk and their roles."""
        clerk = self.clerk
        if clerk is None:
            return Viewer(self.config.user)
        return Viewer(clerk.username, frozenset(clerk.roles))

    @property
    def sync(self) -> SyncService:
        """Built on first use: in training mode that starts the local centre (≈1 s), which
        the window does from a worker thread so that it appears at once."""
        with self._lazy_lock:
            if self._sync is None:
                service = SyncService(self.db, self.central_client(), self.clock,
                                      self.config.station_code, self.queries,
                                      blobs=self.blobs, after_reachable=self.upkeep)
                service.recover_in_flight()
                self._sync = service
            return self._sync

    def upkeep(self) -> None:
        """What the desk does in the background once it has reached the central service:
        refresh the reference data (at most every few minutes), top up the central
        numbers reserved ahead, and send the audit events the service does not hold yet.
        Network I/O: a worker thread only (the sync's)."""
        client = self.central_client()
        now = time.monotonic()
        checked = self._reference_checked_at
        if checked is None or now - checked >= REFERENCE_REFRESH_SECONDS:
            self.reference.refresh(client)
            self._reference_checked_at = now
        self.numbers.top_up(client)
        self.audit_anchoring.send(client)

    def central_client(self) -> CentralClient:
        """The one client of the central service, shared by sync and read-only lookups
        (the applicant's history). Its first call may start the training centre (≈1 s):
        call it from a worker thread, never the GUI thread."""
        with self._lazy_lock:
            if self._client is None:
                client = CentralClient(
                    self._central_url(),
                    ca_bundle=self.config.settings.ca_bundle or None,
                    auth=self.desk_auth,
                    allow_insecure_http=self.config.settings.allow_insecure_http,
                    identity=self.central_identity,
                )
                if self.config.training:
                    assert self._training_central is not None
                    self._client = client  # the login below goes through it
                    try:
                        enroll_training_desk(self._training_central, client, self.auth,
                                             self.config.station_code)
                    except BaseException:
                        self._client = None
                        client.close()
                        raise
                self._client = client
            return self._client

    def _central_url(self) -> str:
        if not self.config.training:
            return self.config.central_url
        with self._lazy_lock:
            if self._training_central is None:
                from bimer_central.server import CentralServer  # fastapi costs ≈0.6 s to import

                server = CentralServer(
                    f"sqlite:///{self.config.data_dir / TRAINING_CENTRAL_FILE_NAME}"
                )
                server.start()
                self._training_central = server
                log.info("training central service started on %s", server.url)
            return self._training_central.url

    def remember_setting(self, key: str, value: object) -> None:
        """Store one setting in the settings file and in this running desk (the printer
        last chosen for a document type, say); this run's overrides stay out of the file."""
        store_setting(self.config.data_dir, key, value)
        self.config = replace(self.config,
                              settings=self.config.settings.with_overrides(**{key: value}))

    @property
    def scan_defaults(self) -> ScanSettings:
        settings = self.config.settings
        return ScanSettings.from_settings(source=settings.scan_source,
                                          duplex=settings.scan_duplex, dpi=settings.scan_dpi,
                                          mode=settings.scan_mode)

    def hot_folder(self) -> HotFolderWatcher | None:
        """The scan-to-folder watcher, started on first use; None when no folder is set."""
        folder = self.config.settings.hot_folder
        if not folder:
            return None
        with self._lazy_lock:
            if self._hot_folder is None:
                self._hot_folder = HotFolderWatcher(Path(folder))
                self._hot_folder.start()
            return self._hot_folder

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lazy_lock:
            if self._hot_folder is not None:
                self._hot_folder.stop()
            if self._client is not None:
                self._client.close()
            if self._training_central is not None:
                self._training_central.stop()
                self._training_central = None
        self.ledger.close()
        self.db.close()

