"""A database made by `main` before the app split migrates forward with nothing lost.

`tests/fixtures/main-5f2b4be.sqlite3` was made by the code at 5f2b4be (see the commit
that added it): the demo tenant and boards, a rotation, two display links (one with
opening hours), a board group, a supervisor and a campaign admin, an acknowledgement,
an alert event, two audit entries and a mutation. It is migrated in a copy by a real
`manage.py migrate`, then read back through the models at their new homes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "main-5f2b4be.sqlite3"
TOKEN = "EkEY251Qqc6IdpQifAStCEHR68gOEKjrc6omCNhqRsk"  # of the link "TV by the door"

READ_BACK = f"""
import json
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from boards.models import AlertAck, AlertEvent, Board
from bpcc.models import Tenant
from console.models import AuditEntry, Mutation
from screens.models import KioskLink, Rotation
link = KioskLink.objects.find({TOKEN!r})
print(json.dumps({{
    "tenants": list(Tenant.objects.values_list("name", "flavour")),
    "boards": sorted(Board.objects.values_list("slug", flat=True)),
    "widgets": sum(len(b.widgets) for b in Board.objects.all()),
    "board_groups": sorted(Board.objects.filter(groups__isnull=False)
                           .values_list("groups__name", flat=True)),
    "rotation": [e.board.slug for e in Rotation.objects.get().steps()],
    "link": [link.name, link.board.slug, link.hours(), link.revoked],
    "links": KioskLink.objects.count(),
    "acks": list(AlertAck.objects.values_list("username", "widget_id")),
    "events": list(AlertEvent.objects.values_list("from_level", "to_level", "value")),
    "audit": sorted(AuditEntry.objects.values_list("action", "tenant__name", "ok")),
    "mutations": list(Mutation.objects.values_list("key", "done")),
    "roles": sorted((u.username, g) for u in User.objects.all()
                    for g in u.groups.values_list("name", flat=True)),
    "content_types": sorted(ContentType.objects.filter(model__in=["tenant", "board",
                            "kiosklink"]).values_list("app_label", "model")),
}}))
"""


def manage(db: Path, *args: str) -> str:
    env = {**os.environ, "WALLBOARD_DB_PATH": str(db), "WALLBOARD_DATABASE_URL": ""}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_database_from_main_migrates_with_its_boards_links_alerts_and_audit(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite3"
    shutil.copy(FIXTURE, db)
    manage(db, "migrate", "--no-input")
    found: dict[str, Any] = json.loads(manage(db, "shell", "-c", READ_BACK).splitlines()[-1])
    assert found["tenants"] == [["Demo contact centre (simulator)", "bpcc"]]
    assert len(found["boards"]) == 2 and found["widgets"] > 10
    assert found["board_groups"] == ["Supervisors"]
    assert len(found["rotation"]) == 2
    name, board, hours, revoked = found["link"]
    assert (name, hours, revoked) == ("TV by the door", {"from": "07:00", "until": "19:00"}, False)
    assert board in found["boards"] and found["links"] == 2
    assert found["acks"] == [["sam", "t1"]]
    assert found["events"] == [["normal", "critical", 42]]
    assert [a[0] for a in found["audit"]] == ["Add DNC entry", "Start campaign"]
    assert {a[1] for a in found["audit"]} == {"Demo contact centre (simulator)"}
    assert found["mutations"] == [["k1", True]]
    assert found["roles"] == [["ada", "Campaign admins"], ["sam", "Supervisors"]]
    assert found["content_types"] == [["boards", "board"], ["bpcc", "tenant"],
                                      ["screens", "kiosklink"]]  # fmt: skip
    manage(db, "makemigrations", "--check", "--dry-run")
