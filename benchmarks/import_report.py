"""Import report benchmark: the report page of an import with a million refused rows.

Makes a throwaway SQLite database, one finished import with `--rows` refused rows of
five kinds, and times the report page and its status JSON through Django's test client
(best and median of `--repeat`), with the number of queries each takes.

    .venv/bin/python benchmarks/import_report.py --rows 1000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ["duplicateKey", "formatError", "missingRequired", "missingKey", "malformedRow"]
BATCH = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["WALLBOARD_DB_PATH"] = str(Path(scratch) / "db.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wallboard.settings")
        import django

        django.setup()
        run(args.rows, args.repeat)


def run(rows: int, repeat: int) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bpcc.models import Tenant
    from console.models import ImportJob, Rejection

    call_command("migrate", verbosity=0)
    call_command(
        "add_user", "bench", "--password", "bench-password-123", "--role", "campaign_admin"
    )
    tenant = Tenant(name="Bench", base_url="http://127.0.0.1:9", client_id="x")
    tenant.client_secret = "y"
    tenant.save()
    job = ImportJob.objects.create(
        tenant=tenant,
        list_id="l",
        list_name="Bench list",
        filename="big.csv",
        source="",
        state=ImportJob.State.DONE,
        total_rows=rows,
        rejected=rows,
        sent_rows=rows,
    )
    started = time.monotonic()
    for first in range(0, rows, BATCH):
        Rejection.objects.bulk_create(
            Rejection(
                job=job,
                line=n + 2,
                kind=KINDS[n % len(KINDS)],
                reason="refused",
                values={"ID": f"R{n}", "Phone": "4155550101"},
            )
            for n in range(first, min(rows, first + BATCH))
        )
    print(f"{rows:,} refused rows written in {time.monotonic() - started:.1f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="bench"))
    for name, url in (
        ("report page", f"/console/imports/{job.pk}/"),
        ("status JSON", f"/console/imports/{job.pk}/status.json"),
    ):
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                began = time.monotonic()
                response = client.get(url)
                times.append(time.monotonic() - began)
            assert response.status_code == 200, response.status_code
        print(
            f"{name}: best {min(times) * 1000:.0f} ms, median "
            f"{statistics.median(times) * 1000:.0f} ms, {len(queries)} queries"
        )


if __name__ == "__main__":
    main()
