"""A list's records: add, update and erase them from the record form, delete them by
filter or all at once, and the deletion jobs with their progress."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.models import Tenant
from bpcc.tokens import client_for
from console.models import DeleteJob
from console.record_form import RecordField, check_record, refused_fields, typed
from console.safety import Outcome, admin, confirmation_error
from console.views.common import carry_out, console_view, page, pairs, reading, tenant_of
from console.views.list_records import FIND, keep_draft, lookup_fields
from console.views.lists import list_context, list_page
from console.views.results import api_time

DUPLICATE_KEY = "A record with this key is already in the list. Nothing was added."
JOB_BUSY = (
    "A deletion job is already running for this list, or the list is not bound to the "
    "chosen campaign. Wait for the running job to finish, then try again."
)
# OneCloud CX's v2 calling-list methods (docs/upstream/onecloud-cx-api-v2.md, "Calling List") can
# delete every record of a list, but neither some of them nor one record with its results.
NO_V2_FILTER_DELETE = (
    "OneCloud CX's API cannot delete records by filter, only every record of a list; "
    "nothing was deleted."
)
NO_V2_ERASE = "OneCloud CX's API cannot erase a record; nothing was erased."


def _onecloud(tenant: Tenant) -> bool:
    return tenant.is_onecloud


def _list_url(list_id: str) -> str:
    return reverse("console:list", args=[list_id])


@console_view
@require_POST
def record_add(request: HttpRequest, list_id: str) -> HttpResponse:
    """Add one record (v3 "Add Record", v2 "Add Record" by name) from the record form,
    once every field is checked; the new record is then shown found by its key."""
    tenant = tenant_of(request)
    spec = _spec(tenant, list_id)
    if spec:
        values = typed(spec, request.POST)
        record, errors = check_record(spec, values, updating=False)
        if errors:
            return _refused_here(request, tenant, list_id, "add", values, errors)
    else:  # fields unknown: the list page offers field=value lines
        values = {}
        record = {k: v for k, v in pairs(request.POST.get("record", "")).items() if v}

    def call(api: AdminClient) -> Outcome:
        with _kept_on_refusal(request, list_id, "add", spec, values):
            if _onecloud(tenant):
                api.v2_add_record(list_id, record)
            else:
                api.add_record(list_id, record)
        return Outcome("The record is added.")

    return _record_change(
        request, tenant, list_id, "add record", record, call, _found_url(list_id, spec, record)
    )


@console_view
@require_POST
def record_update(request: HttpRequest, list_id: str) -> HttpResponse:
    """Update one record by its key fields from the record form; an emptied optional
    field is reset."""
    tenant = tenant_of(request)
    spec = _spec(tenant, list_id)
    values = typed(spec, request.POST)
    # v2's "Update Record" documents no reset (docs/upstream/onecloud-cx-api-v2.md).
    resetting = request.POST.get("prefilled") == "1" and not _onecloud(tenant)
    record, errors = check_record(spec, values, updating=True, resetting=resetting)
    if errors:
        return _refused_here(request, tenant, list_id, "update", values, errors)

    def call(api: AdminClient) -> Outcome:
        with _kept_on_refusal(request, list_id, "update", spec, values):
            if _onecloud(tenant):
                api.v2_update_record(list_id, record)
            else:
                api.update_record(list_id, record)
        return Outcome("The record is updated.")

    url = _found_url(list_id, spec, record)
    return _record_change(request, tenant, list_id, "update record", record, call, url)


@console_view
@require_POST
def record_erase(request: HttpRequest, list_id: str) -> HttpResponse:
    """Erase one record and its results, once its key is typed, with the reason the
    tenant's audit keeps."""
    tenant = tenant_of(request)
    if _onecloud(tenant):
        return _refuse(request, list_id, NO_V2_ERASE)
    lookup = lookup_fields(_spec(tenant, list_id))
    fields = {f.name: request.POST.get(FIND + f.name, "").strip() for f in lookup}
    fields = {name: value for name, value in fields.items() if value}
    found_url = _found_url(list_id, lookup, fields)
    # A found record is confirmed by its key, a key typed by hand by the list's name.
    typed_key = ", ".join(fields.values())
    expected = typed_key if request.POST.get("found") == "1" else request.POST.get("list_name", "")
    error = confirmation_error(request, expected)
    reason = request.POST.get("reason", "").strip()
    if error or not reason or not fields:
        text = error or "Say why the record is erased; nothing was erased."
        messages.error(request, text if fields else "Give the key of the record to erase.")
        return HttpResponseRedirect(found_url)

    def call(api: AdminClient) -> Outcome:
        api.erase_record(list_id, fields, reason)
        return Outcome("The record and its campaign results are erased.")

    summary = {"fields": fields, "reason": reason}
    return _record_change(request, tenant, list_id, "erase record", summary, call, "", found_url)


def _spec(tenant: Tenant, list_id: str) -> list[RecordField]:
    with reading(tenant, "reading the list's fields") as api:
        spec: list[RecordField] = list_context(api, tenant, list_id)["spec"]
    return spec


def _found_url(list_id: str, spec: list[RecordField], record: dict[str, Any]) -> str:
    """Return the list's page finding `record` by its key fields (the page alone when
    the record has no value for them)."""
    keys = {FIND + f.name: record.get(f.name) or "" for f in lookup_fields(spec)}
    if not any(keys.values()):
        return _list_url(list_id)
    return f"{_list_url(list_id)}?{urlencode(keys)}"


