"""The token endpoints: OAuth 2.0 client credentials, configapi v2 and v3.

Seed 003 "Get Access Token" (POST configapi/v2/oauth/token), seed 002 "Get Access
Token" (POST configapi/v3/oauth/token): a form with client_id, client_secret, scope and
grant_type=client_credentials; 401 "Authentification failed" for wrong credentials or
grant type (seed 002), 400 for a missing parameter, 415 for a body that is not a form.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.tenant import Tenant
from simulator.web import config_error, ok

FORM = "application/x-www-form-urlencoded"
REQUIRED = ("client_id", "client_secret", "grant_type")


def routes(tenant: Tenant) -> list[Route]:
    async def token(request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith(FORM):
            return config_error(415, f"Content type must be {FORM}")
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
        missing = [name for name in REQUIRED if not form.get(name)]
        if missing:
            return config_error(400, f"Empty or missed required parameter: {', '.join(missing)}")
        if form["grant_type"] != "client_credentials":
            return config_error(
                401, "Authentification failed: grant_type must be client_credentials"
            )
        user = tenant.auth.user(form["client_id"], form["client_secret"])
        if user is None:
            return config_error(401, "Authentification failed: wrong client ID or secret")
        grant = tenant.auth.issue(user)
        return ok(
            {
                "access_token": grant.token,
                "token_type": "Bearer",
                "expires_in": str(int(tenant.auth.token_ttl)),
                "scope": form.get("scope") or request.url.hostname,
            }
        )

    return [
        Route("/configapi/v2/oauth/token", token, methods=["POST"]),
        Route("/configapi/v3/oauth/token", token, methods=["POST"]),
    ]
