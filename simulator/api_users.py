"""OneCloud CX configapi v2, folder "Users" of seed 001: Get Teams and Get User Data.

Any valid bearer token may read them (401 otherwise, in configapi's words); an unknown
username answers 404. The users are the roster's 40 agents, in their teams with their
team's skills, and the API users, in an "Administrators" team of their own.
"""

from __future__ import annotations

from typing import TypedDict

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator import roster
from simulator.guard import config_user
from simulator.tenant import Tenant
from simulator.web import config_error, ok

API_TEAM = "Administrators"
# Extensions as a tenant numbers them: API users from 1001, agents from 2001.
FIRST_API_EXTENSION = 1001
FIRST_AGENT_EXTENSION = 2001
# The centre routes on skills alone, so every agent holds its team's skills at full level.
SKILL_LEVEL = 100


class UserData(TypedDict):
    """A user as Get User Data answers it (seed 001's attribute table)."""

    disabled: bool
    changePassword: bool
    skills: dict[str, int]
    loginId: str
    firstName: str
    lastName: str
    team: str
    extension: str
    workPhone: str
    mobilePhone: str
    email: str
    roles: list[str]


def routes(tenant: Tenant) -> list[Route]:
    users = directory(list(tenant.auth.users.values()), roster.agents())

    async def teams(request: Request) -> Response:
        caller = config_user(tenant, request)
        if isinstance(caller, Response):
            return caller
        return ok([{"name": name} for name in [API_TEAM, *roster.TEAMS]])

    async def user_data(request: Request) -> Response:
        caller = config_user(tenant, request)
        if isinstance(caller, Response):
            return caller
        login = request.path_params["username"]
        found = users.get(login)
        if found is None:
            return config_error(404, f"User '{login}' not found")
        return ok(found)

    return [
        Route("/configapi/v2/team", teams, methods=["GET"]),
        Route("/configapi/v2/user/{username}", user_data, methods=["GET"]),
    ]


def directory(api_users: list[roster.User], agents: list[roster.AgentSpec]) -> dict[str, UserData]:
    """Return every user's data by login: the API users first, then the agents."""
    found = [
        _user(u.login, u.first_name, u.last_name, API_TEAM, FIRST_API_EXTENSION + i, "API User")
        for i, u in enumerate(api_users)
    ]
    for i, agent in enumerate(agents):
        data = _user(
            agent.login_id, agent.first, agent.last, agent.team, FIRST_AGENT_EXTENSION + i, "Agent"
        )
        data["skills"] = {name: SKILL_LEVEL for name in sorted(roster.TEAM_SKILLS[agent.team])}
        found.append(data)
    return {user["loginId"]: user for user in found}


def _user(login: str, first: str, last: str, team: str, extension: int, role: str) -> UserData:
    return {
        "disabled": False,
        "changePassword": False,
        "skills": {},
        "loginId": login,
        "firstName": first,
        "lastName": last,
        "team": team,
        "extension": str(extension),
        "workPhone": "",
        "mobilePhone": "",
        "email": f"{login}@example.com",
        "roles": [role],
    }
