"""List Management API v3, "Lists" (seed 002): lists, formats, records, deletion jobs.

Changes need "Manage calling lists"; reads need it or "View campaign results". Bulk
adds and updates report refused records by error kind and still apply the others;
deleting many or all records is an asynchronous job that `ListStore.step` moves on with
simulated time. `routes` also serves the campaign and DNC methods of the same API.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator import api_campaigns, api_dnc, list_legacy
from simulator import list_views as views
from simulator.fields import FormatError, InvalidFormat, blank, convert, parse_fields
from simulator.list_http import (
    OID,
    array_body,
    cursor,
    guarded,
    object_body,
    page,
    page_size,
    time_param,
)
from simulator.list_http import text as text_param
from simulator.list_store import ListStore
from simulator.lists import CallingList, Record, Refused
from simulator.roster import MANAGE_LISTS, VIEW_CAMPAIGN_RESULTS
from simulator.tenant import Tenant
from simulator.web import BadRequest, json_body, ok

BASE = "/configapi/v3/callinglist"
READ = (MANAGE_LISTS, VIEW_CAMPAIGN_RESULTS)
MOST_LISTS = 100
POLICIES = ("ALL", "ONLY_COMPLETED", "ONLY_NEVER_ATTEMPTED")


def routes(tenant: Tenant) -> list[Route]:
    """Return every List Management v3 route: campaigns, lists, jobs and DNC lists."""
    return [
        *api_campaigns.routes(tenant),
        *_list_routes(tenant),
        *api_dnc.routes(tenant),
        Route("/_sim/lists", _control(tenant.lists), methods=["GET", "POST"]),
    ]


def _list_routes(tenant: Tenant) -> list[Route]:
    store: ListStore = tenant.lists

    def calling_list(request: Request) -> CallingList:
        return store.calling_list(request.path_params["list_id"])

    async def get_lists(request: Request) -> Response:
        body = await object_body(request)
        size = page_size(body, MOST_LISTS)
        lists = sorted(store.lists.values(), key=lambda x: x.oid)
        chunk, after = page(lists, [x.oid for x in lists], cursor(body, OID), size)
        return ok({"next_cursor": after, "records": [views.list_summary(x) for x in chunk]})

    async def get_list(request: Request) -> Response:
        found = calling_list(request)
        return ok(views.list_detail(found, store.instances_of(found)))

    async def delete_list(request: Request) -> Response:
        store.delete_list(calling_list(request))
        return ok()

    async def create_list(request: Request) -> Response:
        body = await object_body(request)
        name, format_id = text_param(body, "name"), text_param(body, "formatId")
        fmt = store.formats.get(format_id)
        if fmt is None:
            raise Refused(404, f"Specified Format was not found: {format_id}")
        return ok({"id": store.create_list(name, fmt).id})

    async def create_with_format(request: Request) -> Response:
        body = await object_body(request)
        format_name = text_param(body, "formatName")
        list_name = body.get("listName") or f"FORMAT: {format_name}"
        if not isinstance(list_name, str):
            raise Refused(400, "'listName' has unsupported value: string is expected")
        try:
            fields = parse_fields(body.get("fields"))
        except InvalidFormat as exc:
            raise Refused(400, str(exc)) from None
        if any(x.name == list_name for x in store.lists.values()):
            raise Refused(409, f"Duplicate name error: list '{list_name}' already exists")
        fmt = store.create_format(format_name, fields)
        return ok({"id": store.create_list(list_name.strip(), fmt).id, "formatId": fmt.id})

    async def add_all(request: Request) -> Response:
        items = await array_body(request)
        return ok(store.add_many(calling_list(request), items))

    async def add(request: Request) -> Response:
        item = await object_body(request)
        store.add_one(calling_list(request), item)
        return ok()

    async def update_all(request: Request) -> Response:
        items = await array_body(request)
        return ok(store.update_many(calling_list(request), items))

    async def update(request: Request) -> Response:
        item = await object_body(request)
        store.update_one(calling_list(request), item)
        return ok()

    async def erase(request: Request) -> Response:
        body = await object_body(request)
        found = calling_list(request)
        text_param(body, "reason")  # required for the audit log, not kept
        store.erase(found, store.find(found, body.get("fields")))
        return ok()

    async def delete_many(request: Request) -> Response:
        body = await object_body(request)
        found = calling_list(request)
        return job_started(store.start_job(found, delete_filter(store, found, body)))

    async def delete_all(request: Request) -> Response:
        found = calling_list(request)
        return job_started(store.start_job(found, list(found.records.values())))

    def job_started(job: Any) -> Response:
        return ok({"job": job.id, "estimated_time": store.estimate(job)})

    async def job_status(request: Request) -> Response:
        job = store.jobs.get(request.path_params["job_id"])
        if job is None:
            raise Refused(404, "Specified Job was not found")
        return ok(job.describe())

    async def old_all(request: Request) -> Response:
        body = await object_body(request)
        found, campaign = calling_list(request), store.campaign(request.path_params["campaign_id"])
        return ok(list_legacy.all_records(found, campaign, body, completed_time=True))

    async def old_changed(request: Request) -> Response:
        body = await object_body(request)
        found, campaign = calling_list(request), store.campaign(request.path_params["campaign_id"])
        return ok(list_legacy.changed_records(found, campaign, body))

    async def old_query(request: Request) -> Response:
        body = await object_body(request)
        found = calling_list(request)
        campaign = list_legacy.campaign_or_none(store, request.path_params["campaign_id"])
        return ok(list_legacy.query(store, found, campaign, body))

    def read(handler: Any) -> Any:
        return guarded(tenant, handler, read=READ)

    def change(handler: Any) -> Any:
        return guarded(tenant, handler, change=MANAGE_LISTS)

    table = [
        ("/getAll", read(get_lists), "POST"),
        ("/getList/{list_id}", read(get_list), "GET"),
        ("/deleteList/{list_id}", change(delete_list), "DELETE"),
        ("/createList", change(create_list), "POST"),
        ("/createListWithNewFormat", change(create_with_format), "POST"),
        ("/addAll/{list_id}", change(add_all), "POST"),
        ("/add/{list_id}", change(add), "POST"),
        ("/updateAll/{list_id}", change(update_all), "POST"),
        ("/update/{list_id}", change(update), "POST"),
        ("/erase/{list_id}", change(erase), "POST"),
        ("/delete/{list_id}", change(delete_many), "POST"),
        ("/deleteAll/{list_id}", change(delete_all), "POST"),
        ("/getAll/{list_id}/{campaign_id}", read(old_all), "POST"),
        ("/getChanged/{list_id}/{campaign_id}", read(old_changed), "POST"),
        ("/get/{list_id}/{campaign_id}", read(old_query), "POST"),
    ]
    return [
        *(Route(BASE + path, handler, methods=[method]) for path, handler, method in table),
        Route("/configapi/v3/job/{job_id}", read(job_status), methods=["GET"]),
    ]


# --- Delete Many Records: which records a filter picks ------------------------------------------


def delete_filter(
    store: ListStore, calling_list: CallingList, body: dict[str, Any]
) -> list[Record]:
    """Return the records matching every criterion of a Delete Many Records body.

    Criteria: key or searchable `fields`, `byCampaignResult` (campaign and policy), and
    `createdFrom` / `createdTo`; at least one is required.
    """
    tests = [
        *_field_tests(calling_list, body.get("fields")),
        *_campaign_tests(store, calling_list, body.get("byCampaignResult")),
        *_created_tests(body),
    ]
    if not tests:
        raise Refused(400, "At least one filtering criterion is required")
    return [r for r in calling_list.records.values() if all(t(r) for t in tests)]


def _field_tests(calling_list: CallingList, raw: Any) -> list[Any]:
    if blank(raw) or raw == {}:
        return []
    if not isinstance(raw, dict):
        raise Refused(400, "'fields' must be an object of field names and values")
    tests = []
    for name, wanted in raw.items():
        spec = calling_list.format.by_name.get(name)
        if spec is None or spec.skip or not (spec.key or spec.searchable):
            raise Refused(400, f"'fields.{name}' is not a key or searchable field of the list")
        values = wanted if isinstance(wanted, list) else [wanted]
        allowed = {_stored(spec, v) for v in values}
        tests.append(lambda r, n=name, a=allowed: str(r.values.get(n, "")) in a)
    return tests


def _stored(spec: Any, value: Any) -> str:
    try:
        return str(convert(spec, value))
    except FormatError:
        return str(value).strip()


def _campaign_tests(store: ListStore, calling_list: CallingList, raw: Any) -> list[Any]:
    if blank(raw):
        return []
    if not isinstance(raw, dict) or blank(raw.get("campaignId")):
        raise Refused(400, "'byCampaignResult.campaignId' is required")
    policy = str(raw.get("policy") or "ALL").upper()
    if policy not in POLICIES:
        raise Refused(400, f"'byCampaignResult.policy' must be one of {', '.join(POLICIES)}")
    instances = store.campaign(str(raw["campaignId"])).instances_of(calling_list)
    if not instances:
        raise Refused(409, "List is not bound to specified Campaign")
    if policy == "ONLY_COMPLETED":
        return [lambda r: any((i.result(r) or _NONE).completed for i in instances)]
    if policy == "ONLY_NEVER_ATTEMPTED":
        return [lambda r: not any((i.result(r) or _NONE).attempts for i in instances)]
    return [lambda r: True]


def _created_tests(body: dict[str, Any]) -> list[Any]:
    start, end = time_param(body, "createdFrom"), time_param(body, "createdTo")
    if start is not None and end is not None and start >= end:
        raise Refused(400, "'createdFrom' must be less than 'createdTo'")
    tests = []
    if start is not None:
        tests.append(lambda r: r.created >= start)
    if end is not None:
        tests.append(lambda r: r.created < end)
    return tests


class _NoResult:
    completed = False
    attempts: list[Any] = []


_NONE = _NoResult()


# --- the simulator's own control of the lists (not BPCC) ------------------------------------------


def _control(store: ListStore) -> Any:
    async def control(request: Request) -> Response:
        """Read or set the tenant-wide record limit (for limitExceeded)."""
        if request.method == "POST":
            try:
                body = await json_body(request)
                store.record_limit = int(body["record_limit"])
            except (BadRequest, KeyError, TypeError, ValueError) as exc:
                return JSONResponse({"error": f"bad body: {exc}"}, status_code=400)
        return JSONResponse(
            {"record_limit": store.record_limit, "total_records": store.total_records()}
        )

    return control
