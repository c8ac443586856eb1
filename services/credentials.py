"""Where the desk keeps its secrets: its enrollment credential, the last GUI login's session
token (for headless commands), and the key that hides clerks' ID numbers in the offline
login table.

The operating system's keyring (``keyring``: Windows Credential Manager, macOS Keychain,
the Secret Service on a Linux desktop) when there is one; otherwise — a Linux desk without
a keyring daemon, a service account — a file per secret in the OS user's configuration
folder (``~/.config/bimer-desktop/keys/<desk>/``, or ``$BIMER_KEY_DIR/<desk>/``), the
folder readable by the OS user alone (0700) and each file too (0600), written atomically.
Never in the data folder: a copy of it must carry neither the desk's credential nor the
key of its encrypted data (``services/data_key.py``). Entries are named after the data
folder, so two desks on one account never share one. An older release's
``<data>/credentials/`` is moved there at the first start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import platformdirs

from models.durable_files import write_atomically

log = logging.getLogger("bimer.credentials")

KEYRING_SERVICE = "bimer-desktop"
FILE_FOLDER = "credentials"  # in the data folder: where an older release kept the files
KEY_DIR_VARIABLE = "BIMER_KEY_DIR"
DESK_ENTRY = "desk"
SESSION_ENTRY = "session"
OFFLINE_KEY_ENTRY = "offline-key"


class SecretBackend(Protocol):
    name: str

    def get(self, entry: str) -> str | None: ...

    def set(self, entry: str, value: str) -> None: ...

    def delete(self, entry: str) -> None: ...


class KeyringBackend:
    """The OS keyring, entries named ``<entry>@<data folder's hash>``."""

    name = "keyring"

    def __init__(self, scope: str) -> None:
        import keyring

        self._keyring = keyring
        self._scope = scope

    def get(self, entry: str) -> str | None:
        value = self._keyring.get_password(KEYRING_SERVICE, f"{entry}@{self._scope}")
        return value if isinstance(value, str) else None

    def set(self, entry: str, value: str) -> None:
        self._keyring.set_password(KEYRING_SERVICE, f"{entry}@{self._scope}", value)

    def delete(self, entry: str) -> None:
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._keyring.delete_password(KEYRING_SERVICE, f"{entry}@{self._scope}")


class FileBackend:
    """One file per entry in a folder only the OS user may read."""

    name = "file"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, entry: str) -> str | None:
        try:
            return (self.folder / entry).read_text("utf-8")
        except FileNotFoundError:
            return None

    def set(self, entry: str, value: str) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        # mkstemp makes the temporary file 0600, and the rename keeps its mode.
        write_atomically(self.folder / entry, value.encode("utf-8"))

    def delete(self, entry: str) -> None:
        (self.folder / entry).unlink(missing_ok=True)


def usable_keyring() -> bool:
    """Whether the OS has a keyring that stores secrets (not keyring's fail/null ones)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is no keyring
        return False
    chained = getattr(backend, "backends", None)
    if chained is not None:
        return bool(chained)
    return not isinstance(backend, fail.Keyring | null.Keyring)


def key_folder() -> Path:
    """Where secrets are kept as files when the OS has no keyring."""
    chosen = os.environ.get(KEY_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    return platformdirs.user_config_path("bimer-desktop", appauthor=False) / "keys"


def backend_for(data_dir: Path, *, use_keyring: bool | None = None) -> SecretBackend:
    """The keyring if the OS has one (``use_keyring`` None: look), else the file folder."""
    scope = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    if use_keyring is None:
        use_keyring = usable_keyring()
    if use_keyring:
        return KeyringBackend(scope)
    backend = FileBackend(key_folder() / scope)
    _move_old_folder(data_dir / FILE_FOLDER, backend)
    return backend


def _move_old_folder(old: Path, backend: FileBackend) -> None:
    if not old.is_dir():
        return
    for entry in sorted(old.iterdir()):
        if entry.is_file() and backend.get(entry.name) is None:
            backend.set(entry.name, entry.read_text("utf-8"))
        entry.unlink()
    old.rmdir()
    log.info("secrets moved out of the data folder into the OS user's key folder")


@dataclass(frozen=True)
class DeskCredential:
    """What enrollment gave this desk: its station and the credential for ``X-BIMER-Desk``."""

    central_url: str
    station_code: str
    unit: str
    unit_name: str
    credential: str
    # The central database that enrolled it (X-BIMER-Central-Id); "" from an older release.
    central_id: str = ""


@dataclass(frozen=True)
class SavedSession:
    """The last login's session token, for headless commands (never a password)."""

    central_url: str
    token: str
    username: str
    expires_at: str


class CredentialStore:
    def __init__(self, backend: SecretBackend) -> None:
        self.backend = backend
        self._lock = threading.Lock()

    def desk(self) -> DeskCredential | None:
        found = self._read(DESK_ENTRY)
        return DeskCredential(**found) if found else None

    def save_desk(self, credential: DeskCredential) -> None:
        self._write(DESK_ENTRY, credential.__dict__)
        log.info("desk credential stored (%s)", self.backend.name)

    def forget_desk(self) -> None:
        with self._lock:
            self.backend.delete(DESK_ENTRY)
            self.backend.delete(SESSION_ENTRY)

    def session(self) -> SavedSession | None:
        found = self._read(SESSION_ENTRY)
        return SavedSession(**found) if found else None

    def save_session(self, session: SavedSession) -> None:
        self._write(SESSION_ENTRY, session.__dict__)

    def forget_session(self) -> None:
        with self._lock:
            self.backend.delete(SESSION_ENTRY)

    def offline_key(self) -> bytes:
        """A random key of this desk, made on first use: ID numbers in the offline login
        table are kept as HMACs under it, never as they are."""
        with self._lock:
            stored = self.backend.get(OFFLINE_KEY_ENTRY)
            if stored is None:
                stored = os.urandom(32).hex()
                self.backend.set(OFFLINE_KEY_ENTRY, stored)
            return bytes.fromhex(stored)

    def _read(self, entry: str) -> dict[str, Any] | None:
        with self._lock:
            raw = self.backend.get(entry)
        if raw is None:
            return None
        try:
            value = json.loads(raw)
        except ValueError:
            log.warning("credential entry %s is damaged; ignored", entry)
            return None
        return value if isinstance(value, dict) else None

    def _write(self, entry: str, value: dict[str, Any]) -> None:
        with self._lock:
            self.backend.set(entry, json.dumps(value))
