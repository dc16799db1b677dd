"""Tenant moves from the stats app to bpcc, keeping its table (`stats_tenant`): a
change of Django's state only, the database is left as it is."""

import django.core.validators
from django.db import migrations, models

import bpcc.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("stats", "0008_reencrypt_secrets"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tenant",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True)),
                        (
                            "base_url",
                            models.URLField(help_text="e.g. https://example.brightpattern.com"),
                        ),
                        (
                            "flavour",
                            models.CharField(
                                choices=[
                                    ("bpcc", "Bright Pattern (BPCC)"),
                                    ("onecloud", "OneCloud CX"),
                                ],
                                default="bpcc",
                                max_length=20,
                            ),
                        ),
                        (
                            "auth_mode",
                            models.CharField(
                                choices=[
                                    ("oauth", "OAuth client credentials (API secret)"),
                                    (
                                        "basic",
                                        "statsapi login (username and password, session cookies)",
                                    ),
                                ],
                                default="oauth",
                                max_length=20,
                            ),
                        ),
                        (
                            "client_id",
                            models.CharField(
                                max_length=200, verbose_name="client ID (BPCC username)"
                            ),
                        ),
                        ("secret_encrypted", models.TextField(editable=False)),
                        (
                            "poll_interval",
                            models.FloatField(
                                default=bpcc.models.default_poll_interval,
                                help_text="How often the statistics are read; at least 1 second.",
                                validators=[django.core.validators.MinValueValidator(1.0)],
                                verbose_name="poll interval (seconds)",
                            ),
                        ),
                        ("enabled", models.BooleanField(default=True)),
                        (
                            "time_zone",
                            models.CharField(
                                default=bpcc.models.default_time_zone,
                                help_text="The centre's time zone, e.g. Europe/London; board clocks show it.",
                                max_length=64,
                                validators=[bpcc.models.validate_time_zone],
                            ),
                        ),
                    ],
                    options={
                        "db_table": "stats_tenant",
                        "ordering": ["name"],
                    },
                ),
            ],
        ),
    ]
