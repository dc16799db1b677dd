"""Encryption of tenant secrets at rest.

Keys come from `WALLBOARD_ENCRYPTION_KEYS` (comma-separated Fernet keys, the first
encrypts, all decrypt, so a key can be rotated); without it, one key is derived from
Django's SECRET_KEY, so the demo runs out of the box and a deployment that sets its own
SECRET_KEY has its own encryption key too.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class UndecryptableSecret(Exception):
    """A stored secret cannot be decrypted with the configured keys."""


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.WALLBOARD_ENCRYPTION_KEYS)
    if not keys:
        digest = hashlib.sha256(f"wallboard-secrets:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"WALLBOARD_ENCRYPTION_KEYS holds a key that is not a Fernet key: {exc}"
        ) from None


def encrypt(plain: str) -> str:
    """Return `plain` encrypted, as text safe to store."""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plain text of an encrypted secret."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableSecret(
            "the stored secret cannot be decrypted: was WALLBOARD_ENCRYPTION_KEYS or "
            "WALLBOARD_SECRET_KEY changed? Enter the secret again."
        ) from None


def reset_keys() -> None:
    """Forget the cached keys (settings changed, e.g. in tests)."""
    _fernet.cache_clear()