def _refused_here(
    request: HttpRequest,
    tenant: Tenant,
    list_id: str,
    mode: str,
    values: dict[str, str],
    errors: dict[str, str],
) -> HttpResponse:
    """Show the list's page again with the form as typed and each field's error."""
    draft = {"mode": mode, "values": values, "errors": errors}
    return list_page(request, tenant, list_id, draft, status=400)


@contextmanager
def _kept_on_refusal(
    request: HttpRequest, list_id: str, mode: str, spec: list[RecordField], values: dict[str, str]
) -> Iterator[None]:
    """Keep the form as typed when the tenant refuses it, marking the fields it names."""
    try:
        yield
    except UpstreamError as exc:
        said = f"The tenant refused this field: “{exc.message}”"
        errors = {name: said for name in refused_fields(spec, exc.message or "")}
        keep_draft(request, list_id, mode, values, errors)
        raise


def _record_change(
    request: HttpRequest,
    tenant: Tenant,
    list_id: str,
    action: str,
    summary: dict[str, Any],
    call: Any,
    done_url: str = "",
    failed_url: str = "",
) -> HttpResponse:
    return carry_out(
        request,
        tenant,
        action=action,
        target=request.POST.get("list_name") or list_id,
        summary={"list": list_id, "body": summary},
        call=call,
        done_url=done_url or _list_url(list_id),
        failed_url=failed_url or _list_url(list_id),
        conflict=DUPLICATE_KEY if action == "add record" else "",
    )


def criteria(request: HttpRequest) -> dict[str, Any]:
    """Return the Delete Many Records filter of the form (seed 002, input parameters)."""
    found: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name, value in pairs(request.POST.get("fields", "")).items():
        values = [v.strip() for v in value.split(",") if v.strip()]
        fields[name] = values if len(values) != 1 else values[0]
    if fields:
        found["fields"] = fields
    if request.POST.get("campaign_id"):
        policy = request.POST.get("policy") or "ALL"
        found["byCampaignResult"] = {"campaignId": request.POST["campaign_id"], "policy": policy}
    for param in ("createdFrom", "createdTo"):
        if request.POST.get(param):
            found[param] = api_time(request.POST[param])
    return found


@console_view
@require_POST
def delete_records(request: HttpRequest, list_id: str) -> HttpResponse:
    """Start deleting the records that match a filter, once the list's name is typed."""
    tenant = tenant_of(request)
    if _onecloud(tenant):
        return _refuse(request, list_id, NO_V2_FILTER_DELETE)
    chosen = criteria(request)
    if not chosen:
        return _refuse(request, list_id, "Choose at least one filter; nothing was deleted.")
    return _start_job(request, tenant, list_id, chosen)


@console_view
@require_POST
def delete_all(request: HttpRequest, list_id: str) -> HttpResponse:
    """Delete every record of a list: a job on v3, at once on OneCloud CX."""
    tenant = tenant_of(request)
    return _start_job(request, tenant, list_id, {})


def _refuse(request: HttpRequest, list_id: str, text: str) -> HttpResponse:
    messages.error(request, text)
    return HttpResponseRedirect(_list_url(list_id))


def _start_job(
    request: HttpRequest, tenant: Tenant, list_id: str, chosen: dict[str, Any]
) -> HttpResponse:
    name = request.POST.get("list_name", "")
    error = confirmation_error(request, name)
    if error:
        return _refuse(request, list_id, error)

    def call(api: AdminClient) -> Outcome:
        if _onecloud(tenant):
            api.v2_delete_all_records(list_id)
            return Outcome(f"Every record of “{name}” is deleted.")
        started = api.delete_records(list_id, chosen) if chosen else api.delete_all_records(list_id)
        job = DeleteJob.objects.create(
            tenant=tenant,
            user=admin(request),
            list_id=list_id,
            list_name=name,
            job_id=started["job"],
            criteria=chosen,
            estimated_time=started.get("estimated_time", 0),
        )
        text = f"Deleting records of “{name}” (about {job.estimated_time} s)."
        return Outcome(text, {"job": started["job"]}, reverse("console:job", args=[job.pk]))

    return carry_out(
        request,
        tenant,
        action="delete records" if chosen else "delete all records",
        target=f"{name} ({list_id})",
        summary={"list": list_id, "body": chosen},
        call=call,
        done_url=_list_url(list_id),
        conflict=JOB_BUSY,
    )


@console_view
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(DeleteJob, pk=pk, tenant=tenant_of(request))
    return page(request, "console/job.html", {"job": job})


@console_view
@require_GET
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a deletion job's progress, read from the tenant (Get Job Status)."""
    job = get_object_or_404(DeleteJob, pk=pk, tenant=tenant_of(request))
    if not job.finished:
        with client_for(job.tenant) as api:
            try:
                status = api.get_job(job.job_id)
            except UpstreamError as exc:
                return JsonResponse({"error": str(exc), **_job_body(job)}, status=502)
        job.percentage = int(status.get("completion_percentage", 0))
        job.state = status.get("job_complete", job.state)
        job.deleted = status.get("deleted", job.deleted)
        job.error = status.get("error_message", "")
        job.save()
    return JsonResponse(_job_body(job))


def _job_body(job: DeleteJob) -> dict[str, Any]:
    return {
        "state": job.state,
        "percentage": job.percentage,
        "deleted": job.deleted,
        "error": job.error,
        "finished": job.finished,
    }
