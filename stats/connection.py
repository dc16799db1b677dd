"""Test a tenant's connection and say precisely what is wrong, in plain words.

Used by the admin's "Test connection": it gets a credential and reads the teams the user
supervises. It never creates a subscription: a client may hold only one, and a test
subscription would replace the poller's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stats.models import Tenant
from stats.upstream import BpccClient, Forbidden, Token, Unauthorized, Unreachable, UpstreamError

STATS_PRIVILEGES = (
    "Access Realtime Stats API, View real-time agent metrics and View real-time service metrics"
)


@dataclass
class Report:
    """The outcome of a connection test: `level` is ok, warning or error."""

    level: str
    summary: str
    details: list[str] = field(default_factory=list)


def check_connection(tenant: Tenant, timeout: float) -> Report:
    """Return what a connection attempt to `tenant` found."""
    with BpccClient(tenant.base_url, timeout=timeout) as client:
        try:
            token = _credential(client, tenant)
        except UpstreamError as exc:
            return _credential_problem(tenant, exc)
        try:
            teams = client.get_teams(token)
        except Forbidden as exc:
            return Report(
                "error",
                "The user may not read real-time statistics.",
                [f"Give it the privileges {STATS_PRIVILEGES}.", f"The tenant said: {exc}"],
            )
        except UpstreamError as exc:
            return Report("error", "The tenant accepted the login but not the request.", [str(exc)])
    if not teams:
        return Report(
            "warning",
            "Connected, but the user supervises no team: agent grids will stay empty.",
            ["Make the user supervisor of the teams the boards should show."],
        )
    names = ", ".join(team["name"] for team in teams)
    return Report("ok", f"Connected: the user supervises {len(teams)} team(s): {names}.")


def _credential(client: BpccClient, tenant: Tenant) -> Token:
    if tenant.auth_mode == Tenant.AuthMode.BASIC:
        return client.login(tenant.client_id, tenant.client_secret)
    return client.get_token(tenant.client_id, tenant.client_secret)


def _credential_problem(tenant: Tenant, exc: UpstreamError) -> Report:
    if isinstance(exc, Unreachable):
        return Report(
            "error",
            f"Cannot reach {tenant.base_url}.",
            ["Check the base URL and that this server can reach it.", str(exc)],
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
        )
    if isinstance(exc, Forbidden) and tenant.auth_mode == Tenant.AuthMode.BASIC:
        return Report(
            "error",
            "The tenant refused the statsapi login.",
            ["From BPCC 5.36 on it is switched off: use OAuth client credentials.", str(exc)],
        )
    return Report("error", "The tenant answered with an error.", [str(exc)])
