"""List Management API v3, "DNC Lists" (seed 002): add, delete and replace entries.

Every method needs "Manage Do Not Call lists". A Geographic (State/Province) list may
not be changed through the API: 403 "Modification of this type of list is not allowed".
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.dnc import DncList
from simulator.list_http import array_body, guarded
from simulator.list_store import ListStore
from simulator.roster import MANAGE_DNC
from simulator.tenant import Tenant
from simulator.web import ok

BASE = "/configapi/v3/donotcalllist"


def routes(tenant: Tenant) -> list[Route]:
    store: ListStore = tenant.lists

    def writable(request: Request) -> DncList:
        dnc = store.dnc_list(request.path_params["dnc_id"])
        dnc.check_writable()
        return dnc

    async def delete_all(request: Request) -> Response:
        return ok({"deleted": writable(request).clear()})

    async def delete_many(request: Request) -> Response:
        items = await array_body(request)
        return ok(writable(request).delete_many(items))

    async def add_many(request: Request) -> Response:
        items = await array_body(request)
        return ok(writable(request).add_many(items))

    async def add_rows(request: Request) -> Response:
        rows = await array_body(request)
        return ok({"added": writable(request).add_rows(rows)})

    async def replace_rows(request: Request) -> Response:
        rows = await array_body(request)
        return ok({"added": writable(request).add_rows(rows, replace=True)})

    def change(handler: Any) -> Any:
        return guarded(tenant, handler, change=MANAGE_DNC)

    table = [
        ("deleteAll", delete_all),
        ("delete", delete_many),
        ("addAll", add_many),
        ("add", add_rows),
        ("replaceAll", replace_rows),
    ]
    return [
        Route(f"{BASE}/{name}/{{dnc_id}}", change(handler), methods=["POST"])
        for name, handler in table
    ]
