"""Campaign results: a browser with filters and cursor pagination, a record query, and
a CSV export streamed page by page."""

from __future__ import annotations

import zoneinfo
from collections.abc import AsyncIterator
from datetime import UTC, datetime, tzinfo
from typing import Any, cast

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.views.decorators.http import require_GET

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.admin_api.wire import ListRecord
from bpcc.models import Tenant
from bpcc.tokens import client_for
from console import result_rows
from console.views.common import (
    ReadFailed,
    bad_request,
    console_view,
    page,
    pairs,
    reading,
    tenant_of,
)
from wallboard import spreadsheet
from wallboard.params import whole

STATUS_COLUMNS = [
    "completed",
    "totalAttempts",
    "lastDisposition",
    "lastAgent",
    "lastPhone",
    "lastDate",
    "completedTime",
    "lastCallDuration",
    "globalInteractionID",
]
PAGE_SIZE = 50
EXPORT_PAGE = 1000
MOST_INDEX = 10**9


class BadFilter(ValueError):
    """A results filter the console cannot send; the message says which and why."""


def api_time(value: str, zone: tzinfo = UTC) -> str:
    """Return a datetime-local input ("2024-01-31T08:00"), a time in `zone` unless it
    has an offset, as the API's UTC time ("2024-01-31T08:00:00.000")."""
    value = value.strip()
    if not value:
        return ""
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}"


