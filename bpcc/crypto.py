"""Encryption of tenant secrets at rest.

Keys come from `WALLBOARD_ENCRYPTION_KEYS` (comma-separated Fernet keys, the first
encrypts, all decrypt, so a key can be rotated); unset, from a key the first start made
and keeps in var/ (wallboard/keys.py).

Before that, with no keys set, one key was derived from Django's SECRET_KEY, whose own
default was public, so a stored secret could be decrypted by anyone holding the
database. Secrets stored that way still decrypt, through the derived keys (from this
SECRET_KEY, and from the old public default), so an upgrade loses nothing; migration
0008 and `manage.py reencrypt_secrets` write them again under the first key.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)

# SECRET_KEY's default before keys were made at the first start: public, in the repo.
OLD_DEFAULT_SECRET_KEY = "insecure-demo-key-set-WALLBOARD_SECRET_KEY"


class UndecryptableSecret(Exception):
    """A stored secret cannot be decrypted with the configured keys."""


def derived_key(secret_key: str) -> str:
    """Return the Fernet key earlier versions derived from a SECRET_KEY."""
    digest = hashlib.sha256(f"wallboard-secrets:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in settings.WALLBOARD_ENCRYPTION_KEYS])
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"WALLBOARD_ENCRYPTION_KEYS holds a key that is not a Fernet key: {exc}"
        ) from None


@cache
def _derived() -> MultiFernet:
    secret_keys = dict.fromkeys([settings.SECRET_KEY, OLD_DEFAULT_SECRET_KEY])
    return MultiFernet([Fernet(derived_key(key)) for key in secret_keys])


def encrypt(plain: str) -> str:
    """Return `plain` encrypted with the first key, as text safe to store."""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plain text of an encrypted secret."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        pass
    try:
        plain = _derived().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableSecret(
            "the stored secret cannot be decrypted: was WALLBOARD_ENCRYPTION_KEYS changed, "
            "or var/encryption_key lost? Enter the secret again."
        ) from None
    log.warning(
        "a tenant secret is stored under a key derived from SECRET_KEY: "
        "run `manage.py reencrypt_secrets`"
    )
    return plain


def reencrypt(token: str) -> str:
    """Return `token` encrypted again under the first key (UndecryptableSecret if no
    key, configured or derived, opens it)."""
    return encrypt(decrypt(token))


def reencrypt_all(tenants: Any, field: str = "secret_encrypted") -> list[str]:
    """Encrypt every stored secret of `tenants` (a Tenant queryset, or a migration's)
    again under the first key; return the names of those no key opens (left as they are).
    `field` names the encrypted column: the secret, or the appointment service's token."""
    failed = []
    for tenant in tenants.exclude(**{field: ""}):
        try:
            setattr(tenant, field, reencrypt(getattr(tenant, field)))
        except UndecryptableSecret:
            failed.append(tenant.name)
            continue
        tenant.save(update_fields=[field])
    return failed
