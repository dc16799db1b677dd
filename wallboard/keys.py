"""Keys a first start makes for itself, so `make run` needs no configuration and yet
no two installations share a key.

When WALLBOARD_SECRET_KEY or WALLBOARD_ENCRYPTION_KEYS is unset, settings.py reads the
key from a file in WALLBOARD_KEY_DIR (var/ by default), writing a new random one there
first if there is none. Every process of `make run` starts at once, so the file is
written under a temporary name and linked into place: one process wins, the others
read what it wrote, and nobody ever reads half a key.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def random_secret_key() -> str:
    """Return a new key for Django's SECRET_KEY."""
    return secrets.token_urlsafe(50)


def random_fernet_key() -> str:
    """Return a new Fernet key for the tenant secrets."""
    return Fernet.generate_key().decode()


def local_key(path: Path, make: Callable[[], str]) -> str:
    """Return the key kept in `path`, first writing `make()` there (mode 0600) if the
    file does not exist yet."""
    if not path.exists():
        _write_once(path, make())
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"{path} is empty: delete it to have a new key made")
    return key


def _write_once(path: Path, key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as file:
            file.write(key + "\n")
        # Fails if another process got there first: theirs is kept.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink()