def tenant_zone(tenant: Tenant) -> tzinfo:
    """Return the tenant's time zone (bpcc/models.py validates its name), or UTC."""
    try:
        return zoneinfo.ZoneInfo(tenant.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def _filters(params: QueryDict) -> dict[str, Any]:
    """Return the results filters of a query string; raise BadFilter saying what is wrong."""
    kind = params.get("kind", "all")
    return {
        "instance": params.get("instance", ""),
        "list": params.get("list", ""),
        "kind": kind if kind in ("all", "completed", "updated") else "all",
        "start": _time(params, "start"),
        "end": _time(params, "end"),
        "attempts": params.get("attempts") == "1",
        "cursor": params.get("cursor", ""),
        "from_index": _whole(params, "from_index", 0, 0, MOST_INDEX),
        "limit": _whole(params, "limit", PAGE_SIZE, 1, 1000),
    }


def _whole(params: QueryDict, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name) or ""
    value = whole(raw, low, high) if raw else default
    if value is None:
        raise BadFilter(f"'{name}' must be a whole number from {low} to {high}.")
    return value


def _time(params: QueryDict, name: str) -> str:
    raw = params.get(name, "").strip()
    if not raw or _is_time(raw):
        return raw
    raise BadFilter(f"'{name}' must be a date and time such as 2024-01-31T08:00.")


def _is_time(text: str) -> bool:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return False
    # Years far from ours cannot be moved between time zones (or mean anything here).
    return len(text) <= 30 and 1900 <= when.year <= 9000


def fetch_page(
    api: AdminClient, tenant: Tenant, campaign_id: str, f: dict[str, Any]
) -> tuple[list[ListRecord], str]:
    """Return one page of results and what continues it (a cursor, or a v2 index)."""
    if tenant.is_onecloud:
        if f["kind"] == "all":
            records = api.v2_get_records(f["list"], campaign_id, f["from_index"], f["limit"])
            after = f["from_index"] + len(records)
            return records, str(after) if len(records) == f["limit"] else ""
        since = api_time(f["start"], tenant_zone(tenant)) or "1970-01-01T00:00:00.000"
        found = api.v2_get_records_since(f["list"], campaign_id, f["kind"], since, f["limit"])
        return [_v2_changed(r) for r in found], ""
    result = api.get_records(
        campaign_id,
        f["kind"],
        f["instance"],
        limit=f["limit"],
        cursor=f["cursor"] or None,
        attempts=f["attempts"],
        start_time=api_time(f["start"], tenant_zone(tenant)),
        end_time=api_time(f["end"], tenant_zone(tenant)),
    )
    return result["records"], result["next_cursor"] or ""


def _v2_changed(item: dict[str, Any]) -> ListRecord:
    """Return a v2 "updated" or "completed" record in the List Record form."""
    if "status" in item:
        return {"entry": item.get("entry", {}), "status": item["status"]}
    status = {k: v for k, v in item.items() if k not in ("entry", "attempts")}
    return {"entry": item.get("entry", {}), "status": status, "attempts": item.get("attempts", [])}


def columns(records: list[ListRecord]) -> list[str]:
    names: dict[str, None] = {}
    for item in records:
        names.update(dict.fromkeys(item.get("entry", {})))
    return list(names)


@console_view
@require_GET
def results(request: HttpRequest, campaign_id: str) -> HttpResponse:
    tenant = tenant_of(request)
    try:
        f = _filters(request.GET)
    except BadFilter as exc:
        return bad_request(request, str(exc))
    records: list[ListRecord] = []
    after = ""
    with reading(tenant, "reading the campaign results") as api:
        name, instances = _campaign(api, tenant, campaign_id)
        if not f["instance"] and not f["list"] and instances:
            f["instance"] = f["list"] = instances[0]["value"]
        if f["instance"] or f["list"]:
            records, after = fetch_page(api, tenant, campaign_id, f)
    next_params = request.GET.copy()
    next_params["instance" if not tenant.is_onecloud else "list"] = f["instance"] or f["list"]
    next_params["from_index" if tenant.is_onecloud else "cursor"] = after
    first_params = next_params.copy()
    first_params.pop("cursor", None)
    first_params.pop("from_index", None)
    zone, names = tenant_zone(tenant), columns(records)
    context = {
        "campaign_id": campaign_id,
        "campaign_name": name,
        "zone": tenant.time_zone,
        "instances": instances,
        "f": f,
        "columns": [result_rows.label(c) for c in names],
        "status_columns": list(result_rows.SHOWN_STATUS.values()),
        "rows": [result_rows.row(r, names, zone) for r in records],
        "next_query": next_params.urlencode() if after else "",
        "first_query": first_params.urlencode(),
        "export_query": first_params.urlencode(),
        "total": next((i["total"] for i in instances if i["value"] == f["instance"]), ""),
    }
    return page(request, "console/results.html", context)


def _campaign(
    api: AdminClient, tenant: Tenant, campaign_id: str
) -> tuple[str, list[dict[str, Any]]]:
    """Return the campaign's name and what results can be read for: its list instances
    (v3) or the names of its lists (v2)."""
    if tenant.is_onecloud:
        found = [c for c in api.v2_get_campaigns() if c["name"] == campaign_id]
        names = found[0]["lists"] if found else []
        return campaign_id, [{"value": n, "label": n, "total": ""} for n in names]
    campaign = api.get_campaign(campaign_id)
    return campaign["name"], [
        {
            "value": i["instanceId"],
            "label": f"{i['name']} {i['instanceName']}".strip(),
            "total": i["totalRecords"],
        }
        for i in campaign["lists"]
    ]


@console_view
@require_GET
def query_record(request: HttpRequest, campaign_id: str) -> HttpResponse:
    """Look one record up by its key fields (docs/upstream/list-management-api-v3.md,
    "Query a Record")."""
    tenant = tenant_of(request)
    fields = pairs(request.GET.get("fields", ""))
    found: ListRecord | None = None
    error, name, chosen = "", campaign_id, ""
    instances: list[dict[str, Any]] = []
    try:
        with reading(tenant, "looking the record up") as api:
            name, instances = _campaign(api, tenant, campaign_id)
            chosen = request.GET.get("instance") or (instances[0]["value"] if instances else "")
            if fields and chosen:
                attempts = request.GET.get("attempts") == "1"
                if tenant.is_onecloud:
                    found = api.v2_query_record(chosen, campaign_id, fields)
                else:
                    found = api.query_record(campaign_id, chosen, fields, attempts)
    except ReadFailed as exc:
        if exc.error.status != 404:
            raise
        error = f"No record has these key values. The tenant said: “{exc.error.message}”"
    context = {
        "campaign_id": campaign_id,
        "campaign_name": name,
        "instances": instances,
        "chosen": chosen,
        "fields_text": request.GET.get("fields", ""),
        "record": found,
        "error": error,
    }
    return page(request, "console/query.html", context)


@console_view
@require_GET
def export_results(request: HttpRequest, campaign_id: str) -> HttpResponse:
    """Stream an instance's results as CSV, a page of a thousand records at a time."""
    tenant = tenant_of(request)
    try:
        f = {**_filters(request.GET), "limit": EXPORT_PAGE, "cursor": "", "from_index": 0}
    except BadFilter as exc:
        return bad_request(request, str(exc))
    filename = f"results-{campaign_id[:40]}-{f['kind']}.csv".replace(" ", "_")
    response = StreamingHttpResponse(_csv_pages(tenant, campaign_id, f), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return cast(HttpResponse, response)  # streamed: role_required's type says HttpResponse


async def _csv_pages(tenant: Tenant, campaign_id: str, f: dict[str, Any]) -> AsyncIterator[str]:
    """Yield the CSV: the header with the first page, then one chunk per page."""
    api = client_for(tenant)
    header: list[str] = []
    try:
        while True:
            try:
                records, after = await sync_to_async(fetch_page, thread_sensitive=False)(
                    api, tenant, campaign_id, f
                )
            except UpstreamError as exc:
                yield f"# export stopped: the tenant answered {exc}\n"
                return
            if not header:
                header = columns(records)
                yield _csv_line([*header, *STATUS_COLUMNS, "attempts"])
            yield "".join(
                _csv_line(
                    [
                        *(r.get("entry", {}).get(c, "") for c in header),
                        *(r.get("status", {}).get(c, "") for c in STATUS_COLUMNS),
                        len(r.get("attempts", [])),
                    ]
                )
                for r in records
            )
            if not after:
                return
            by_index = tenant.is_onecloud
            f = {**f, "from_index": int(after)} if by_index else {**f, "cursor": after}
    finally:
        api.close()


def _csv_line(values: list[Any]) -> str:
    return spreadsheet.line(values)
