"""Making and checking the service's secrets: desk keys, enrollment codes, session tokens,
temporary passwords, and password hashes (argon2id).

Random values come from ``secrets``. A secret that cannot be guessed (a desk key, a token, an
enrollment code) is stored as its SHA-256 and compared in constant time; a password, which
a person chose, as an argon2id hash (``argon2-cffi``, its RFC 9106 low-memory profile).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# No 0/O, 1/I/L: a code is read off paper and typed by hand. 32 letters, 12 of them: 60 bits,
# for a code that expires and is refused after a handful of wrong tries per address.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
# Temporary passwords go by SMS and are typed once: letters and digits without look-alikes.
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TEMPORARY_LENGTH = 10
DESK_HEADER = "X-BIMER-Desk"
ENROLLMENT_HEADER = "X-BIMER-Enrollment-Code"

_HASHER = PasswordHasher()
# Verified against when the ID number is unknown, so that a wrong ID number takes as long as
# a wrong password and the answer time does not tell who has an account.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class AuthPolicy:
    """How long things last and how many wrong tries are allowed (``bimer-central`` options)."""

    session: timedelta = timedelta(hours=12)
    password_change_session: timedelta = timedelta(minutes=15)
    enrollment_code: timedelta = timedelta(hours=72)
    temporary_password: timedelta = timedelta(hours=24)
    # Per user: this many failures within ``failure_window`` lock the account for ``lockout``.
    user_failures: int = 5
    # Per source address: this many failures (any users, enrollment codes) lock the address.
    source_failures: int = 20
    failure_window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_digest(secret: str, stored: str) -> bool:
    return hmac.compare_digest(digest(secret), stored)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_key_id() -> str:
    return secrets.token_hex(8)


def new_enrollment_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
              for _ in range(CODE_GROUPS))
    return "-".join(groups)


def normalize_enrollment_code(text: str) -> str:
    """What a person typed, as the code was printed: upper case, groups of four."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(letters[i:i + CODE_GROUP_LENGTH]
                    for i in range(0, len(letters), CODE_GROUP_LENGTH))


def new_temporary_password() -> str:
    return "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Constant work whether or not there is a stored hash."""
    try:
        return _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def split_desk_credential(header: str) -> tuple[str, str] | None:
    """``key_id.secret`` → its parts, or None when it is not shaped like one."""
    key_id, dot, secret = header.strip().partition(".")
    if not dot or not key_id or not secret or len(header) > 200:
        return None
    return key_id, secret
