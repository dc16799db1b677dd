"""The control API under `/_sim/`: read counters and state, inject faults, drive time.

Not part of BPCC; tests, demos and trainers use it. Bodies are JSON; a bad one gets
400 with `{"error": "..."}`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.faults import Fault
from simulator.tenant import Tenant
from simulator.web import BadRequest, json_body

FAULT_FIELDS = {f.name for f in fields(Fault)} - {"id"}
CONFIG_FIELDS = {"subscription_limit", "token_ttl", "data_delay"}


def _error(message: str) -> Response:
    return JSONResponse({"error": message}, status_code=400)


async def _object(request: Request, allowed: set[str]) -> dict[str, Any]:
    body = await json_body(request) if (await request.body()).strip() else {}
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    unknown = set(body) - allowed
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(sorted(unknown))}")
    return body


def routes(tenant: Tenant) -> list[Route]:
    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                result: Response = await handler(request)
            except KeyError as exc:
                return _error(f"missing field {exc}")
            except (BadRequest, ValueError, TypeError) as exc:
                return _error(str(exc))
            return result

        return endpoint

    async def state(request: Request) -> Response:
        tenant.sync()
        centre = tenant.centre
        return JSONResponse(
            {
                "seed": tenant.config.seed,
                "speed": tenant.clock.speed,
                "manual_clock": tenant.clock.manual,
                "now": centre.now,
                "frozen": tenant.frozen,
                "agents": Counter(a.state for a in centre.agents),
                "queues": {s.name: len(s.queue) for s in centre.services.values()},
                "subscriptions": sorted(tenant.subscriptions),
                "subscription_limit": tenant.config.subscription_limit,
                "token_ttl": tenant.auth.token_ttl,
                "faults": tenant.faults.describe(),
            }
        )

    async def counters(request: Request) -> Response:
        return JSONResponse({"counts": dict(tenant.log.counts)})

    async def requests(request: Request) -> Response:
        since = float(request.query_params.get("since", "0"))
        entries = [e for e in tenant.log.entries if e["started"] >= since]
        return JSONResponse({"requests": entries})

    async def reset_counters(request: Request) -> Response:
        tenant.log.reset()
        return JSONResponse({"ok": True})

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            spec = await _object(request, FAULT_FIELDS)
            fault = tenant.faults.add(Fault.from_spec(spec))
            return JSONResponse({"id": fault.id, "faults": tenant.faults.describe()})
        if request.method == "DELETE":
            fault_id = request.path_params.get("fault_id")
            tenant.faults.clear(int(fault_id) if fault_id is not None else None)
        return JSONResponse({"faults": tenant.faults.describe()})

    async def revoke_tokens(request: Request) -> Response:
        return JSONResponse({"revoked": tenant.auth.revoke_all()})

    async def expire_tokens(request: Request) -> Response:
        tenant.auth.expire_all()
        return JSONResponse({"ok": True})

    async def freeze(request: Request) -> Response:
        body = await _object(request, {"frozen"})
        tenant.sync()
        tenant.frozen = bool(body.get("frozen", True))
        return JSONResponse({"frozen": tenant.frozen})

    async def advance(request: Request) -> Response:
        body = await _object(request, {"seconds"})
        tenant.clock.advance(float(body["seconds"]))
        tenant.sync()
        return JSONResponse({"now": tenant.centre.now})

    async def configure(request: Request) -> Response:
        body = await _object(request, CONFIG_FIELDS)
        if "subscription_limit" in body:
            tenant.config.subscription_limit = int(body["subscription_limit"])
        if "token_ttl" in body:
            tenant.auth.token_ttl = float(body["token_ttl"])
        if "data_delay" in body:
            tenant.config.data_delay = float(body["data_delay"])
        return JSONResponse({name: getattr(tenant.config, name) for name in CONFIG_FIELDS})

    async def restart_stats(request: Request) -> Response:
        """Forget every subscription, as a restarted statistics server would."""
        dropped = len(tenant.subscriptions)
        tenant.subscriptions.clear()
        return JSONResponse({"dropped": dropped})

    async def chat(request: Request) -> Response:
        body = await _object(request, {"content", "urgent", "login_id", "first_name", "last_name"})
        tenant.sync()
        message = tenant.centre.post_message(
            str(body.get("login_id", "helen.park")),
            str(body.get("first_name", "Helen")),
            str(body.get("last_name", "Park")),
            str(body["content"]),
            bool(body.get("urgent", False)),
        )
        return JSONResponse({"id": message.id})

    table = [
        ("/_sim/state", state, ["GET"]),
        ("/_sim/counters", counters, ["GET"]),
        ("/_sim/requests", requests, ["GET"]),
        ("/_sim/reset-counters", reset_counters, ["POST"]),
        ("/_sim/faults", faults, ["GET", "POST", "DELETE"]),
        ("/_sim/faults/{fault_id:int}", faults, ["DELETE"]),
        ("/_sim/tokens/revoke", revoke_tokens, ["POST"]),
        ("/_sim/tokens/expire", expire_tokens, ["POST"]),
        ("/_sim/freeze", freeze, ["POST"]),
        ("/_sim/advance", advance, ["POST"]),
        ("/_sim/config", configure, ["POST"]),
        ("/_sim/restart-stats", restart_stats, ["POST"]),
        ("/_sim/chat", chat, ["POST"]),
    ]
    return [Route(path, guarded(handler), methods=methods) for path, handler, methods in table]
