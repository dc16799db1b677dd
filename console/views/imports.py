"""CSV import: upload, map columns to fields, send in chunks with progress, report.

The sending runs in a Celery worker (console/tasks.py) and writes its progress to the
database, so the page can be reloaded or left and opened again from the list's page.
"""

from __future__ import annotations

import uuid
from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.tokens import client_for
from console import column_mapping, formats, importing, uploads
from console.field_rules import FieldRule, known, rules_of
from console.models import ImportJob, Rejection
from console.safety import admin
from console.tasks import run_import
from console.views.common import console_view, page, reading, tenant_of
from console.views.lists import list_context
from wallboard import spreadsheet

# The report shows this many refused rows per kind (a page of a million-row import
# still loads in well under a second); the CSV download has all of them.
SHOWN_PER_KIND = 100
# The mapping page suggests fields from this many first rows, shows a few of their
# values beside each column, and previews the first rows as they would be sent.
SAMPLE_ROWS, SAMPLES_SHOWN, PREVIEW_ROWS = 20, 3, 5


@console_view
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, list_id: str) -> HttpResponse:
    """Take a CSV file for a list and go on to mapping its columns."""
    tenant = tenant_of(request)
    with reading(tenant, "reading the list") as api:
        context = list_context(api, tenant, list_id)
    error = ""
    upload = request.FILES.get("file")
    if request.method == "POST":
        if uploads.too_large(request):
            error = (
                f"The file is larger than the {uploads.limit_text()} an upload may be: "
                "split it into smaller files and import each."
            )
        elif upload is None:
            error = "Choose a CSV file to upload."
        else:
            try:
                text, delimiter, header = importing.decode(upload.read())
            except importing.BadFile as exc:
                error = str(exc)
            else:
                job = ImportJob.objects.create(
                    tenant=tenant,
                    user=admin(request),
                    list_id=list_id,
                    list_name=context["list"]["name"],
                    filename=upload.name or "upload.csv",
                    source=text,
                    delimiter=delimiter,
                    header=header,
                    total_rows=sum(1 for _ in importing.rows(text, delimiter)),
                    chunk_size=settings.WALLBOARD_CONSOLE_IMPORT_CHUNK,
                )
                return HttpResponseRedirect(reverse("console:import", args=[job.pk]))
    context.update(list_id=list_id, error=error)
    return page(request, "console/import_upload.html", context, status=400 if error else 200)


@console_view
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """Map the columns (then start sending), or show the progress and the report.

    The mapping is checked as the preview checks it: while a key or required field has
    no column (or a field has two), the import does not start and the page says why.
    """
    job = get_object_or_404(ImportJob, pk=pk, tenant=tenant_of(request))
    if job.state != ImportJob.State.MAPPING:
        return page(request, "console/import_report.html", _report(job))
    with reading(job.tenant, "reading the list's fields") as api:
        names, rules = _fields(api, job)
    if request.method == "POST":
        mapping = _chosen(request.POST, job.header)
        problems = column_mapping.mapping_problems(job.header, mapping, rules if names else [])
        if not problems and "check" not in request.POST:
            _start(job, mapping)
            return HttpResponseRedirect(reverse("console:import", args=[job.pk]))
    else:
        mapping = _suggested(job, names, rules)
    context = _mapping_context(job, names, rules, mapping)
    refused = request.method == "POST" and "check" not in request.POST
    return page(request, "console/import_mapping.html", context, status=400 if refused else 200)


@console_view
@require_GET
def import_preview(request: HttpRequest, pk: str) -> HttpResponse:
    """Return the mapping's problems and the first rows as they would be sent, for the
    mapping page to show as its choices change."""
    job = get_object_or_404(
        ImportJob, pk=pk, tenant=tenant_of(request), state=ImportJob.State.MAPPING
    )
    with reading(job.tenant, "reading the list's fields") as api:
        names, rules = _fields(api, job)
    context = _mapping_context(job, names, rules, _chosen(request.GET, job.header))
    return render(request, "console/_import_checks.html", context)


def _fields(api: AdminClient, job: ImportJob) -> tuple[list[str], list[FieldRule]]:
    """Return the list's field names (as the mapping offers them) and their rules, as
    the record form knows them (created here, described by an admin, or names only)."""
    found = list_context(api, job.tenant, job.list_id)
    return found["fields"], rules_of(found["definitions"])


def _chosen(data: QueryDict, header: list[str]) -> dict[str, str]:
    return {c: data.get(f"map_{i}", "").strip() for i, c in enumerate(header)}


def _first_rows(job: ImportJob, n: int) -> list[importing.Row]:
    return list(islice((r for r in importing.rows(job.source, job.delimiter) if r), n))


