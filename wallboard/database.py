"""The database: a SQLite file by default, or any server by URL.

One SQLite file serves `make run` and a single machine: the web process, the workers
and the beats all write to it, so it runs in WAL mode (readers never wait for a writer)
and every transaction takes its write lock when it begins (`IMMEDIATE`), so a writer
waits for its turn (`timeout`) instead of failing with "database is locked" halfway.
Several machines need a database server: `WALLBOARD_DATABASE_URL`, e.g.
`postgres://wallboard:secret@db.example:5432/wallboard` (install the `postgres` extra).
"""

from __future__ import annotations

from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database(url: str, sqlite_path: str) -> dict[str, Any]:
    """Return the default database's settings: from `url` when it is set, else the
    SQLite file at `sqlite_path`."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    try:
        # Health checks: a connection the server dropped is replaced, not reported.
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as exc:
        raise ImproperlyConfigured(f"WALLBOARD_DATABASE_URL: {exc}") from None
