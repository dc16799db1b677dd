"""List Management API v3, "Campaigns" (seed 002): state, list instances, results.

Reads need "View campaign results" (or the campaign-managing privilege); start, stop and
changes to list instances need "Manage all services and campaigns". Campaign results
are paged with a cursor: the record `_id` (all records), or the completion or last
attempt time joined to it by "_" (completed, updated records).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator import list_views as views
from simulator.campaigns import SORT_ORDERS, SORTING_TYPES, Campaign, Instance, SortField, Sorting
from simulator.fields import Format, blank
from simulator.list_http import (
    OID,
    TIME_OID,
    boolean,
    cursor,
    guarded,
    integer,
    object_body,
    page,
    page_size,
    time_param,
)
from simulator.list_store import ListStore
from simulator.lists import Record, Refused
from simulator.roster import MANAGE_CAMPAIGNS, VIEW_CAMPAIGN_RESULTS
from simulator.tenant import Tenant
from simulator.web import ok

BASE = "/configapi/v3/campaign"
MOST_RECORDS = 1000
READ = (MANAGE_CAMPAIGNS, VIEW_CAMPAIGN_RESULTS)
RESULTS = (VIEW_CAMPAIGN_RESULTS,)


def routes(tenant: Tenant) -> list[Route]:
    store: ListStore = tenant.lists

    def campaign(request: Request) -> Campaign:
        return store.campaign(request.path_params["campaign_id"])

    async def get_all(request: Request) -> Response:
        return ok([views.campaign_summary(c) for c in store.campaigns.values() if c.enabled])

    async def get_campaign(request: Request) -> Response:
        found = campaign(request)
        dnc = [store.dnc[d] for d in found.dnc_ids if d in store.dnc]
        return ok(views.campaign_detail(found, dnc))

    async def get_status(request: Request) -> Response:
        return ok(views.campaign_status(campaign(request)))

    async def start(request: Request) -> Response:
        found = campaign(request)
        store.start(found)
        return ok({"state": found.state})

    async def stop(request: Request) -> Response:
        found = campaign(request)
        store.stop(found)
        return ok({"state": found.state})

    async def bind_list(request: Request) -> Response:
        body = await object_body(request)
        found = campaign(request)
        list_id = body.get("listId")
        if not isinstance(list_id, str) or not list_id:
            raise Refused(400, "Empty or missed required parameter 'listId'")
        calling_list = store.calling_list(list_id)
        settings = instance_settings(body, calling_list.format, partial=False)
        instance = store.bind(found, calling_list, **settings)
        return ok({"instanceId": instance.id, "totalRecords": len(calling_list)})

    async def update_list(request: Request) -> Response:
        body = await object_body(request)
        instance = store.owned_instance(campaign(request), body.get("instanceId"), 404)
        settings = instance_settings(body, instance.calling_list.format, partial=True)
        for name, value in settings.items():
            setattr(instance, name, value)
        return ok({"totalRecords": len(instance.calling_list)})

    async def unbind_list(request: Request) -> Response:
        body = await object_body(request)
        found = campaign(request)
        store.unbind(found, store.owned_instance(found, body.get("instanceId"), 404))
        return ok()

    async def all_records(request: Request) -> Response:
        body, instance = await results_request(request)
        records = list(instance.calling_list.records.values())  # in _id order
        chunk, after = page(records, [r.oid for r in records], cursor(body, OID), body["size"])
        return results_page(instance, chunk, after, body)

    async def completed_records(request: Request) -> Response:
        return await timed_records(request, completed=True)

    async def updated_records(request: Request) -> Response:
        return await timed_records(request, completed=False)

    async def timed_records(request: Request, completed: bool) -> Response:
        body, instance = await results_request(request)
        start, end = time_param(body, "startTime"), time_param(body, "endTime")
        if start is not None and end is not None and start >= end:
            raise Refused(400, "'startTime' must be before 'endTime'")
        keyed = _in_window(instance, completed, start, end)
        keyed.sort(key=lambda pair: pair[0])
        keys, records = [k for k, _ in keyed], [r for _, r in keyed]
        chunk, after = page(records, keys, cursor(body, TIME_OID), body["size"])
        return results_page(instance, chunk, after, body)

    async def results_request(request: Request) -> tuple[dict[str, Any], Instance]:
        body = await object_body(request)
        found = campaign(request)
        body["size"] = page_size(body, MOST_RECORDS)
        return body, store.owned_instance(found, body.get("instanceId"), 409)

    def results_page(
        instance: Instance, chunk: list[Record], after: str | None, body: dict[str, Any]
    ) -> Response:
        attempts = boolean(body, "extractAttempts")
        records = [views.record_v3(instance, r, attempts) for r in chunk]
        return ok({"next_cursor": after, "records": records})

    async def query_record(request: Request) -> Response:
        body = await object_body(request)
        instance = store.owned_instance(campaign(request), body.get("instanceId"), 409)
        record = store.find(instance.calling_list, body.get("fields"))
        return ok(views.record_v3(instance, record, boolean(body, "extractAttempts")))

    def read(handler: Any) -> Any:
        return guarded(tenant, handler, read=READ)

    def results(handler: Any) -> Any:
        return guarded(tenant, handler, read=RESULTS)

    def change(handler: Any) -> Any:
        return guarded(tenant, handler, change=MANAGE_CAMPAIGNS)

    return [
        Route(f"{BASE}/getAll", read(get_all), methods=["GET"]),
        Route(f"{BASE}/getCampaign/{{campaign_id}}", read(get_campaign), methods=["GET"]),
        Route(f"{BASE}/getStatus/{{campaign_id}}", read(get_status), methods=["GET"]),
        Route(f"{BASE}/start/{{campaign_id}}", change(start), methods=["POST"]),
        Route(f"{BASE}/stop/{{campaign_id}}", change(stop), methods=["POST"]),
        Route(f"{BASE}/bindList/{{campaign_id}}", change(bind_list), methods=["POST"]),
        Route(f"{BASE}/updateList/{{campaign_id}}", change(update_list), methods=["PATCH"]),
        Route(f"{BASE}/unbindList/{{campaign_id}}", change(unbind_list), methods=["POST"]),
        Route(f"{BASE}/getAllRecords/{{campaign_id}}", results(all_records), methods=["POST"]),
        Route(
            f"{BASE}/getCompletedRecords/{{campaign_id}}",
            results(completed_records),
            methods=["POST"],
        ),
        Route(
            f"{BASE}/getUpdatedRecords/{{campaign_id}}",
            results(updated_records),
            methods=["POST"],
        ),
        Route(f"{BASE}/queryRecord/{{campaign_id}}", results(query_record), methods=["POST"]),
    ]


def _in_window(
    instance: Instance, completed: bool, start: float | None, end: float | None
) -> list[tuple[str, Record]]:
    """Return the records completed (or last attempted) in [start, end), with cursor keys."""
    keyed = []
    for record in instance.calling_list.records.values():
        result = instance.result(record)
        if result is None:
            continue
        when = result.completed_time if completed else result.last_date
        if when is None or (start is not None and when < start):
            continue
        if end is None or when < end:
            keyed.append((f"{views.iso(when)}_{record.oid}", record))
    return keyed


# --- list instance settings (Bind List, Update List) -------------------------------------------

DEFAULTS: dict[str, Any] = {"name": "", "enabled": False, "order": 1, "dialing_ratio": 1}


def instance_settings(body: dict[str, Any], fmt: Format, partial: bool) -> dict[str, Any]:
    """Return the instance attributes a Bind or Update List body sets.

    Update List changes only what the body names; " " or null resets to the default.
    """
    settings: dict[str, Any] = {}
    for param, attr in (("instanceName", "name"), ("enabled", "enabled")):
        if param in body or not partial:
            settings[attr] = _plain(body, param, attr)
    for param, attr in (("order", "order"), ("dialingRatio", "dialing_ratio")):
        if param in body or not partial:
            reset = blank(body.get(param))
            settings[attr] = DEFAULTS[attr] if reset else integer(body, param, 1, 10_000)
    if "sortingOrder" in body or not partial:
        settings["sorting"] = sorting(body.get("sortingOrder"), fmt)
    return settings


def _plain(body: dict[str, Any], param: str, attr: str) -> Any:
    value = body.get(param)
    if blank(value):
        return DEFAULTS[attr]
    if attr == "enabled":
        return boolean(body, param)
    if not isinstance(value, str):
        raise Refused(400, f"'{param}' has unsupported value {value!r}: string is expected")
    return value


def sorting(raw: Any, fmt: Format) -> Sorting:
    """Return a sortingOrder: NATURAL, RANDOM, or CUSTOM by fields of the list's format."""
    if blank(raw):
        return Sorting()
    if isinstance(raw, str):
        raw = {"type": raw}
    if not isinstance(raw, dict):
        raise Refused(400, "'sortingOrder' must be an object with 'type' and 'sortingFields'")
    kind = str(raw.get("type") or "NATURAL").upper()
    if kind not in SORTING_TYPES:
        raise Refused(400, f"'sortingOrder.type' must be one of {', '.join(SORTING_TYPES)}")
    if kind != "CUSTOM":
        return Sorting(kind)
    fields = raw.get("sortingFields")
    if not isinstance(fields, list) or not fields:
        raise Refused(400, "'sortingOrder.sortingFields' is required for CUSTOM sorting")
    return Sorting(kind, [_sort_field(item, fmt) for item in fields])


def _sort_field(item: Any, fmt: Format) -> SortField:
    if not isinstance(item, dict):
        raise Refused(400, "each of 'sortingFields' must be an object")
    spec = fmt.by_name.get(str(item.get("fieldName")))
    if spec is None or spec.skip:
        raise Refused(400, f"'fieldName' {item.get('fieldName')!r} is not a field of the list")
    order = str(item.get("sortOrder") or "ASC").upper()
    if order not in SORT_ORDERS:
        raise Refused(400, "'sortOrder' must be ASC or DESC")
    return SortField(spec.id, spec.name, order)
