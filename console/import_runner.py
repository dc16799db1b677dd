"""Send an import's rows to the tenant in chunks, writing progress as it goes.

Runs in a Celery worker (console/tasks.py). Progress and every refused row are in the
database, so the import page can be reloaded, or opened from another machine, at any
time. Each request is one audit entry.
"""

from __future__ import annotations

import logging
from itertools import islice

from django.utils import timezone

from console import importing
from console.importing import Refusal
from console.models import AuditEntry, ImportJob, Rejection
from console.tenancy import client_for
from stats.models import Tenant
from stats.upstream_admin import AdminClient, UpstreamError

log = logging.getLogger(__name__)


def send(job: ImportJob) -> None:
    """Send every row of `job` that is not sent yet; mark it done or failed."""
    job.state = ImportJob.State.RUNNING
    job.save(update_fields=["state"])
    try:
        with client_for(job.tenant) as api:
            _send_all(job, api)
    except Exception as exc:
        log.exception("import %s failed", job.pk)
        job.state, job.error = ImportJob.State.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        job.state = ImportJob.State.DONE
    job.finished = timezone.now()
    job.save()


def _send_all(job: ImportJob, api: AdminClient) -> None:
    stream = importing.rows(job.source, job.delimiter)
    for _ in islice(stream, job.sent_rows):
        pass  # a restarted import skips the rows an earlier run already sent
    while batch := list(islice(stream, job.chunk_size)):
        chunk: list[tuple[int, dict[str, str]]] = []
        refused: list[Refusal] = []
        for row in batch:
            if row is None:
                job.blank_lines += 1
                continue
            made = importing.record(row, job.header, job.mapping)
            if isinstance(made, Refusal):
                refused.append(made)
            else:
                chunk.append((row.line, made))
        if chunk:
            refused += _send_chunk(job, api, chunk)
        _record(job, refused)
        job.sent_rows += len(batch)
        job.save()


def _send_chunk(
    job: ImportJob, api: AdminClient, chunk: list[tuple[int, dict[str, str]]]
) -> list[Refusal]:
    """Send one Add Many Records request; return its refusals, matched to lines."""
    records = [rec for _, rec in chunk]
    first, last = chunk[0][0], chunk[-1][0]
    try:
        if job.tenant.flavour == Tenant.Flavour.ONECLOUD:
            result = api.v2_add_records(job.list_id, records)
        else:
            result = api.add_records(job.list_id, records)
    except UpstreamError as exc:
        _audit(job, api, first, last, ok=False, result=f"request failed: {exc}")
        why = f"{importing.KINDS['requestFailed']} The tenant said: {exc.message}"
        return [Refusal(line, "requestFailed", why, rec) for line, rec in chunk]
    refusals = importing.match(chunk, result.get("error") or {})
    added = int(result.get("added", 0))
    job.added += added
    counts = ", ".join(f"{n} {kind}" for kind, n in importing.summary(refusals).items())
    text = f"{added} of {len(records)} added" + (f"; refused: {counts}" if counts else "")
    _audit(job, api, first, last, ok=True, result=text)
    return refusals


def _record(job: ImportJob, refused: list[Refusal]) -> None:
    Rejection.objects.bulk_create(
        Rejection(job=job, line=r.line, kind=r.kind, reason=r.reason, values=r.values)
        for r in refused
    )
    job.rejected += len(refused)


def _audit(job: ImportJob, api: AdminClient, first: int, last: int, ok: bool, result: str) -> None:
    AuditEntry.objects.create(
        user=job.user,
        username=job.user.get_username() if job.user else "",
        tenant=job.tenant,
        tenant_name=job.tenant.name,
        action="import records",
        target=job.list_name,
        request_summary={
            "request": api.last_request,
            "file": job.filename,
            "lines": f"{first}-{last}",
            "import": str(job.pk),
        },
        upstream_status=api.last_status,
        ok=ok,
        result=result,
    )
