"""The desk's data key, the blobs' sealing and the recovery key (models/data_cipher.py)."""

from __future__ import annotations

import hashlib

import pytest

from models.data_cipher import (
    BLOB_OVERHEAD,
    BlobCipher,
    BlobUnreadable,
    WrongRecoveryKey,
    database_key_pragma,
    new_data_key,
    new_recovery_key,
    normalize_recovery_key,
    unwrap_data_key,
    wrap_data_key,
)

SCAN = "Dilekçe: Ayşe Yılmaz, T.C. 10000000146".encode()
NAME = hashlib.sha256(SCAN).hexdigest()


def test_a_sealed_blob_hides_its_bytes_and_opens_only_under_its_key_and_name() -> None:
    key = new_data_key()
    sealed = BlobCipher(key).seal(SCAN, NAME)
    assert len(sealed) == len(SCAN) + BLOB_OVERHEAD
    assert b"10000000146" not in sealed and "Yılmaz".encode() not in sealed
    assert BlobCipher(key).open(sealed, NAME) == SCAN
    assert BlobCipher(key).seal(SCAN, NAME) != sealed  # a fresh nonce every time

    with pytest.raises(BlobUnreadable):
        BlobCipher(new_data_key()).open(sealed, NAME)  # another desk's key
    with pytest.raises(BlobUnreadable):
        BlobCipher(key).open(sealed, "0" * 64)  # renamed onto another blob's name
    tampered = bytearray(sealed)
    tampered[-20] ^= 1
    with pytest.raises(BlobUnreadable):
        BlobCipher(key).open(bytes(tampered), NAME)


def test_the_database_and_the_blobs_get_different_keys_from_the_one_data_key() -> None:
    key = new_data_key()
    pragma = database_key_pragma(key)
    assert pragma.startswith("PRAGMA key = \"x'") and key.hex() not in pragma
    assert database_key_pragma(key) == pragma != database_key_pragma(new_data_key())


def test_a_recovery_key_reads_back_however_the_operator_types_it() -> None:
    recovery = new_recovery_key()
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(g) == 5 for g in groups)
    assert not set(recovery) & set("ILOU")  # nothing that reads as another symbol
    typed = " ".join(groups).lower()
    assert normalize_recovery_key(typed) == recovery
    assert normalize_recovery_key(recovery.replace("0", "O").replace("1", "l")) == recovery
    assert normalize_recovery_key(recovery[:-1]) is None
    assert normalize_recovery_key("ABCDE-" * 7 + "ABCD!") is None


def test_the_wrapped_key_opens_with_the_recovery_key_and_nothing_else() -> None:
    key = new_data_key()
    recovery = new_recovery_key()
    wrapped = wrap_data_key(key, recovery)
    assert key.hex().encode() not in wrapped
    assert unwrap_data_key(wrapped, recovery.lower().replace("-", " ")) == key
    with pytest.raises(WrongRecoveryKey):
        unwrap_data_key(wrapped, new_recovery_key())
    with pytest.raises(WrongRecoveryKey):
        unwrap_data_key(wrapped, "not a key")
    with pytest.raises(ValueError, match="damaged"):
        unwrap_data_key(b"{}", recovery)
