"""Test a tenant's connection and say precisely what is wrong, in plain words.

Used by "Test connection" on the tenants page (and the admin's): it gets a credential and
reads the teams the user supervises. The tenant may be unsaved (the form's values): its
token is then kept only for the test. It never creates a subscription: a client may hold
only one, and a test subscription would replace the poller's. With the statsapi login it
never logs in while the poller holds a live session either: a user has one session
cookie, and a new login ends the previous one ("valid until the next user logs into any
wallboard", reference §4 "Authentication"), so it tests with the poller's session, and a
session it must start is the poller's from then on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bpcc.admin_api import MemoryTokens, TokenStore
from bpcc.client import BpccClient, Forbidden, Token, Unauthorized, Unreachable, UpstreamError
from bpcc.models import Tenant
from bpcc.tokens import credential, statistics_tokens

STATS_PRIVILEGES = (
    "Access Realtime Stats API, View real-time agent metrics and View real-time service metrics"
)


# What a failed test found wrong, in the words the tenants page heads its answer with.
UNREACHABLE = "unreachable"
REFUSED_SECRET = "refused secret"
MISSING_PRIVILEGE = "missing privilege"
NO_TEAM = "no supervised team"


@dataclass
class Report:
    """The outcome of a connection test: `level` is ok, warning or error; `problem` is
    one of the four above when the test found which ("" when it connected, or when the
    tenant failed otherwise)."""

    level: str
    summary: str
    details: list[str] = field(default_factory=list)
    problem: str = ""


def check_connection(tenant: Tenant, timeout: float) -> Report:
    """Return what a connection attempt to `tenant` found; an unsaved tenant (no id)
    is tested with a token kept for the test alone."""
    tokens: TokenStore = statistics_tokens(tenant) if tenant.pk else MemoryTokens()
    with BpccClient(tenant.base_url, timeout=timeout) as client:
        try:
            token = _credential(client, tenant, tokens)
        except UpstreamError as exc:
            return _credential_problem(tenant, exc)
        try:
            teams = _teams(client, tenant, tokens, token)
        except Forbidden as exc:
            return Report(
                "error",
                "The user may not read real-time statistics.",
                [f"Give it the privileges {STATS_PRIVILEGES}.", f"The tenant said: {exc}"],
                MISSING_PRIVILEGE,
            )
        except UpstreamError as exc:
            return Report("error", "The tenant accepted the login but not the request.", [str(exc)])
    if not teams:
        return Report(
            "warning",
            "Connected, but the user supervises no team: agent grids will stay empty.",
            ["Make the user supervisor of the teams the boards should show."],
            NO_TEAM,
        )
    names = ", ".join(team["name"] for team in teams)
    return Report("ok", f"Connected: the user supervises {len(teams)} team(s): {names}.")


def _credential(client: BpccClient, tenant: Tenant, tokens: TokenStore) -> Token:
    """Return a token of the test's own (OAuth tokens live side by side, so the secret
    itself is tested), or the poller's statsapi session, started if it has none."""
    if tenant.auth_mode == Tenant.AuthMode.BASIC:
        return credential(client, tenant, tokens)
    return client.get_token(tenant.client_id, tenant.client_secret)


def _teams(
    client: BpccClient, tenant: Tenant, tokens: TokenStore, token: Token
) -> list[dict[str, str]]:
    """Return the teams the user supervises; a statsapi session that had ended is
    replaced once, for the poller too."""
    try:
        return client.get_teams(token)
    except Unauthorized:
        if token.kind != "cookie":
            raise
        tokens.forget_token()
        return client.get_teams(credential(client, tenant, tokens))


def _credential_problem(tenant: Tenant, exc: UpstreamError) -> Report:
    if isinstance(exc, Unreachable):
        return Report(
            "error",
            f"Cannot reach {tenant.base_url}.",
            ["Check the base URL and that this server can reach it.", str(exc)],
            UNREACHABLE,
        )
    if isinstance(exc, Unauthorized):
        return Report(
            "error",
            "The tenant refused the credentials.",
            [
                "Check the client ID (the BPCC username) and the secret; a new API secret "
                "can be generated on the user's page.",
                f"The tenant said: {exc}",
            ],
            REFUSED_SECRET,
        )
    if isinstance(exc, Forbidden) and tenant.auth_mode == Tenant.AuthMode.BASIC:
        return Report(
            "error",
            "The tenant refused the statsapi login.",
            ["From BPCC 5.36 on it is switched off: use OAuth client credentials.", str(exc)],
        )
    return Report("error", "The tenant answered with an error.", [str(exc)])
