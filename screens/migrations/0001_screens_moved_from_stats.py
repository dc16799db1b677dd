"""Rotation, RotationEntry and KioskLink move from the stats app to screens, keeping
their tables (`stats_*`): a change of Django's state only."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("stats", "0008_reencrypt_secrets"),
        ("boards", "0001_boards_moved_from_stats"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Rotation",
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
                    ],
                    options={
                        "db_table": "stats_rotation",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="RotationEntry",
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
                        (
                            "seconds",
                            models.PositiveIntegerField(
                                default=30,
                                validators=[
                                    django.core.validators.MinValueValidator(5),
                                    django.core.validators.MaxValueValidator(3600),
                                ],
                            ),
                        ),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "board",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rotation_entries",
                                to="boards.board",
                            ),
                        ),
                        (
                            "rotation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entries",
                                to="screens.rotation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "stats_rotationentry",
                        "ordering": ["position", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="KioskLink",
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
                        (
                            "name",
                            models.CharField(
                                help_text="Which screen this is, e.g. 'TV by the door'.",
                                max_length=100,
                            ),
                        ),
                        (
                            "token_hash",
                            models.CharField(editable=False, max_length=64, unique=True),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("open_from", models.TimeField(blank=True, null=True)),
                        ("open_until", models.TimeField(blank=True, null=True)),
                        (
                            "board",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="kiosk_links",
                                to="boards.board",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "revoked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "rotation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="kiosk_links",
                                to="screens.rotation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "stats_kiosklink",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("board__isnull", False), ("rotation__isnull", True)),
                                    models.Q(("board__isnull", True), ("rotation__isnull", False)),
                                    _connector="OR",
                                ),
                                name="kiosk_link_shows_a_board_or_a_rotation",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
