"""The desk's data key and what is made of it: the database's key, the blobs' cipher, and the
recovery key that can bring the data key back (docs/security.md).

One random 256-bit *data key* per desk. Two keys are derived from it with HKDF, one per use,
so that neither SQLCipher nor the blob format ever sees the other's key:

- the database key, given to SQLCipher as a raw key (``PRAGMA key = "x'…'"``: no password
  stretching at every connection — the key is already random);
- the blob key: each attachment file is ``BLOB_MAGIC`` + a random 96-bit nonce + AES-256-GCM
  of its bytes, with the content's SHA-256 (its file name) as associated data, so a file
  renamed onto another blob's name is refused, not shown as that blob.

The *recovery key* is 160 random bits shown once to the operator as eight groups of five
letters and digits (Crockford's base-32: no I, L, O or U to misread). The data key is kept
wrapped by it — AES-GCM under a key stretched from it with scrypt — in the data folder: a
copy of that file is useless without the paper, and the paper brings the key back on a new
PC (``bimer-desktop recover-key``).
"""

from __future__ import annotations

import base64
import json
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

DATA_KEY_BYTES = 32
BLOB_MAGIC = b"BMRB1\x00"
_NONCE_BYTES = 12
_TAG_BYTES = 16
BLOB_OVERHEAD = len(BLOB_MAGIC) + _NONCE_BYTES + _TAG_BYTES

_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
_RECOVERY_GROUPS = 8
_RECOVERY_GROUP_LENGTH = 5
_RECOVERY_BITS = _RECOVERY_GROUPS * _RECOVERY_GROUP_LENGTH * 5  # 200 bits of symbols
_WRAP_FORMAT = "bimer-data-key/1"
# scrypt at n=2^15 takes ≈ 0.1 s here: once per recovery, and the recovery key's 200 bits make
# guessing hopeless whatever the cost.
_SCRYPT_N = 2**15
_SCRYPT_R = 8
_SCRYPT_P = 1


class WrongRecoveryKey(ValueError):
    """The recovery key typed does not open this desk's wrapped data key."""


class BlobUnreadable(ValueError):
    """A stored blob does not open under this desk's key: another desk's, or altered."""


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def _derive(data_key: bytes, purpose: bytes) -> bytes:
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"bimer-desktop " + purpose).derive(data_key)


def database_key_pragma(data_key: bytes) -> str:
    """The statement that unlocks the desk database on a new SQLCipher connection."""
    return f"PRAGMA key = \"x'{_derive(data_key, b'database').hex()}'\""


def key_fingerprint(data_key: bytes) -> str:
    """A short name of the key (not the key): tells whether two keys are the same."""
    return _derive(data_key, b"fingerprint")[:6].hex()


class BlobCipher:
    """Seals and opens attachment files (and the desk's other small files that may hold
    personal data: saved filters) with the desk's blob key."""

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(_derive(data_key, b"blobs"))

    def seal(self, data: bytes, name: str) -> bytes:
        """``data`` sealed for the file called ``name`` (a blob's SHA-256)."""
        nonce = os.urandom(_NONCE_BYTES)
        return BLOB_MAGIC + nonce + self._aead.encrypt(nonce, data, name.encode("utf-8"))

    def open(self, stored: bytes, name: str) -> bytes:
        if not is_sealed(stored):
            raise BlobUnreadable("not a sealed blob")
        start = len(BLOB_MAGIC)
        nonce = stored[start:start + _NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, stored[start + _NONCE_BYTES:],
                                      name.encode("utf-8"))
        except InvalidTag as error:
            raise BlobUnreadable("the blob does not open under this desk's key") from error


def is_sealed(stored: bytes) -> bool:
    return stored.startswith(BLOB_MAGIC) and len(stored) >= BLOB_OVERHEAD


def new_recovery_key() -> str:
    value = secrets.randbits(_RECOVERY_BITS)
    symbols = []
    for _index in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LENGTH):
        value, digit = divmod(value, 32)
        symbols.append(_RECOVERY_ALPHABET[digit])
    text = "".join(symbols)
    return "-".join(text[i:i + _RECOVERY_GROUP_LENGTH]
                    for i in range(0, len(text), _RECOVERY_GROUP_LENGTH))


def normalize_recovery_key(typed: str) -> str | None:
    """The recovery key as written on the paper, from what an operator typed (any case,
    spaces or dashes anywhere, O for 0 and I/L for 1 as Crockford's reading allows); None
    when it cannot be one."""
    text = "".join(typed.split()).replace("-", "").upper()
    text = text.translate(str.maketrans("OIL", "011"))
    if len(text) != _RECOVERY_GROUPS * _RECOVERY_GROUP_LENGTH:
        return None
    if any(symbol not in _RECOVERY_ALPHABET for symbol in text):
        return None
    return "-".join(text[i:i + _RECOVERY_GROUP_LENGTH]
                    for i in range(0, len(text), _RECOVERY_GROUP_LENGTH))


def _stretch(recovery_key: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P).derive(
        recovery_key.encode("ascii"))


def wrap_data_key(data_key: bytes, recovery_key: str) -> bytes:
    """The data key sealed by the recovery key: the bytes of the file kept in the data folder."""
    normalized = normalize_recovery_key(recovery_key)
    if normalized is None:
        raise ValueError("not a recovery key")
    salt = os.urandom(16)
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_stretch(normalized, salt)).encrypt(nonce, data_key, _WRAP_FORMAT.encode())
    return json.dumps({
        "format": _WRAP_FORMAT, "kdf": "scrypt", "n": _SCRYPT_N, "r": _SCRYPT_R, "p": _SCRYPT_P,
        "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
        "sealed": base64.b64encode(sealed).decode(), "fingerprint": key_fingerprint(data_key),
    }, indent=1).encode("utf-8")


def unwrap_data_key(wrapped: bytes, recovery_key: str) -> bytes:
    normalized = normalize_recovery_key(recovery_key)
    if normalized is None:
        raise WrongRecoveryKey("not a recovery key")
    try:
        record = json.loads(wrapped)
        if record.get("format") != _WRAP_FORMAT:
            raise ValueError("unknown format")
        salt = base64.b64decode(record["salt"])
        nonce = base64.b64decode(record["nonce"])
        sealed = base64.b64decode(record["sealed"])
        stretched = Scrypt(salt=salt, length=32, n=int(record["n"]), r=int(record["r"]),
                           p=int(record["p"])).derive(normalized.encode("ascii"))
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError("the wrapped key file is damaged") from error
    try:
        return AESGCM(stretched).decrypt(nonce, sealed, _WRAP_FORMAT.encode())
    except InvalidTag as error:
        raise WrongRecoveryKey("the recovery key does not open this desk's key") from error
