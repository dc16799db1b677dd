"""Calling lists: the browser, a list's page, creating lists and deleting them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.models import Tenant
from bpcc.tokens import client_for
from console import formats
from console.forms import DATE_FORMATS, FIELD_TYPES, format_fields
from console.models import DeleteJob, ImportJob
from console.record_form import RecordField, describable, described_fields, record_fields
from console.safety import Outcome, confirmation_error
from console.tenancy import require_v3
from console.views import list_records
from console.views.campaigns import campaigns_of
from console.views.common import carry_out, console_view, page, reading, tenant_of
from console.views.results import tenant_zone

PAGE_SIZE = 25
DUPLICATE = "A list or format with this name already exists. Nothing was created."


@console_view
@require_GET
def list_browser(request: HttpRequest) -> HttpResponse:
    """Page through the lists (v3, by cursor); on OneCloud CX, the lists of campaigns."""
    tenant = tenant_of(request)
    cursor = request.GET.get("cursor", "")
    with reading(tenant, "reading the lists") as api:
        if tenant.is_onecloud:
            names = {n for c in campaigns_of(api, True) for n in c["lists"]}
            found: dict[str, Any] = {"records": [{"id": n, "name": n} for n in sorted(names)]}
        else:
            found = dict(api.get_lists(PAGE_SIZE, cursor or None))
    context = {"lists": found["records"], "next_cursor": found.get("next_cursor"), "cursor": cursor}
    return page(request, "console/lists.html", context)


def list_context(api: AdminClient, tenant: Tenant, list_id: str) -> dict[str, Any]:
    """Return what a list's pages show: its detail, its field names, what is known of
    its fields (`definitions`: as created here or described by an admin, else names
    only) and the record form's fields, which imports check by too."""
    if tenant.is_onecloud:
        detail: dict[str, Any] = {"name": list_id, "campaigns": []}
        names = formats.named_list_fields(api, tenant, list_id)
        format_key = f"list:{list_id}"
    else:
        found = api.get_list(list_id)
        detail = dict(found)
        names = formats.list_fields(api, tenant, list_id, found)
        format_key = found["formatId"]
    known = formats.known_fields(tenant, format_key, names)
    return {
        "list": detail,
        "fields": names,
        "definitions": known,
        "spec": record_fields(known),
        "format_key": format_key,
        "describe": list_records.describe_rows(known) if names and describable(known) else [],
    }


@console_view
@require_POST
def format_describe(request: HttpRequest, list_id: str) -> HttpResponse:
    """Keep what an admin says of a list's fields (types, keys, required), which the API
    never tells: the record form checks values by it. Nothing is sent to the tenant."""
    tenant = tenant_of(request)
    with reading(tenant, "reading the list") as api:
        context = list_context(api, tenant, list_id)
    url = reverse("console:list", args=[list_id])
    if not context["describe"]:
        said = "The console made this format, so it knows its fields already."
        if not context["fields"]:
            said = "The console does not know this list's field names yet; nothing was kept."
        messages.error(request, said)
        return HttpResponseRedirect(url)
    fields, errors = described_fields(context["fields"], request.POST, FIELD_TYPES, DATE_FORMATS)
    if errors:
        messages.error(request, " ".join(errors) + " Nothing was kept.")
        return HttpResponseRedirect(url)
    formats.remember(tenant, context["format_key"], fields)
    messages.success(request, "The fields are described: the record form checks them now.")
    return HttpResponseRedirect(url)


@console_view
@require_GET
def list_detail(request: HttpRequest, list_id: str) -> HttpResponse:
    """Show a list: its records page by page, one found by key, the record forms, and
    what deletes records."""
    tenant = tenant_of(request)
    return list_page(request, tenant, list_id, list_records.take_draft(request, list_id))


