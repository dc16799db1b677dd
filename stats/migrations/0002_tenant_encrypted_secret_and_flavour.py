"""Tenants get a flavour, an auth mode and a poll interval; secrets are encrypted."""

from typing import Any

import django.core.validators
from django.db import migrations, models

import bpcc.models


def encrypt_secrets(apps: Any, schema_editor: Any) -> None:
    from bpcc import crypto

    Tenant = apps.get_model("stats", "Tenant")
    for tenant in Tenant.objects.all():
        tenant.secret_encrypted = crypto.encrypt(tenant.client_secret)
        tenant.save(update_fields=["secret_encrypted"])


def decrypt_secrets(apps: Any, schema_editor: Any) -> None:
    from bpcc import crypto

    Tenant = apps.get_model("stats", "Tenant")
    for tenant in Tenant.objects.all():
        tenant.client_secret = crypto.decrypt(tenant.secret_encrypted)
        tenant.save(update_fields=["client_secret"])


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="tenant",
            name="flavour",
            field=models.CharField(
                choices=[("bpcc", "Bright Pattern (BPCC)"), ("onecloud", "OneCloud CX")],
                default="bpcc",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="tenant",
            name="auth_mode",
            field=models.CharField(
                choices=[
                    ("oauth", "OAuth client credentials (API secret)"),
                    ("basic", "statsapi login (username and password, session cookies)"),
                ],
                default="oauth",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="tenant",
            name="poll_interval",
            field=models.FloatField(
                default=bpcc.models.default_poll_interval,
                help_text="How often the statistics are read; at least 1 second.",
                validators=[django.core.validators.MinValueValidator(1.0)],
                verbose_name="poll interval (seconds)",
            ),
        ),
        migrations.AddField(
            model_name="tenant",
            name="secret_encrypted",
            field=models.TextField(default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
        migrations.RemoveField(model_name="tenant", name="client_secret"),
        migrations.AlterField(
            model_name="tenant",
            name="name",
            field=models.CharField(max_length=100, unique=True),
        ),
    ]
