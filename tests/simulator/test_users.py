"""OneCloud CX configapi v2 Get Teams and Get User Data tell the roster's teams and users."""

from __future__ import annotations

import httpx
import pytest

from simulator import roster
from tests.simulator.conftest import DEMO, NO_STATS, Sim


def test_get_teams_lists_every_team_of_the_roster(sim: Sim) -> None:
    with sim.client() as client:
        names = [team["name"] for team in client.get("/configapi/v2/team").json()]

    assert set(roster.TEAMS) <= set(names)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("agent", roster.agents()[:4], ids=lambda a: a.team)
def test_an_agent_is_in_its_team_with_its_team_skills(sim: Sim, agent: roster.AgentSpec) -> None:
    with sim.client() as client:
        user = client.get(f"/configapi/v2/user/{agent.login_id}").json()

    assert (user["loginId"], user["firstName"], user["lastName"]) == (
        agent.login_id,
        agent.first,
        agent.last,
    )
    assert user["team"] == agent.team
    assert set(user["skills"]) == roster.TEAM_SKILLS[agent.team]
    assert user["roles"] == ["Agent"]


def test_every_user_has_a_team_that_get_teams_lists(sim: Sim) -> None:
    logins = [DEMO[0], NO_STATS[0], *(a.login_id for a in roster.agents())]
    with sim.client() as client:
        teams = {team["name"] for team in client.get("/configapi/v2/team").json()}
        users = [client.get(f"/configapi/v2/user/{login}").json() for login in logins]

    assert {user["team"] for user in users} <= teams
    assert len({user["extension"] for user in users}) == len(users), "extensions are unique"


def test_an_unknown_user_is_404(sim: Sim) -> None:
    with sim.client() as client:
        response = client.get("/configapi/v2/user/nobody.here")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("path", ["/configapi/v2/team", f"/configapi/v2/user/{DEMO[0]}"])
def test_reading_users_without_a_token_is_401(sim: Sim, path: str) -> None:
    response = httpx.get(f"{sim.url}{path}")

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