def list_page(
    request: HttpRequest, tenant: Tenant, list_id: str, draft: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a list's page; `draft` holds a refused record form ({} when none)."""
    params = request.GET
    with reading(tenant, "reading the list") as api:
        context = list_context(api, tenant, list_id)
        spec: list[RecordField] = context["spec"]
        vias = list_records.bindings(api, tenant, list_id, context["list"])
        wanted = params.get("via", "")
        via = next((v for v in vias if v["value"] == wanted), vias[0] if vias else None)
        browsed = list_records.browse(api, tenant, list_id, via, params) if via else {}
        keys = list_records.wanted_keys(spec, params)
        found, find_error = None, ""
        if keys:
            found, find_error = list_records.find(api, tenant, list_id, via, keys)
    context.update(
        list_records.records_context(spec, via, browsed, found, draft, params),
        found_status=list_records.found_status(found, tenant_zone(tenant)) if found else [],
        list_id=list_id,
        vias=vias,
        via=via,
        find_error=find_error,
        no_binding=list_records.NO_BINDING,
        template="\n".join(f"{name}=" for name in context["fields"]),
        jobs=DeleteJob.objects.filter(tenant=tenant, list_id=list_id)[:10],
        imports=ImportJob.objects.filter(tenant=tenant, list_id=list_id)[:10],
        policies=["ALL", "ONLY_COMPLETED", "ONLY_NEVER_ATTEMPTED"],
        field_types=FIELD_TYPES,
        date_formats=DATE_FORMATS,
    )
    return page(request, "console/list_detail.html", context, status=status)


@console_view
@require_GET
def list_fields(request: HttpRequest, list_id: str) -> HttpResponse:
    """Return a list's field names, for forms that offer them (sorting, mapping)."""
    tenant = tenant_of(request)
    with client_for(tenant) as api:
        try:
            fields = list_context(api, tenant, list_id)["fields"]
        except UpstreamError as exc:
            return JsonResponse({"error": str(exc)}, status=502)
    return JsonResponse({"fields": fields})


@console_view
@require_http_methods(["GET", "POST"])
def list_create(request: HttpRequest) -> HttpResponse:
    """Create a list in an existing format, or with a new format from the field editor."""
    tenant = tenant_of(request)
    require_v3(tenant)
    errors: list[str] = []
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if request.POST.get("mode") == "existing":
            format_id = request.POST.get("format_id", "")
            if name and format_id:
                return _create(request, tenant, name, format_id)
            errors.append("Give the list a name and choose a format.")
        else:
            fields, errors = format_fields(request.POST)
            format_name = request.POST.get("format_name", "").strip()
            if not format_name:
                errors.append("Give the new format a name.")
            if not errors:
                return _create_with_format(request, tenant, name, format_name, fields)
    with reading(tenant, "reading the formats") as api:
        lists = api.get_lists()["records"]
    found = {x["formatId"]: x["formatName"] for x in lists}
    context = {
        "formats": sorted(found.items(), key=lambda kv: kv[1]),
        "field_types": FIELD_TYPES,
        "date_formats": DATE_FORMATS,
        "rows": range(6),
        "errors": errors,
        "post": request.POST,
    }
    return page(request, "console/list_create.html", context, status=400 if errors else 200)


def _create(request: HttpRequest, tenant: Tenant, name: str, format_id: str) -> HttpResponse:
    def call(api: AdminClient) -> Outcome:
        list_id = api.create_list(name, format_id)
        url = reverse("console:list", args=[list_id])
        return Outcome(f"The list “{name}” is created, empty.", {"id": list_id}, url)

    return carry_out(
        request,
        tenant,
        action="create list",
        target=name,
        summary={"body": {"name": name, "formatId": format_id}},
        call=call,
        done_url=reverse("console:lists"),
        failed_url=reverse("console:list-create"),
        conflict=DUPLICATE,
    )


def _create_with_format(
    request: HttpRequest, tenant: Tenant, name: str, format_name: str, fields: list[dict[str, Any]]
) -> HttpResponse:
    def call(api: AdminClient) -> Outcome:
        created = api.create_list_with_format(format_name, fields, name)
        formats.remember(tenant, created["formatId"], fields)
        url = reverse("console:list", args=[created["id"]])
        return Outcome(f"The list and its format “{format_name}” are created.", dict(created), url)

    return carry_out(
        request,
        tenant,
        action="create list with new format",
        target=name or f"FORMAT: {format_name}",
        summary={"body": {"formatName": format_name, "listName": name, "fields": fields}},
        call=call,
        done_url=reverse("console:lists"),
        failed_url=reverse("console:list-create"),
        conflict=DUPLICATE,
    )


@console_view
@require_http_methods(["GET", "POST"])
def list_delete(request: HttpRequest, list_id: str) -> HttpResponse:
    """Delete a list (and its format if no other list uses it) once its name is typed."""
    tenant = tenant_of(request)
    require_v3(tenant)
    with reading(tenant, "reading the list") as api:
        found = api.get_list(list_id)
    error = confirmation_error(request, found["name"]) if request.method == "POST" else ""
    if request.method == "POST" and not error:

        def call(api: AdminClient) -> Outcome:
            api.delete_list(list_id)
            return Outcome(f"The list “{found['name']}” is deleted.")

        return carry_out(
            request,
            tenant,
            action="delete list",
            target=f"{found['name']} ({list_id})",
            summary={"list": list_id, "records": found["totalRecords"]},
            call=call,
            done_url=reverse("console:lists"),
            failed_url=reverse("console:list", args=[list_id]),
        )
    context = {"list": found, "list_id": list_id, "error": error}
    return page(request, "console/list_delete.html", context, status=400 if error else 200)
