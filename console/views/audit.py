"""The audit log: every change asked of a tenant, filterable and exportable as CSV."""

from __future__ import annotations

import json
from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from console.models import AuditEntry
from console.views.common import bad_request, console_view, page
from wallboard import spreadsheet

FILTERS = ("user", "tenant", "action", "target", "outcome", "since", "until")
COLUMNS = ["time", "user", "tenant", "action", "target", "request", "upstream status", "result"]


@console_view
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    problem = _date_problem(request)
    if problem:
        return bad_request(request, problem)
    entries = AuditEntry.objects.filtered(request.GET)
    pages = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "entries": pages,
        "filters": {name: request.GET.get(name, "") for name in FILTERS},
        "query": query.urlencode(),
    }
    return page(request, "console/audit.html", context)


def _date_problem(request: HttpRequest) -> str:
    """Return what is wrong with the filter's dates ("" if nothing)."""
    for name in ("since", "until"):
        raw = request.GET.get(name, "")
        try:
            if raw:
                date.fromisoformat(raw)
        except ValueError:
            return f"'{name}' must be a date such as 2024-01-31, not “{raw[:40]}”."
    return ""


@console_view
@require_GET
def audit_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(AuditEntry, pk=pk)
    summary = json.dumps(entry.request_summary, indent=2, ensure_ascii=False)
    return page(request, "console/audit_entry.html", {"entry": entry, "summary": summary})


@console_view
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered audit log as CSV, newest first."""
    problem = _date_problem(request)
    if problem:
        return bad_request(request, problem)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = spreadsheet.Writer(response)
    writer.writerow(COLUMNS)
    for entry in AuditEntry.objects.filtered(request.GET).iterator():
        writer.writerow(
            [
                entry.at.isoformat(),
                entry.username,
                entry.tenant_name,
                entry.action,
                entry.target,
                json.dumps(entry.request_summary, ensure_ascii=False),
                entry.upstream_status or "",
                entry.result,
            ]
        )
    return response
