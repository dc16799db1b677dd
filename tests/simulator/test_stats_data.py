"""Subscription data: grids ordered, filtered and limited as asked, sums, dispositions,
chat messages, the supervisor's scope, and the statsapi cookie login."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from simulator import roster
from tests.simulator.conftest import DEMO, NO_TEAM, Sim


def grid(grid_id: str, *names: str, **options: Any) -> dict[str, Any]:
    columns = [{"id": str(i + 1), "stat_name": n} for i, n in enumerate(names)]
    return {"id": grid_id, "columns": columns, **options}


def fetch(sim: Sim, section: dict[str, Any], user: tuple[str, str] = DEMO) -> dict[str, Any]:
    """Subscribe to one app section, let a simulated minute pass, return its data."""
    with sim.client(user) as client:
        client.post("/statsapi/subscription", json={"app": section}).raise_for_status()
        sim.advance(60)
        response = client.get("/statsapi/subscription/data")
    response.raise_for_status()
    data: dict[str, Any] = response.json()["app"]
    return data


def rows(data: dict[str, Any], kind: str) -> list[dict[str, str]]:
    values: list[dict[str, str]] = data[kind][0]["values"]
    return values


def test_every_value_is_a_string(sim: Sim) -> None:
    data = fetch(
        sim,
        {
            "stats_totals": ["agents_logged", "service_level", "in_average_speed_of_answer"],
            "service_grids": [grid("s", "name", "in_calls_waiting", "service_level")],
            "agent_grids": [grid("a", "login_id", "acd_state", "state_duration")],
        },
    )

    cells = [*data["stats_totals"].values()]
    cells += [
        v for kind in ("service_grids", "agent_grids") for r in rows(data, kind) for v in r.values()
    ]
    assert cells and all(isinstance(v, str) for v in cells)


def test_agent_rows_are_ordered_by_the_column_asked_for(sim: Sim) -> None:
    data = fetch(
        sim, {"agent_grids": [grid("a", "login_id", "login_time", order_by="2", order_dir="DESC")]}
    )

    times = [int(r["2"]) for r in rows(data, "agent_grids") if r["2"]]
    assert len(times) > 2 and times == sorted(times, reverse=True)


def test_a_numeric_filter_compares_numbers_not_text(sim: Sim) -> None:
    # As text "100" < "20"; as numbers it is not: the filter must compare numbers.
    options = {"filter_by": "2", "filter_value": "20", "filter_operation": "GE"}
    data = fetch(sim, {"agent_grids": [grid("a", "login_id", "state_duration", **options)]})

    durations = [int(r["2"]) for r in rows(data, "agent_grids")]
    assert durations and min(durations) >= 20
    assert any(d >= 100 for d in durations)


def test_the_logged_in_filter_drops_logged_out_agents(sim: Sim) -> None:
    options = {"filter_by": "2", "filter_value": "", "filter_operation": "NE"}
    everyone = rows(
        fetch(sim, {"agent_grids": [grid("a", "login_id", "acd_state")]}), "agent_grids"
    )
    logged_in = rows(
        fetch(sim, {"agent_grids": [grid("a", "login_id", "acd_state", **options)]}), "agent_grids"
    )

    assert len(everyone) == roster.AGENT_COUNT
    assert {r["2"] for r in logged_in} <= {"ready", "not_ready", "busy", "after_call_work"}
    assert len(logged_in) == sum(r["2"] != "" for r in everyone)


def test_limit_keeps_the_top_rows(sim: Sim) -> None:
    options = {"order_by": "2", "order_dir": "DESC", "limit": "3"}
    data = fetch(
        sim, {"service_grids": [grid("s", "name", "in_calls_received_per_day", **options)]}
    )

    received = [int(r["2"]) for r in rows(data, "service_grids")]
    assert len(received) == 3 and received == sorted(received, reverse=True)


def test_a_sum_column_adds_its_statistics(sim: Sim) -> None:
    total = {"id": "3", "stat_name": "SUM", "sum_stat_names": ["agents_ready", "agents_busy"]}
    columns = [*grid("s", "agents_ready", "agents_busy")["columns"], total]
    data = fetch(sim, {"service_grids": [{"id": "s", "columns": columns}]})

    for row in rows(data, "service_grids"):
        assert int(row["3"]) == int(row["1"]) + int(row["2"])


def test_dispositions_count_only_the_listed_ones(sim: Sim) -> None:
    def column(column_id: str, dispositions: list[str]) -> dict[str, Any]:
        return {
            "id": column_id,
            "stat_name": "calls_dispositions_per_day",
            "dispositions": dispositions,
        }

    columns = [
        column("1", ["Resolved"]),
        column("2", ["Escalated"]),
        column("3", ["Resolved", "Escalated"]),
    ]
    sim.advance(3600)
    data = fetch(sim, {"agent_grids": [{"id": "a", "columns": columns}]})

    values = rows(data, "agent_grids")
    assert any(int(r["1"]) for r in values), "an hour of calls has resolved some"
    for row in values:
        assert int(row["3"]) == int(row["1"]) + int(row["2"])


def test_chat_messages_are_filtered_and_limited(sim: Sim) -> None:
    for n in range(3):
        sim.control("POST", "chat", {"content": f"Queue alert number {n}", "urgent": n == 2})
    sim.control("POST", "chat", {"content": "Lunch rota"})

    messages = fetch(sim, {"chat_messages": {"filter": "queue alert", "limit": "2"}})[
        "chat_messages"
    ]

    assert [m["content"] for m in messages] == ["Queue alert number 2", "Queue alert number 1"]
    assert [m["is_urgent"] for m in messages] == ["1", "0"]


def test_a_user_who_supervises_no_team_sees_no_agents(sim: Sim) -> None:
    data = fetch(
        sim, {"agent_grids": [grid("a", "login_id")], "stats_totals": ["agents_logged"]}, NO_TEAM
    )

    assert rows(data, "agent_grids") == []
    assert data["stats_totals"]["agents_logged"] == "0"


def test_teams_are_the_supervised_ones_with_ids(sim: Sim) -> None:
    with sim.client() as demo, sim.client(NO_TEAM) as noteam:
        teams = demo.get("/statsapi/cfg/teams").json()
        none = noteam.get("/statsapi/cfg/teams").json()

    assert [t["name"] for t in teams] == roster.TEAMS
    assert len({t["id"] for t in teams}) == len(teams)
    assert none == []


@pytest.mark.parametrize("flag", ["agentCanSelect", "inbound", "outbound", "preview"])
def test_disposition_flags_narrow_the_list(sim: Sim, flag: str) -> None:
    attribute = {"agentCanSelect": "agent_can_select"}.get(flag, flag)
    with sim.client() as client:
        names = client.get("/statsapi/cfg/dispositions", params={flag: "1"}).json()

    assert names == sorted(d.name for d in roster.DISPOSITIONS if getattr(d, attribute))
    assert len(names) < len(roster.DISPOSITIONS)


def test_the_authenticate_cookie_works_and_a_new_login_ends_the_old_one(sim: Sim) -> None:
    body = {"tenant_url": "127.0.0.1", "username": DEMO[0], "password": DEMO[1]}
    first = httpx.post(f"{sim.url}/statsapi/auth", json=body)
    assert set(first.cookies) == {"X-STATSAPI-TOKEN", "X-STATSAPI-TENANT", "X-STATSAPI-LOGIN"}
    with httpx.Client(base_url=sim.url, cookies=first.cookies) as browser:
        assert browser.get("/statsapi/cfg/teams").status_code == 200

        httpx.post(f"{sim.url}/statsapi/auth", json=body)  # the same user logs in elsewhere

        assert browser.get("/statsapi/cfg/teams").status_code == 401


def test_available_agents_follows_the_ready_agents(sim: Sim) -> None:
    data = fetch(sim, {"service_grids": [grid("s", "name", "agents_ready")]})
    answer = httpx.get(
        f"{sim.url}/statsapi/info/check_available_agents", params={"service": "Voice Inbound"}
    ).json()
    ready = {r["1"]: int(r["2"]) for r in rows(data, "service_grids")}

    assert answer == {"availability": ready["Voice Inbound"] > 0}
