"""Do-Not-Call lists: add many (paste or CSV), delete many, delete all, per-record results.

List Management v3 has no method that lists DNC lists: they are found in the campaigns
that use them (Get Campaign, `dncLists`). OneCloud CX addresses them by name. Nor has it
one that reads a DNC list's entries, so a list's page shows what the console itself
added and removed there, from the audit log.

An Internal list's keys are phone numbers (docs/upstream/list-management-api-v3.md, "DNC
Lists"): each is checked (console/phones.py) and sent as the digits the tenant stores
list records' phone numbers as, which is what it compares them with.
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
from console.models import AuditEntry
from console.phones import NotAPhone, phone_digits
from console.safety import Outcome, confirmation_error
from console.views.common import carry_out, console_view, page, reading, tenant_of

CHUNK = 1000
READ_ONLY = {"GEOGRAPHIC_STATE"}  # seed 002: the API may not change this type
PHONE_KEYS = {"INTERNAL"}  # seed 002: an Internal list's key is a phone number
ADDED, DELETED, DELETED_ALL = "add DNC entries", "delete DNC entries", "delete all DNC entries"
HISTORY = 50  # the latest changes a DNC list's page shows; the audit log has them all


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
    return _detail(request, dnc_id, _dnc(request, dnc_id))


def _detail(request: HttpRequest, dnc_id: str, dnc: dict[str, Any], **form: Any) -> HttpResponse:
    """Render a DNC list's page; `form` holds a refused form's errors and what was typed."""
    context = {"dnc": dnc, "history": history(tenant_of(request), dnc_id), **form}
    return page(request, "console/dnc_detail.html", context, status=400 if form else 200)


def history(tenant: Tenant, dnc_id: str) -> list[AuditEntry]:
    """Return the console's latest changes to a DNC list of `tenant`, newest first."""
    entries = AuditEntry.objects.filter(
        tenant=tenant, action__in=[ADDED, DELETED, DELETED_ALL], request_summary__dnc=dnc_id
    )
    return list(entries[:HISTORY])


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


def entries(
    request: HttpRequest, dnc_type: str, with_comment: bool = True
) -> tuple[list[dict[str, str]], list[str]]:
    """Return the pasted lines and the uploaded CSV rows as `{"key", "comment"}`, and
    what is wrong with them, a sentence per bad line (phone numbers of an Internal list:
    checked, and sent as digits)."""
    sources = [("Line", request.POST.get("entries", ""))]
    upload = request.FILES.get("file")
    if upload is not None:
        sources.append(("File line", upload.read().decode("utf-8-sig", errors="replace")))
    found, problems = [], []
    for where, text in sources:
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            # Blank lines and a header are skipped; a line with an empty key is sent, so
            # the tenant reports it (missingKey) rather than the console dropping it unseen.
            if not any(cell.strip() for cell in row) or row[0].strip().lower() == "key":
                continue
            entry = {"key": row[0].strip()}
            if with_comment and len(row) > 1 and row[1].strip():
                entry["comment"] = ",".join(row[1:]).strip()
            try:
                found.append(_checked(entry, dnc_type))
            except NotAPhone as exc:
                problems.append(f"{where} {number}: “{entry['key']}” is not a phone number: {exc}.")
    return found, problems


def _checked(entry: dict[str, str], dnc_type: str) -> dict[str, str]:
    """Return the entry as it is sent: an Internal list's phone number as digits."""
    if not entry["key"] or dnc_type not in PHONE_KEYS:
        return entry
    return {**entry, "key": phone_digits(entry["key"])}


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


def _refused(
    request: HttpRequest, dnc_id: str, dnc: dict[str, Any], form: str, problems: list[str]
) -> HttpResponse:
    """Render the page again with the form's problems and what was typed: nothing sent."""
    typed = request.POST.get("entries", "")
    return _detail(request, dnc_id, dnc, **{f"{form}_errors": problems, f"{form}_typed": typed})


@console_view
@require_POST
def dnc_add(request: HttpRequest, dnc_id: str) -> HttpResponse:
    tenant = tenant_of(request)
    dnc = _dnc(request, dnc_id)
    sent, problems = entries(request, dnc["type"])
    if problems:
        return _refused(request, dnc_id, dnc, "add", problems)
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

    return _change(request, tenant, dnc_id, ADDED, {"entries": len(sent)}, call)


@console_view
@require_POST
def dnc_delete(request: HttpRequest, dnc_id: str) -> HttpResponse:
    tenant = tenant_of(request)
    dnc = _dnc(request, dnc_id)
    found, problems = entries(request, dnc["type"], with_comment=False)
    if problems:
        return _refused(request, dnc_id, dnc, "delete", problems)
    keys = [e["key"] for e in found]
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

    return _change(request, tenant, dnc_id, DELETED, {"keys": len(keys)}, call)


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

    return _change(request, tenant, dnc_id, DELETED_ALL, {}, call)


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
