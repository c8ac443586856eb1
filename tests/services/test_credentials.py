"""Where the desk keeps its secrets when the OS has no keyring (this machine runs no Secret
Service): files in ``<data>/credentials/`` only the OS user can read — the fallback, tested
for real here; and the keyring path itself, with a keyring that keeps entries in memory."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend as KeyringBase

from services.credentials import (
    FILE_FOLDER,
    CredentialStore,
    DeskCredential,
    FileBackend,
    KeyringBackend,
    SavedSession,
    backend_for,
    key_folder,
    usable_keyring,
)

DESK = DeskCredential("https://bimer.kurum.gov.tr", "06-01", "10000023", "Ankara Valiliği",
                      "bd1_gizli-masa-anahtari")


def test_without_a_keyring_daemon_the_secrets_go_to_files_only_the_user_reads(
        tmp_path: Path) -> None:
    # tests/conftest.py puts keyring's "fail" backend in place: as a desk with no daemon.
    assert not usable_keyring()
    backend = backend_for(tmp_path)
    assert isinstance(backend, FileBackend)
    store = CredentialStore(backend)
    store.save_desk(DESK)
    store.save_session(SavedSession("https://bimer.kurum.gov.tr", "oturum-anahtari", "memur1",
                                    "2026-12-05T20:00:00+03:00"))
    key = store.offline_key()

    again = CredentialStore(backend_for(tmp_path))  # a later start reads the same files
    assert again.desk() == DESK
    session = again.session()
    assert session is not None and session.token == "oturum-anahtari"
    assert again.offline_key() == key and len(key) >= 32
    # Not in the data folder: in the OS user's key folder (a copy of the data carries none).
    assert not (tmp_path / FILE_FOLDER).exists()
    folder = backend.folder
    assert folder.parent == key_folder() and not folder.is_relative_to(tmp_path)
    if sys.platform != "win32":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for entry in folder.iterdir():
            assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry.name
    again.forget_session()
    assert CredentialStore(backend_for(tmp_path)).session() is None
    assert CredentialStore(backend_for(tmp_path)).desk() == DESK


class MemoryKeyring(KeyringBase):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


def test_with_a_keyring_nothing_is_written_to_the_data_folder(
        tmp_path: Path) -> None:
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        assert usable_keyring()
        first, second = backend_for(tmp_path / "a"), backend_for(tmp_path / "b")
        assert isinstance(first, KeyringBackend)
        CredentialStore(first).save_desk(DESK)
        assert CredentialStore(backend_for(tmp_path / "a")).desk() == DESK
        assert CredentialStore(second).desk() is None  # entries are per data folder
        assert not (tmp_path / "a" / FILE_FOLDER).exists()
        assert all("bd1_gizli-masa-anahtari" in value for value in memory.entries.values())
    finally:
        keyring.set_keyring(previous)


def test_an_older_release_s_credentials_folder_is_moved_out_of_the_data_folder(
        tmp_path: Path) -> None:
    old = tmp_path / FILE_FOLDER
    old.mkdir()
    (old / "desk").write_text(json.dumps(DESK.__dict__), "utf-8")
    store = CredentialStore(backend_for(tmp_path))
    assert store.desk() == DESK
    assert not old.exists()
    assert CredentialStore(backend_for(tmp_path)).desk() == DESK
