"""CSV imports within bounds: a file over the upload limit is refused as it streams in,
crafted quotes cannot stall the delimiter guess, a value too long for the parser is one
refused row, and the report costs the same few queries however many rows it covers."""

from __future__ import annotations

import io
import time
import uuid
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bpcc.models import Tenant
from console import importing
from console.models import ImportJob, Rejection
from console.views.imports import SHOWN_PER_KIND

LONG = 200_000  # characters in one value, past the csv module's 131,072


def upload(admin: Client, data: bytes, list_id: str = "lst-web-leads") -> Any:
    file = io.BytesIO(data)
    file.name = "upload.csv"
    return admin.post(f"/console/lists/{list_id}/import/", {"file": file})


def web_leads(admin: Client) -> str:
    """Return the id of the demo's "Web Leads.csv" list, from the console's list page."""
    page = admin.get("/console/lists/").content.decode()
    at = page.index("Web Leads.csv")
    return page[:at].rsplit("/console/lists/", 1)[1].split("/", 1)[0]


def test_an_upload_over_the_limit_is_refused_in_plain_words(admin: Client, settings: Any) -> None:
    settings.WALLBOARD_UPLOAD_MAX_BYTES = 10_000
    rows = b"".join(b"R%d,415555%04d\n" % (n, n) for n in range(2000))

    list_id = web_leads(admin)

    answer = upload(admin, b"ID,Phone\n" + rows, list_id)
    small = upload(admin, b"ID,Phone\nR1,4155550101\n", list_id)

    assert answer.status_code == 400
    assert "The file is larger than the 0.01 MB an upload may be" in answer.content.decode()
    assert small.status_code == 302, "a file under the limit goes on to the mapping"
    assert ImportJob.objects.get().total_rows == 1


def test_crafted_quotes_do_not_stall_the_delimiter_guess() -> None:
    crafted = ("a,b\n" + '"a' + ',"' * 40_000)[:63_000].encode()

    started = time.monotonic()
    _, delimiter, header = importing.decode(crafted)

    assert (delimiter, header) == (",", ["a", "b"])
    assert time.monotonic() - started < 2, "csv.Sniffer took about 24 s on this"


def test_a_value_too_long_is_one_refused_row_and_the_rest_is_read(admin: Client) -> None:
    data = b"ID,Phone\nR1,4155550101\nR2," + b"9" * LONG + b"\nR3,4155550103\n"

    answer = upload(admin, data, web_leads(admin))
    job = ImportJob.objects.get()
    rows = list(importing.rows(job.source, job.delimiter))
    made = [importing.record(r, job.header, {"ID": "ID", "Phone": "Phone"}) for r in rows if r]

    assert answer.status_code == 302 and job.total_rows == 3
    assert made[0] == {"ID": "R1", "Phone": "4155550101"}
    assert isinstance(made[1], importing.Refusal) and made[1].kind == "cellTooLong"
    assert made[1].line == 3 and "longer than 131,072 characters" in made[1].reason
    assert made[2] == {"ID": "R3", "Phone": "4155550103"}


def test_a_file_with_nul_characters_is_refused_in_plain_words(admin: Client) -> None:
    """As UTF-16 text reads in UTF-8; PostgreSQL would refuse to store it."""
    answer = upload(admin, "ID,Phone\nR1,4155550101\n".encode("utf-16-le"), web_leads(admin))

    assert answer.status_code == 400 and not ImportJob.objects.exists()
    assert "not UTF-8 text (UTF-16?)" in answer.content.decode()


def test_a_header_too_long_is_refused_as_a_bad_file(admin: Client) -> None:
    answer = upload(admin, b"ID," + b"P" * LONG + b"\n1,2\n", web_leads(admin))

    assert answer.status_code == 400
    assert "first line is not a header" in answer.content.decode()


def report_queries(admin: Client, tenant: Tenant, refused: int) -> int:
    job = ImportJob.objects.create(
        tenant=tenant,
        list_id="x",
        list_name="x",
        filename=f"{uuid.uuid4()}.csv",
        source="",
        state=ImportJob.State.DONE,
        total_rows=refused,
        rejected=refused,
    )
    kinds = ["duplicateKey", "formatError", "missingRequired"]
    Rejection.objects.bulk_create(
        Rejection(job=job, line=n + 2, kind=kinds[n % 3], reason="r", values={"ID": str(n)})
        for n in range(refused)
    )
    with CaptureQueriesContext(connection) as queries:
        page = admin.get(f"/console/imports/{job.pk}/")
    assert page.status_code == 200
    assert page.content.decode().count('<tr data-line="') == min(refused, 3 * SHOWN_PER_KIND)
    return len(queries)


def test_the_report_costs_the_same_queries_for_30_or_3000_refused_rows(
    admin: Client, tenant: Tenant
) -> None:
    assert report_queries(admin, tenant, 30) == report_queries(admin, tenant, 3000)
