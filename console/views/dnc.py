"""Do-Not-Call lists: add many (paste or CSV), delete many, delete all, per-record results.

List Management v3 has no method that lists DNC lists: they are found in the campaigns
that use them (Get Campaign, `dncLists`). OneCloud CX addresses them by name.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.models import Tenant
from bpcc.tokens import client_for
from console.safety import Outcome, confirmation_error
from console.views.common import carry_out, console_view, page, reading, tenant_of

CHUNK = 1000
READ_ONLY = {"GEOGRAPHIC_STATE"}  # seed 002: the API may not change this type


def discover(api: AdminClient) -> list[dict[str, Any]]:
    """Return the DNC lists of the enabled campaigns, each with the campaigns using it."""
    found: dict[str, dict[str, Any]] = {}
    for campaign in api.get_campaigns():
        for dnc in api.get_campaign(campaign["id"])["dncLists"]:
            entry = found.setdefault(dnc.get("id", ""), {**dnc, "campaigns": []})
            entry["campaigns"].append(campaign["name"])
    return sorted(found.values(), key=lambda d: d.get("name", ""))


@console_view
@require_GET
def dnc_lists(request: HttpRequest) -> HttpResponse:
    tenant = tenant_of(request)
    found: list[dict[str, Any]] = []
    if not tenant.is_onecloud:
        with reading(tenant, "reading the DNC lists of the campaigns") as api:
            found = discover(api)
    return page(request, "console/dnc_lists.html", {"dnc_lists": found})


@console_view
@require_GET
def dnc_detail(request: HttpRequest, dnc_id: str) -> HttpResponse:
    return page(request, "console/dnc_detail.html", {"dnc": _dnc(request, dnc_id)})


def _dnc(request: HttpRequest, dnc_id: str) -> dict[str, Any]:
    """Return the DNC list (by id on v3, by name on OneCloud CX); 404 if unknown."""
    tenant = tenant_of(request)
    if tenant.is_onecloud:
        return {"id": dnc_id, "name": dnc_id, "type": "", "campaigns": []}
    with client_for(tenant) as api:
        try:
            found = next((d for d in discover(api) if d.get("id") == dnc_id), None)
        except UpstreamError as exc:
            raise Http404(f"The DNC lists could not be read: {exc}") from exc
    if found is None:
        raise Http404("No enabled campaign uses a DNC list with this id.")
    return found


def entries(request: HttpRequest, with_comment: bool = True) -> list[dict[str, str]]:
    """Return the pasted lines and the uploaded CSV rows as `{"key", "comment"}`."""
    text = request.POST.get("entries", "")
    upload = request.FILES.get("file")
    if upload is not None:
        text += "\n" + upload.read().decode("utf-8-sig", errors="replace")
    found = []
    for row in csv.reader(io.StringIO(text)):
        # Blank lines and a header are skipped; a line with an empty key is sent, so the
        # tenant reports it (missingKey) rather than the console dropping it unseen.
        if not any(cell.strip() for cell in row) or row[0].strip().lower() == "key":
            continue
        entry = {"key": row[0].strip()}
        if with_comment and len(row) > 1 and row[1].strip():
            entry["comment"] = ",".join(row[1:]).strip()
        found.append(entry)
    return found


def _back(dnc_id: str) -> str:
    return reverse("console:dnc", args=[dnc_id])


def _per_record(
    sent: list[dict[str, str]], errors: dict[str, list[Any]], done: str
) -> list[dict[str, str]]:
    """Return each sent entry with its result: `done`, or the error kind it got."""
    refused: list[tuple[str, str]] = [
        (str(item.get("key", "")) if isinstance(item, dict) else str(item), kind)
        for kind, items in errors.items()
        for item in items
    ]
    results = []
    for entry in sent:
        match = next((r for r in refused if r[0] == entry["key"]), None)
        if match:
            refused.remove(match)
        results.append({**entry, "result": match[1] if match else done})
    return results


@console_view
@require_POST
def dnc_add(request: HttpRequest, dnc_id: str) -> HttpResponse:
    tenant = tenant_of(request)
    sent = entries(request)
    if not sent:
        messages.error(request, "Paste or upload at least one entry; nothing was sent.")
        return HttpResponseRedirect(_back(dnc_id))

    def call(api: AdminClient) -> Outcome:
        if tenant.is_onecloud:
            rows = [[e["key"], e.get("comment", "")] for e in sent]
            added = api.v2_dnc_add(dnc_id, rows)
            records = [{**e, "result": "sent (v2 reports no per-entry result)"} for e in sent]
            return Outcome(f"{added} of {len(sent)} entries added.", {"records": records}, "", True)
        added, errors = 0, dict[str, list[Any]]()
        for start in range(0, len(sent), CHUNK):
            result = api.dnc_add(dnc_id, sent[start : start + CHUNK])
            added += result.get("added", 0)
            for kind, items in (result.get("error") or {}).items():
                errors.setdefault(kind, []).extend(items)
        records = _per_record(sent, errors, "added")
        return Outcome(f"{added} of {len(sent)} entries added.", {"records": records}, "", True)

    return _change(request, tenant, dnc_id, "add DNC entries", {"entries": len(sent)}, call)


@console_view
@require_POST
def dnc_delete(request: HttpRequest, dnc_id: str) -> HttpResponse:
    tenant = tenant_of(request)
    keys = [e["key"] for e in entries(request, with_comment=False)]
    if not keys:
        messages.error(request, "Paste or upload at least one key; nothing was sent.")
        return HttpResponseRedirect(_back(dnc_id))

    def call(api: AdminClient) -> Outcome:
        sent = [{"key": k} for k in keys]
        if tenant.is_onecloud:
            api.v2_dnc_delete(dnc_id, keys)
            records = [{**e, "result": "sent (v2 reports no per-entry result)"} for e in sent]
            return Outcome(f"{len(keys)} keys sent for deletion.", {"records": records}, "", True)
        result = api.dnc_delete(dnc_id, keys)
        records = _per_record(sent, result.get("error") or {}, "deleted")
        text = f"{result.get('deleted', 0)} of {len(keys)} entries deleted."
        return Outcome(text, {"records": records}, "", True)

    return _change(request, tenant, dnc_id, "delete DNC entries", {"keys": len(keys)}, call)


@console_view
@require_POST
def dnc_delete_all(request: HttpRequest, dnc_id: str) -> HttpResponse:
    tenant = tenant_of(request)
    name = request.POST.get("dnc_name", "")
    error = confirmation_error(request, name)
    if error:
        messages.error(request, error)
        return HttpResponseRedirect(_back(dnc_id))

    def call(api: AdminClient) -> Outcome:
        if tenant.is_onecloud:
            api.v2_dnc_delete_all(dnc_id)
            return Outcome(f"Every entry of “{name}” is deleted.")
        deleted = api.dnc_delete_all(dnc_id)
        return Outcome(f"{deleted} entries of “{name}” deleted; the list is empty.")

    return _change(request, tenant, dnc_id, "delete all DNC entries", {}, call)


def _change(
    request: HttpRequest,
    tenant: Tenant,
    dnc_id: str,
    action: str,
    summary: dict[str, Any],
    call: Any,
) -> HttpResponse:
    name = request.POST.get("dnc_name", "")
    return carry_out(
        request,
        tenant,
        action=action,
        target=f"{name} ({dnc_id})" if name != dnc_id else name,
        summary={"dnc": dnc_id, **summary},
        call=call,
        done_url=_back(dnc_id),
    )
