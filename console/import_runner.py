"""Send an import's rows to the tenant in chunks, writing progress as it goes.

Runs in a Celery worker (console/tasks.py). Progress and every refused row are in the
database, so the import page can be reloaded, or opened from another machine, at any
time. Each request is one audit entry, written before it is sent and completed with the
answer. A chunk is recorded as in flight before it is sent, so if the worker dies
mid-request the page knows which rows the tenant may or may not have added: resuming
sends them again (their duplicateKey refusals then mean "already in the list") or, on a
list without a key, skips them if the admin says so (console/views/imports.py).
"""

from __future__ import annotations

import logging
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.admin_api.base import V2, V3, part
from bpcc.tokens import client_for
from console import formats, importing
from console.field_rules import FieldRule, rules_of
from console.importing import Refusal
from console.models import AuditEntry, ImportJob, Rejection

log = logging.getLogger(__name__)

NO_ANSWER = (
    "sent, no answer recorded: the worker sending it stopped before the tenant answered, "
    "so the tenant may or may not have added these records"
)


def send(job: ImportJob) -> None:
    """Send every row of `job` that is not sent yet; mark it done or failed.

    The run that was queued last owns the job (`job.run`): before each chunk this run
    checks it still does and leaves a heartbeat; if the job was resumed meanwhile (this
    run was taken for dead), it stops and leaves the rest to the new run.
    """
    if not _alive(job, state=ImportJob.State.RUNNING):
        log.info("import %s: run %s was superseded before it began", job.pk, job.run)
        return
    job.state = ImportJob.State.RUNNING
    try:
        with client_for(job.tenant) as api:
            finished = _send_all(job, api)
    except Exception as exc:
        log.exception("import %s failed", job.pk)
        job.state, job.error = ImportJob.State.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        if not finished:
            log.info("import %s: run %s was superseded; the new run goes on", job.pk, job.run)
            return
        job.state = ImportJob.State.DONE
    _owned(job).update(state=job.state, error=job.error, finished=timezone.now())


def _owned(job: ImportJob) -> QuerySet[ImportJob]:
    """Return the job, as long as this run still owns it."""
    return ImportJob.objects.filter(pk=job.pk, run=job.run)


def _alive(job: ImportJob, **changes: Any) -> bool:
    """Leave a heartbeat (and `changes`) if this run still owns the job; say whether."""
    return bool(_owned(job).update(heartbeat=timezone.now(), **changes))


def _send_all(job: ImportJob, api: AdminClient) -> bool:
    """Send the rows; return False if another run took the job over meanwhile."""
    rules = _rules(api, job)
    stream = importing.rows(job.source, job.delimiter)
    for _ in islice(stream, job.sent_rows):
        pass  # a resumed import skips the rows an earlier run already sent
    while batch := list(islice(stream, job.chunk_size)):
        chunk: list[tuple[int, dict[str, str]]] = []
        refused: list[Refusal] = []
        blank = 0
        for row in batch:
            if row is None:
                blank += 1
                continue
            made = importing.record(row, job.header, job.mapping, rules)
            if isinstance(made, Refusal):
                refused.append(made)
            else:
                chunk.append((row.line, made))
        if chunk:
            lines = f"{chunk[0][0]}-{chunk[-1][0]}"
            if not _alive(job, in_flight=len(batch), in_flight_lines=lines):
                return False
            refused += _send_chunk(job, api, chunk, rules)
        elif not _alive(job):
            return False
        if job.resending:
            refused = _already_in_list(job, refused)
        with transaction.atomic():
            _record(job, refused)
            job.sent_rows += len(batch)
            job.blank_lines += blank
            _owned(job).update(
                sent_rows=job.sent_rows,
                added=job.added,
                rejected=job.rejected,
                already=job.already,
                blank_lines=job.blank_lines,
                in_flight=0,
                in_flight_lines="",
                resending=0,
                heartbeat=timezone.now(),
            )
        job.resending = 0
    return True


def _rules(api: AdminClient, job: ImportJob) -> list[FieldRule]:
    """Return the rules of the list's format, or none if the list cannot be read now:
    the tenant still checks every record, and the report says what it refused."""
    try:
        return rules_of(formats.definitions(api, job.tenant, job.list_id))
    except UpstreamError as exc:
        log.warning("import %s: the list's format was not read (%s); sent unchecked", job.pk, exc)
        return []


def _already_in_list(job: ImportJob, refused: list[Refusal]) -> list[Refusal]:
    """Count the re-sent rows refused as duplicateKey as already in the list (the
    unanswered request added them); return the other refusals."""
    kept = []
    for refusal in refused:
        if refusal.kind == "duplicateKey":
            job.already += 1
            refusal = Refusal(
                refusal.line, "alreadyInList", importing.KINDS["alreadyInList"], refusal.values
            )
        kept.append(refusal)
    return kept


def _send_chunk(
    job: ImportJob,
    api: AdminClient,
    chunk: list[tuple[int, dict[str, str]]],
    rules: list[FieldRule],
) -> list[Refusal]:
    """Send one Add Many Records request; return its refusals, matched to lines.

    Its audit entry is written first, so a request whose worker dies before the answer
    is in the log too, saying so.
    """
    records = [rec for _, rec in chunk]
    first, last = chunk[0][0], chunk[-1][0]
    v2 = job.tenant.is_onecloud
    entry = _audit(
        job, f"POST {V2 if v2 else V3}/callinglist/addAll/{part(job.list_id)}", first, last
    )
    try:
        if v2:
            result = api.v2_add_records(job.list_id, records)
        else:
            result = api.add_records(job.list_id, records)
    except UpstreamError as exc:
        _answered(entry, api, ok=False, result=f"request failed: {exc}")
        why = f"{importing.KINDS['requestFailed']} The tenant said: {exc.message}"
        return [Refusal(line, "requestFailed", why, rec) for line, rec in chunk]
    refusals = importing.match(chunk, result.get("error") or {}, rules)
    added = int(result.get("added", 0))
    job.added += added
    counts = ", ".join(f"{n} {kind}" for kind, n in importing.summary(refusals).items())
    text = f"{added} of {len(records)} added" + (f"; refused: {counts}" if counts else "")
    _answered(entry, api, ok=True, result=text)
    return refusals


def _record(job: ImportJob, refused: list[Refusal]) -> None:
    Rejection.objects.bulk_create(
        Rejection(job=job, line=r.line, kind=r.kind, reason=r.reason, values=r.values)
        for r in refused
    )
    job.rejected += sum(1 for r in refused if r.kind != "alreadyInList")


def _audit(job: ImportJob, request: str, first: int, last: int) -> AuditEntry:
    """Log a request about to be sent, as unanswered until `_answered` says otherwise."""
    return AuditEntry.objects.create(
        user=job.user,
        username=job.user.get_username() if job.user else "",
        tenant=job.tenant,
        tenant_name=job.tenant.name,
        action="import records",
        target=job.list_name,
        request_summary={
            "request": request,
            "file": job.filename,
            "lines": f"{first}-{last}",
            "import": str(job.pk),
        },
        upstream_status=None,
        ok=False,
        result=NO_ANSWER,
    )


def _answered(entry: AuditEntry, api: AdminClient, ok: bool, result: str) -> None:
    entry.request_summary["request"] = api.last_request
    entry.upstream_status, entry.ok, entry.result = api.last_status, ok, result
    entry.save(update_fields=["request_summary", "upstream_status", "ok", "result"])
