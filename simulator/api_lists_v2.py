"""OneCloud CX configapi v2 (seed 001): calling lists, campaigns and DNC lists by *name*.

The same lists, campaigns and DNC lists as List Management v3, addressed by their names
(URL-encoded in the path), with the v2 bodies: records in the older form, DNC entries as
rows of values. Deleting all records of a calling list is immediate here, not a job.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator import list_legacy
from simulator.campaigns import Campaign
from simulator.dnc import DncList
from simulator.list_http import array_body, guarded, object_body
from simulator.list_store import ListStore
from simulator.lists import CallingList
from simulator.roster import MANAGE_CAMPAIGNS, MANAGE_DNC, MANAGE_LISTS, VIEW_CAMPAIGN_RESULTS
from simulator.tenant import Tenant
from simulator.web import ok

LISTS = "/configapi/v2/callinglist"
DNC = "/configapi/v2/donotcalllist"
READ_LISTS = (MANAGE_LISTS, VIEW_CAMPAIGN_RESULTS)
READ_CAMPAIGNS = (MANAGE_CAMPAIGNS, VIEW_CAMPAIGN_RESULTS)


def routes(tenant: Tenant) -> list[Route]:
    return [*_list_routes(tenant), *_campaign_routes(tenant), *_dnc_routes(tenant)]


def _list_routes(tenant: Tenant) -> list[Route]:
    store: ListStore = tenant.lists

    def named(request: Request) -> CallingList:
        return store.list_named(request.path_params["list_name"])

    def campaign(request: Request) -> Campaign:
        return store.campaign_named(request.path_params["campaign_name"])

    async def add_all(request: Request) -> Response:
        items = await array_body(request)
        return ok(store.add_many(named(request), items))

    async def add(request: Request) -> Response:
        item = await object_body(request)
        store.add_one(named(request), item)
        return ok()

    async def delete_all(request: Request) -> Response:
        store.clear(named(request))
        return ok()

    async def get_all(request: Request) -> Response:
        body = await object_body(request)
        found = named(request)
        return ok(list_legacy.all_records(found, campaign(request), body, completed_time=False))

    async def get_completed(request: Request) -> Response:
        body = await object_body(request)
        found = named(request)
        return ok(list_legacy.completed_records(found, campaign(request), body))

    async def get_changed(request: Request) -> Response:
        body = await object_body(request)
        found = named(request)
        return ok(list_legacy.changed_records(found, campaign(request), body))

    async def query(request: Request) -> Response:
        body = await object_body(request)
        found = named(request)
        name = request.path_params["campaign_name"]
        chosen = list_legacy.campaign_or_none(store, name, by_name=True)
        return ok(list_legacy.query(store, found, chosen, body, single=True))

    async def update(request: Request) -> Response:
        item = await object_body(request)
        store.update_one(named(request), item)
        return ok()

    def read(handler: Any) -> Any:
        return guarded(tenant, handler, read=READ_LISTS)

    def change(handler: Any) -> Any:
        return guarded(tenant, handler, change=MANAGE_LISTS)

    pair = "{list_name}/{campaign_name}"
    table = [
        ("addAll/{list_name}", change(add_all)),
        ("add/{list_name}", change(add)),
        ("deleteAll/{list_name}", change(delete_all)),
        (f"getAll/{pair}", read(get_all)),
        (f"getCompleted/{pair}", read(get_completed)),
        (f"getChanged/{pair}", read(get_changed)),
        (f"get/{pair}", read(query)),
        ("update/{list_name}", change(update)),
    ]
    return [Route(f"{LISTS}/{path}", handler, methods=["POST"]) for path, handler in table]


def _campaign_routes(tenant: Tenant) -> list[Route]:
    store: ListStore = tenant.lists

    async def get_all(request: Request) -> Response:
        """Return the enabled campaigns with the names of the lists bound to them."""
        return ok(
            [
                {
                    "name": c.name,
                    "state": c.state,
                    "lists": list(dict.fromkeys(i.calling_list.name for i in c.instances)),
                }
                for c in store.campaigns.values()
                if c.enabled
            ]
        )

    endpoint = guarded(tenant, get_all, read=READ_CAMPAIGNS)
    return [
        Route("/configapi/v2/campaign/getAll/", endpoint, methods=["GET"]),
        Route("/configapi/v2/campaign/getAll", endpoint, methods=["GET"]),
    ]


def _dnc_routes(tenant: Tenant) -> list[Route]:
    store: ListStore = tenant.lists

    def writable(request: Request) -> DncList:
        dnc = store.dnc_list(request.path_params["dnc_name"], by_name=True)
        dnc.check_writable()
        return dnc

    async def add(request: Request) -> Response:
        rows = await array_body(request)
        return ok({"added": writable(request).add_rows(rows)})

    async def replace_all(request: Request) -> Response:
        rows = await array_body(request)
        return ok({"added": writable(request).add_rows(rows, replace=True)})

    # Seed 001's examples of the two deletions answer 200 with an empty body.
    async def delete_all(request: Request) -> Response:
        writable(request).clear()
        return ok()

    async def delete(request: Request) -> Response:
        items = await array_body(request)
        writable(request).delete_many(items)
        return ok()

    table = [("add", add), ("replaceAll", replace_all), ("deleteAll", delete_all)]
    table.append(("delete", delete))
    return [
        Route(f"{DNC}/{name}/{{dnc_name}}", guarded(tenant, h, change=MANAGE_DNC), methods=["POST"])
        for name, h in table
    ]
