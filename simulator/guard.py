"""Who is asking: the bearer token's user and its privileges, refused in each API's words.

configapi (List Management v3, OneCloud CX v2) answers 401 for a missing, unknown or
expired token and 403 for a missing privilege (seed 002, "Error Handling"); the Task
Routing API answers with its numbered codes 1, 2 and 3 (seed 000, "Error Codes").
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.auth import Refusal
from simulator.roster import User
from simulator.tenant import Tenant
from simulator.web import bearer, config_error, task_error


def config_user(tenant: Tenant, request: Request, *privileges: str) -> User | Response:
    """Return the caller if it may use these privileges, or the configapi refusal."""
    user = tenant.auth.check(bearer(request))
    if isinstance(user, Refusal):
        return config_error(401, f"Authentification failed: {user.value}")
    missing = [p for p in privileges if p not in user.privileges]
    if missing:
        return config_error(403, f"The user lacks the privilege(s): {', '.join(missing)}")
    return user


def task_user(tenant: Tenant, request: Request, privilege: str) -> User | Response:
    """Return the caller if it may use the Task Routing API, or error 1, 2 or 3."""
    user = tenant.auth.check(bearer(request))
    if user is Refusal.EXPIRED:
        return task_error(401, 2, "Access token expired")
    if isinstance(user, Refusal):
        return task_error(401, 1, "Authentication failed")
    if privilege not in user.privileges:
        return task_error(403, 3, "Privilege not granted")
    return user