def _suggested(job: ImportJob, names: list[str], rules: list[FieldRule]) -> dict[str, str]:
    """Return the mapping first offered: the suggestions, or with no fields known, each
    column to the field of its own name."""
    if not names:
        return {c: c for c in job.header}
    samples = [r.values for r in _first_rows(job, SAMPLE_ROWS)]
    found = column_mapping.suggest(job.header, samples, rules)
    return {c: found[i].field if i in found else "" for i, c in enumerate(job.header)}


def _mapping_context(
    job: ImportJob, names: list[str], rules: list[FieldRule], mapping: dict[str, str]
) -> dict[str, Any]:
    """Return what the mapping page and its checks show for `mapping`."""
    rows = _first_rows(job, max(SAMPLE_ROWS, PREVIEW_ROWS))
    samples = [r.values for r in rows]
    hints = column_mapping.suggest(job.header, samples, rules) if names else {}
    columns = [
        {
            "index": i,
            "name": column,
            "chosen": mapping.get(column, ""),
            "hint": f"{hints[i].field}, {hints[i].why}" if i in hints else "",
            "samples": [r[i] for r in samples[:SAMPLES_SHOWN] if i < len(r)],
        }
        for i, column in enumerate(job.header)
    ]
    problems = column_mapping.mapping_problems(job.header, mapping, rules if names else [])
    shown = list(dict.fromkeys(f for f in (mapping.get(c) for c in job.header) if f))
    preview = []
    for row in rows[:PREVIEW_ROWS]:
        made = importing.record(row, job.header, mapping, rules)
        if isinstance(made, importing.Refusal):
            cells = [made.values.get(f, "") for f in shown]
            preview.append({"line": row.line, "cells": cells, "refused": made.reason})
        else:
            preview.append({"line": row.line, "cells": [made.get(f, "") for f in shown]})
    return {
        "job": job,
        "columns": columns,
        "fields": [_offered(r) for r in rules] if names else [],
        "typed": known(rules),
        "problems": problems,
        "shown": shown,
        "preview": preview,
    }


def _offered(rule: FieldRule) -> dict[str, str]:
    """Return a field as the mapping's menus offer it: its name and what it must hold."""
    notes = [rule.type.lower().replace("_", " ")] if rule.type else []
    notes += [flag for flag in ("key", "required") if getattr(rule, flag)]
    return {"name": rule.name, "label": f"{rule.name} ({', '.join(notes)})" if notes else rule.name}


def _start(job: ImportJob, mapping: dict[str, str]) -> None:
    """Queue the import once: a repeated submission finds it queued already."""
    mapped = {c: f for c, f in mapping.items() if f}
    _queue(job, ImportJob.objects.filter(state=ImportJob.State.MAPPING), mapping=mapped)


def _queue(job: ImportJob, when: QuerySet[ImportJob], **changes: Any) -> bool:
    """Queue a new run of `job` if it is among `when` (one update decides, so two
    submissions cannot both queue one); return whether it was."""
    run = uuid.uuid4()
    with transaction.atomic():
        queued = when.filter(pk=job.pk).update(
            state=ImportJob.State.QUEUED, run=run, heartbeat=timezone.now(), **changes
        )
        if queued:
            transaction.on_commit(lambda: run_import.delay(str(job.pk), str(run)))
    return bool(queued)


@console_view
@require_POST
def import_resume(request: HttpRequest, pk: str) -> HttpResponse:
    """Queue a new run of an import that nothing is sending any more.

    If a request was in flight when its worker stopped, the tenant may or may not have
    added its rows: on a list with a key field they are sent again (the tenant refuses
    those it has as duplicateKey, reported as already in the list); otherwise the admin
    chooses (`in_flight`: "resend" or "skip"), as sending again may add them twice.
    """
    job = get_object_or_404(ImportJob, pk=pk, tenant=tenant_of(request))
    here = HttpResponseRedirect(reverse("console:import", args=[job.pk]))
    stalled = ImportJob.objects.filter(
        Q(heartbeat__isnull=True) | Q(heartbeat__lt=ImportJob.stall_cutoff()),
        state__in=[ImportJob.State.QUEUED, ImportJob.State.RUNNING],
    )
    if not stalled.filter(pk=job.pk).exists():
        messages.info(request, NOT_STALLED)
        return here
    if not job.in_flight:
        if _queue(job, stalled):
            messages.success(request, f"The import goes on from row {job.sent_rows + 1}.")
        else:
            messages.info(request, NOT_STALLED)
        return here
    choice = request.POST.get("in_flight", "")
    keyed = _keyed(job)
    if keyed:
        choice = "resend"
    elif choice not in ("resend", "skip"):
        messages.error(
            request, f"{_uncertain(job)} Choose whether to send them again or skip them."
        )
        return here
    if choice == "skip":
        queued = _skip_in_flight(job, stalled)
    else:
        queued = _queue(job, stalled, resending=job.in_flight)
    if not queued:
        messages.info(request, NOT_STALLED)
    elif choice == "skip":
        messages.success(
            request,
            f"Lines {job.in_flight_lines} are skipped (the report lists them as not sent "
            f"again); the import goes on from row {job.sent_rows + job.in_flight + 1}.",
        )
    else:
        messages.success(
            request,
            f"Lines {job.in_flight_lines} are sent again"
            + (
                ": rows the tenant already has are reported as already in the list."
                if keyed
                else ", as you chose."
            ),
        )
    return here


