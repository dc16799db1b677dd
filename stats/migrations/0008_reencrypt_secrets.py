"""Encrypt tenant secrets again under the first key (WALLBOARD_ENCRYPTION_KEYS, or the
one made at the first start): before, with no keys set, they were under a key derived
from SECRET_KEY, whose default was public (bpcc/crypto.py)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def reencrypt(apps: Any, schema_editor: Any) -> None:
    from bpcc import crypto

    crypto.reencrypt_all(apps.get_model("stats", "Tenant").objects.all())


class Migration(migrations.Migration):
    dependencies = [("stats", "0007_kiosk_opening_hours")]

    operations = [migrations.RunPython(reencrypt, migrations.RunPython.noop)]
