"""Staff passwords: argon2id hashes (argon2-cffi's defaults), and one-time passwords to hand out."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_LENGTH = 12
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DECOY = _HASHER.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(stored: str | None, given: str) -> bool:
    """Whether `given` is the password of `stored` (None: no such account, still hashed)."""
    try:
        return _HASHER.verify(stored or _DECOY, given) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def one_time_password() -> str:
    """Twenty URL-safe characters (120 bits): typed once, then changed by its holder."""
    return secrets.token_urlsafe(15)
