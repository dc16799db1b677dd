"""The database settings: a SQLite file in WAL mode whose transactions take the write
lock when they begin, or a server by URL (wallboard/database.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from wallboard.database import database

ALIAS = "wal-test"


@pytest.fixture
def wrapper(tmp_path: Path, django_db_blocker: pytest.FixtureRequest) -> Iterator[DatabaseWrapper]:
    """A connection to a fresh SQLite file with the project's settings."""
    settings = {
        **database("", str(tmp_path / "db.sqlite3")),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "TEST": {},
    }
    found = DatabaseWrapper(settings, alias=ALIAS)
    connections[ALIAS] = found
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield found
        found.close()
    del connections[ALIAS]


def test_the_sqlite_file_runs_in_wal_mode(wrapper: DatabaseWrapper) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_a_transaction_holds_the_write_lock_from_its_start(
    wrapper: DatabaseWrapper, tmp_path: Path
) -> None:
    """So a transaction that reads then writes never fails halfway with "database is
    locked" because another process wrote in between: the other one waits instead."""
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    other = sqlite3.connect(tmp_path / "db.sqlite3", timeout=0.1, isolation_level=None)
    try:
        with transaction.atomic(using=ALIAS), wrapper.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM t")  # only a read so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # once it has committed, the other one writes
        other.execute("INSERT INTO t VALUES (1)")
        other.execute("COMMIT")
    finally:
        other.close()


def test_a_server_url_is_parsed() -> None:
    found = database("postgres://wall:secret@db.example:5433/wallboard", "ignored.sqlite3")

    assert found["ENGINE"] == "django.db.backends.postgresql"
    assert (found["HOST"], found["PORT"], found["NAME"]) == ("db.example", 5433, "wallboard")
    assert (found["USER"], found["PASSWORD"]) == ("wall", "secret")


def test_an_unknown_scheme_names_the_variable() -> None:
    with pytest.raises(ImproperlyConfigured, match="WALLBOARD_DATABASE_URL: Scheme 'nosuch://'"):
        database("nosuch://x", "ignored.sqlite3")
