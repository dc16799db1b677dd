"""The stats app's models now live in bpcc, boards and screens with the same tables;
here they leave the stats app's state, and their content types (which the admin's
log points at) move with them."""

from typing import Any

from django.db import migrations

MOVED = {
    "tenant": "bpcc",
    "board": "boards",
    "alertack": "boards",
    "alertevent": "boards",
    "rotation": "screens",
    "rotationentry": "screens",
    "kiosklink": "screens",
}


def move_content_types(apps: Any, schema_editor: Any, back: bool = False) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED.items():
        old, new = ("stats", app) if not back else (app, "stats")
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps: Any, schema_editor: Any) -> None:
    move_content_types(apps, schema_editor, back=True)


class Migration(migrations.Migration):
    dependencies = [
        ("bpcc", "0001_tenant_moved_from_stats"),
        ("boards", "0001_boards_moved_from_stats"),
        ("screens", "0001_screens_moved_from_stats"),
        ("console", "0005_tenant_moved_to_bpcc"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("stats", "0008_reencrypt_secrets"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="alertevent",
                    name="board",
                ),
                migrations.RemoveField(
                    model_name="board",
                    name="groups",
                ),
                migrations.RemoveField(
                    model_name="board",
                    name="tenant",
                ),
                migrations.RemoveField(
                    model_name="rotationentry",
                    name="board",
                ),
                migrations.RemoveField(
                    model_name="kiosklink",
                    name="board",
                ),
                migrations.RemoveField(
                    model_name="kiosklink",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="kiosklink",
                    name="revoked_by",
                ),
                migrations.RemoveField(
                    model_name="kiosklink",
                    name="rotation",
                ),
                migrations.RemoveField(
                    model_name="rotationentry",
                    name="rotation",
                ),
                migrations.DeleteModel(
                    name="AlertAck",
                ),
                migrations.DeleteModel(
                    name="AlertEvent",
                ),
                migrations.DeleteModel(
                    name="Tenant",
                ),
                migrations.DeleteModel(
                    name="Board",
                ),
                migrations.DeleteModel(
                    name="KioskLink",
                ),
                migrations.DeleteModel(
                    name="Rotation",
                ),
                migrations.DeleteModel(
                    name="RotationEntry",
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
