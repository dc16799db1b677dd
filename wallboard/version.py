"""The version of the running app, which screens compare to reload after a deploy."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from django.conf import settings

STATIC = Path(__file__).resolve().parent.parent / "static"


@cache
def app_version() -> str:
    """Return WALLBOARD_APP_VERSION, or the package version and a hash of the static files.

    Every web process of one deployment computes the same value, so a screen reloads
    once after an upgrade changes the pages' scripts or styles, and never otherwise.
    """
    if settings.WALLBOARD_APP_VERSION:
        return str(settings.WALLBOARD_APP_VERSION)
    digest = hashlib.sha256()
    static = STATIC
    for path in sorted(static.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(static)).encode())
            digest.update(path.read_bytes())
    return f"{_package_version()}+{digest.hexdigest()[:8]}"


def _package_version() -> str:
    try:
        return metadata.version("wallboard")
    except metadata.PackageNotFoundError:
        return "dev"
