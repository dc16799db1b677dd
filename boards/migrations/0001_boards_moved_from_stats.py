"""Board, AlertAck and AlertEvent move from the stats app to boards, keeping their
tables (`stats_*`): a change of Django's state only."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("stats", "0008_reencrypt_secrets"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("bpcc", "0001_tenant_moved_from_stats"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Board",
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
                        ("slug", models.SlugField(unique=True)),
                        ("title", models.CharField(max_length=200)),
                        ("widgets", models.JSONField(default=list)),
                        (
                            "theme",
                            models.CharField(
                                choices=[
                                    ("dark", "Dark"),
                                    ("light", "Light"),
                                    ("contrast", "High contrast"),
                                ],
                                default="dark",
                                max_length=20,
                            ),
                        ),
                        ("enabled", models.BooleanField(default=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        (
                            "groups",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Who may see the board; nobody chosen means every logged-in user.",
                                related_name="boards",
                                to="auth.group",
                            ),
                        ),
                        (
                            "tenant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="boards",
                                to="bpcc.tenant",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "stats_board",
                        "ordering": ["title"],
                    },
                ),
                migrations.CreateModel(
                    name="AlertEvent",
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
                        ("widget_id", models.CharField(max_length=40)),
                        ("widget_title", models.CharField(blank=True, max_length=200)),
                        ("from_level", models.CharField(max_length=10)),
                        ("to_level", models.CharField(max_length=10)),
                        ("stat", models.CharField(blank=True, max_length=100)),
                        ("value", models.JSONField(null=True)),
                        ("at", models.DateTimeField(db_index=True)),
                        (
                            "board",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alert_events",
                                to="boards.board",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "stats_alertevent",
                        "ordering": ["-at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="AlertAck",
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
                        ("widget_id", models.CharField(max_length=40)),
                        ("widget_title", models.CharField(blank=True, max_length=200)),
                        (
                            "username",
                            models.CharField(
                                help_text="Kept if the user is deleted.", max_length=150
                            ),
                        ),
                        (
                            "acknowledged_at",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                        ("until", models.DateTimeField()),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "board",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="acks",
                                to="boards.board",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "alert acknowledgement",
                        "db_table": "stats_alertack",
                        "ordering": ["-acknowledged_at"],
                    },
                ),
            ],
        ),
    ]
