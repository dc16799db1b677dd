"""The migrations make the models' tables, and undo them, on SQLite and on PostgreSQL
alike (`make test` runs this file on both)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

# Every app's tables descend from stats' first migration: undoing it undoes them all.
FIRST = "stats"


def test_the_migrations_hold_every_change_of_the_models(db: None) -> None:
    out = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_every_migration_is_undone_then_made_again() -> None:
    tables = set(connection.introspection.table_names())
    try:
        call_command("migrate", FIRST, "zero", verbosity=0)
        left = set(connection.introspection.table_names())
    finally:
        call_command("migrate", verbosity=0)

    assert "console_auditentry" in tables and "console_auditentry" not in left
    assert set(connection.introspection.table_names()) == tables
