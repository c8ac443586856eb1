"""Where the desk's data key lives, how it is made, and how it comes back (docs/security.md).

The key that encrypts the desk's database and attachments (``models/data_cipher.py``) is
never stored in plain beside the data:

- in the operating system's keyring when there is one (Windows Credential Manager — DPAPI,
  bound to the Windows account —, macOS Keychain, the Secret Service of a Linux desktop);
- otherwise (a Linux desk without a keyring daemon, a service account) in a file readable by
  the OS user alone (0600 in a 0700 folder) under the user's configuration folder
  (``~/.config/bimer-desktop/keys/``, or ``BIMER_KEY_DIR``) — outside the data folder, so a
  copy of the data folder carries no key. The same place as the desk's other secrets
  (``services/credentials.py``).

At its first start a desk makes the key and a *recovery key*; the data key, wrapped by the
recovery key, is kept in the data folder (``data-key.recovery``: useless without the
paper). The recovery key itself is kept beside the data key only until the operator has
written or printed it (``pending_recovery_key`` / ``acknowledge_recovery_key``) — a start
that crashed before showing it shows it the next time. On a new PC, or after the keyring
was lost, ``bimer-desktop recover-key`` takes the recovery key and puts the data key back.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from models.data_cipher import (
    WrongRecoveryKey,
    key_fingerprint,
    new_data_key,
    new_recovery_key,
    unwrap_data_key,
    wrap_data_key,
)
from models.database import is_plain_database
from models.durable_files import write_atomically
from models.i18n import _
from services.credentials import SecretBackend

if TYPE_CHECKING:
    from printing.document import RenderedDocument

log = logging.getLogger("bimer.data_key")

DATA_KEY_ENTRY = "data-key"
PENDING_RECOVERY_ENTRY = "recovery-key-pending"
WRAPPED_KEY_FILE_NAME = "data-key.recovery"


class DataKeyMissing(RuntimeError):
    """This PC has no key for the desk's encrypted data; the message (Turkish) says what to do."""


class DataKeys:
    def __init__(self, backend: SecretBackend, data_dir: Path, database_path: Path) -> None:
        self.backend = backend
        self.data_dir = data_dir
        self.database_path = database_path
        self._lock = threading.Lock()

    @property
    def wrapped_key_path(self) -> Path:
        return self.data_dir / WRAPPED_KEY_FILE_NAME

    def load_or_create(self) -> bytes:
        """This desk's data key: the stored one, or a new one for a desk that holds no data
        yet. ``DataKeyMissing`` when the data folder holds data and this PC has no key."""
        with self._lock:
            stored = self.backend.get(DATA_KEY_ENTRY)
            if stored is not None:
                key = bytes.fromhex(stored)
                if not self.wrapped_key_path.exists():
                    # A first start killed between storing the key and wrapping it.
                    self._wrap_with_new_recovery_key(key)
                return key
            if self._holds_data():
                raise DataKeyMissing(_(
                    "Bu masanın verileri şifreli ve anahtarı bu bilgisayarda yok ({folder}). "
                    "Kurulumda yazdırılan kurtarma anahtarıyla geri getirin: "
                    "bimer-desktop recover-key").format(folder=self.data_dir))
            key = new_data_key()
            self.backend.set(DATA_KEY_ENTRY, key.hex())
            self._wrap_with_new_recovery_key(key)
            log.info("a new data key was made for this desk (%s)", self.backend.name)
            return key

    def _holds_data(self) -> bool:
        """Encrypted data is here: a new key would leave it unreadable (a plain database of
        an older release is not: it is encrypted under the new key at this start)."""
        if self.wrapped_key_path.exists():
            return True
        return self.database_path.exists() and not is_plain_database(self.database_path)

    def _wrap_with_new_recovery_key(self, key: bytes) -> None:
        recovery_key = new_recovery_key()
        # Pending first: a crash between the two shows a recovery key whose wrap is made
        # again at the next start, never a wrap whose recovery key nobody saw.
        self.backend.set(PENDING_RECOVERY_ENTRY, recovery_key)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(self.wrapped_key_path, wrap_data_key(key, recovery_key))

    def pending_recovery_key(self) -> str | None:
        """The recovery key, until the operator has confirmed it is written down."""
        with self._lock:
            return self.backend.get(PENDING_RECOVERY_ENTRY)

    def recovery_sheet(self, recovery_key: str, station_code: str,
                       now: datetime) -> RenderedDocument:
        """The recovery key on an A4 page, to print or save (``printing/recovery_sheet.py``)."""
        from printing.recovery_sheet import recovery_sheet

        stored = self.backend.get(DATA_KEY_ENTRY)
        fingerprint = key_fingerprint(bytes.fromhex(stored)) if stored else ""
        return recovery_sheet(recovery_key, station_code=station_code,
                              data_folder=str(self.data_dir), fingerprint=fingerprint,
                              created_at=now)

    def acknowledge_recovery_key(self) -> None:
        with self._lock:
            self.backend.delete(PENDING_RECOVERY_ENTRY)
        log.info("the recovery key was confirmed as kept by the operator")

    def recover(self, typed_recovery_key: str) -> str:
        """Put the data key back from the recovery key; returns the key's fingerprint.
        ``WrongRecoveryKey`` (Turkish message) when it does not open this desk's key."""
        try:
            wrapped = self.wrapped_key_path.read_bytes()
        except FileNotFoundError as error:
            raise DataKeyMissing(_(
                "Veri klasöründe {name} dosyası yok: bu klasör kurtarma anahtarıyla açılamaz."
            ).format(name=WRAPPED_KEY_FILE_NAME)) from error
        try:
            key = unwrap_data_key(wrapped, typed_recovery_key)
        except WrongRecoveryKey as error:
            raise WrongRecoveryKey(_(
                "Kurtarma anahtarı bu masanın anahtarını açmıyor: harfleri ve rakamları "
                "kâğıttakiyle karşılaştırın.")) from error
        except ValueError as error:
            raise DataKeyMissing(_(
                "{name} dosyası bozuk: bu klasör kurtarma anahtarıyla açılamaz; yedekten "
                "geri yükleyin.").format(name=WRAPPED_KEY_FILE_NAME)) from error
        with self._lock:
            self.backend.set(DATA_KEY_ENTRY, key.hex())
            self.backend.delete(PENDING_RECOVERY_ENTRY)
        log.info("the data key was recovered (fingerprint %s)", key_fingerprint(key))
        return key_fingerprint(key)