NOT_STALLED = "This import is not stalled: it is being sent, or it has ended."


def _uncertain(job: ImportJob) -> str:
    return (
        f"Lines {job.in_flight_lines} were being sent when the worker stopped, and the "
        "tenant never answered: it may or may not have added them. The console knows of "
        "no key field of this list that would refuse them if they are sent again, so "
        "sending them again may add them twice, and skipping them may leave them out."
    )


def _keyed(job: ImportJob) -> bool:
    """Return True if the list's format is known to have key fields, all of them mapped:
    the tenant then refuses a record it has already (duplicateKey)."""
    if job.tenant.is_onecloud:
        return False
    with client_for(job.tenant) as api:
        try:
            rules = rules_of(formats.definitions(api, job.tenant, job.list_id))
        except UpstreamError:
            return False
    keys = {r.name for r in rules if r.key}
    return bool(keys) and keys <= set(job.mapping.values())


def _skip_in_flight(job: ImportJob, stalled: QuerySet[ImportJob]) -> bool:
    """Report the in-flight rows as not sent again (or as the refusals they made before
    sending), and queue the rest; return whether it was queued."""
    stream = importing.rows(job.source, job.delimiter)
    batch = list(islice(stream, job.sent_rows, job.sent_rows + job.in_flight))
    skipped = [_not_resent(job, row) for row in batch if row is not None]
    with transaction.atomic():
        if not _queue(
            job,
            stalled.filter(sent_rows=job.sent_rows, in_flight=job.in_flight),
            sent_rows=F("sent_rows") + job.in_flight,
            rejected=F("rejected") + len(skipped),
            blank_lines=F("blank_lines") + len(batch) - len(skipped),
            in_flight=0,
            in_flight_lines="",
        ):
            return False
        Rejection.objects.bulk_create(
            Rejection(job=job, line=r.line, kind=r.kind, reason=r.reason, values=r.values)
            for r in skipped
        )
    return True


def _not_resent(job: ImportJob, row: importing.Row) -> importing.Refusal:
    made = importing.record(row, job.header, job.mapping)
    if isinstance(made, importing.Refusal):
        return made  # refused before sending: it was never in the request
    values = dict(zip(job.header, row.values, strict=False))
    return importing.Refusal(row.line, "notResent", importing.KINDS["notResent"], values)


def _report(job: ImportJob) -> dict[str, Any]:
    """Return the report: counts by kind in one query, then the first rows of each."""
    counts = job.rejections.order_by("kind").values_list("kind").annotate(n=Count("pk"))
    kinds: dict[str, dict[str, Any]] = {}
    for kind, count in counts:
        kinds[kind] = {
            "heading": importing.HEADINGS.get(kind, "Refused by the tenant"),
            "text": importing.KINDS.get(kind, kind),
            "count": count,
            "rows": job.rejections.filter(kind=kind).order_by("line", "pk")[:SHOWN_PER_KIND],
        }
    context = {"job": job, "kinds": kinds, "progress": job.progress(), "shown": SHOWN_PER_KIND}
    if job.in_flight:
        context["uncertain"] = _uncertain(job)
    return context


@console_view
@require_GET
def import_status(request: HttpRequest, pk: str) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk, tenant=tenant_of(request))
    return JsonResponse(job.progress())


@console_view
@require_GET
def import_rejected(request: HttpRequest, pk: str) -> HttpResponse:
    """Download every refused row: line, kind, reason, then the row's values."""
    job = get_object_or_404(ImportJob, pk=pk, tenant=tenant_of(request))
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="rejected-{job.pk}.csv"'
    names: dict[str, None] = {}
    for values in job.rejections.values_list("values", flat=True).iterator():
        names.update(dict.fromkeys(values))
    writer = spreadsheet.Writer(response)
    writer.writerow(["line", "kind", "reason", *names])
    for row in job.rejections.order_by("line", "pk").iterator():
        extra = [row.values.get(n, "") for n in names]
        writer.writerow([row.line or "", row.kind, row.reason, *extra])
    return response
