"""Statistic values as BPCC sends them: strings, `""` for no data.

Durations are whole seconds and ratios fractions between 0 and 1
(docs/upstream/bpcc-statistics.md §1.1). Three families, by where a statistic is asked for:
totals (over the services a user supervises), service rows and agent rows. Agent-related
service metrics count every agent with the service's skill (§1.1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from simulator.centre import ACW, BUSY, NOT_READY, READY, Agent, Centre, Service, ServiceDay


@dataclass(frozen=True)
class Scope:
    """What one request may see: the supervised services and agents."""

    centre: Centre
    services: Sequence[Service]
    agents: Sequence[Agent]


def count(n: float) -> str:
    return str(int(n))


def seconds(n: float) -> str:
    return str(int(max(0.0, n)))


def ratio(part: float, whole: float) -> str:
    """Return part/whole as BPCC writes a ratio, or "" when there is nothing to divide."""
    if not whole:
        return ""
    return f"{part / whole:.4f}".rstrip("0").rstrip(".")


# --- service statistics: computed over one or many services ------------------------


def _days(services: Iterable[Service]) -> ServiceDay:
    total = ServiceDay()
    for service in services:
        for name, value in vars(service.day).items():
            setattr(total, name, getattr(total, name) + value)
    return total


def _skilled(centre: Centre, services: Sequence[Service]) -> list[Agent]:
    names = {s.name for s in services}
    return [a for a in centre.agents if a.skills & names]


def _waiting(centre: Centre, services: Sequence[Service]) -> list[float]:
    return [centre.now - i.arrived for s in services for i in s.queue]


def _service_level(day: ServiceDay) -> str:
    # Short abandons are left out; long abandons after the threshold count against.
    return ratio(day.answered_in_sl, day.answered + day.abandoned_after_sl)


def _abandoned(day: ServiceDay) -> int:
    return day.abandoned_long + day.abandoned_short


ServiceStat = Callable[[Centre, Sequence[Service], Sequence[Agent]], str]

# Each takes the centre, the services to cover and the agents to count.
SERVICE_STATS: dict[str, ServiceStat] = {
    "agents_logged": lambda c, s, a: count(sum(x.logged_in for x in a)),
    "agents_ready": lambda c, s, a: count(sum(x.state == READY for x in a)),
    "agents_not_ready": lambda c, s, a: count(sum(x.state == NOT_READY for x in a)),
    "agents_busy": lambda c, s, a: count(sum(x.state in (BUSY, ACW) for x in a)),
    "agents_after_call_work": lambda c, s, a: count(sum(x.state == ACW for x in a)),
    "in_calls_waiting": lambda c, s, a: count(len(_waiting(c, s))),
    "in_max_wait_time": lambda c, s, a: seconds(max(_waiting(c, s), default=0)),
    "in_average_speed_of_answer": lambda c, s, a: (
        seconds(_days(s).wait_answered / _days(s).answered) if _days(s).answered else ""
    ),
    "service_level": lambda c, s, a: _service_level(_days(s)),
    "in_calls_received_per_day": lambda c, s, a: count(_days(s).received),
    "in_calls_queued_per_day": lambda c, s, a: count(_days(s).queued),
    "in_calls_answered_per_day": lambda c, s, a: count(_days(s).answered),
    "in_calls_handled_per_day": lambda c, s, a: count(_days(s).handled),
    "in_calls_abandoned_total_per_day": lambda c, s, a: count(_abandoned(_days(s))),
    "in_calls_abandoned_in_queue_per_day": lambda c, s, a: count(_days(s).abandoned_long),
    "in_calls_short_abandoned_in_queue_per_day": lambda c, s, a: count(_days(s).abandoned_short),
    "in_calls_abandoned_percent_per_day": lambda c, s, a: ratio(
        _abandoned(_days(s)), _days(s).received
    ),
    "in_calls_abandoned_in_queue_ratio_per_day": lambda c, s, a: ratio(
        _days(s).abandoned_long, _days(s).received
    ),
    "in_calls_short_abandoned_in_queue_ratio_per_day": lambda c, s, a: ratio(
        _days(s).abandoned_short, _days(s).received
    ),
    "out_calls_attempted_per_day": lambda c, s, a: count(_days(s).out_attempts),
    "out_calls_answered_per_day": lambda c, s, a: count(_days(s).out_answered),
    "out_calls_handled_per_day": lambda c, s, a: count(_days(s).out_handled),
}

# Only meaningful for one service at a time (service grids).
SERVICE_ONLY: dict[str, Callable[[Service], str]] = {
    "name": lambda s: s.name,
    "service_id": lambda s: s.id,
    "media_type": lambda s: s.spec.media,
    "service_level_target": lambda s: str(s.spec.sl_target),
    "service_level_threshold_time": lambda s: seconds(s.spec.sl_threshold),
}


def total_value(name: str, scope: Scope) -> str:
    """Return a total over the supervised services and agents."""
    if name in SERVICE_STATS:
        return SERVICE_STATS[name](scope.centre, scope.services, scope.agents)
    if name == "service_level_threshold_time":
        return seconds(max((s.spec.sl_threshold for s in scope.services), default=0))
    raise KeyError(name)


def service_value(name: str, centre: Centre, service: Service) -> str:
    """Return a statistic of one service row."""
    if name in SERVICE_ONLY:
        return SERVICE_ONLY[name](service)
    return SERVICE_STATS[name](centre, [service], _skilled(centre, [service]))


# --- agent statistics --------------------------------------------------------------


def _acd_state(agent: Agent) -> str:
    return "" if not agent.logged_in else agent.state


def _talk(centre: Centre, agent: Agent) -> str:
    return seconds(centre.now - agent.talk_started) if agent.current else ""


def _hold(centre: Centre, agent: Agent) -> str:
    if not agent.current or not agent.hold or centre.now < agent.hold[0]:
        return "0" if agent.current else ""
    start, end = agent.hold
    return seconds(min(centre.now, end) - start)


def _aht(agent: Agent) -> str:
    handled = agent.day.in_handled + agent.day.out_handled
    return seconds(agent.day.handle_time / handled) if handled else ""


AgentStat = Callable[[Centre, Agent], str]

AGENT_STATS: dict[str, AgentStat] = {
    "login_id": lambda c, a: a.login_id,
    "agent_id": lambda c, a: a.id,
    "firstname": lambda c, a: a.spec.first,
    "lastname": lambda c, a: a.spec.last,
    "first_last_name": lambda c, a: f"{a.spec.first} {a.spec.last}",
    "last_first_name": lambda c, a: f"{a.spec.last} {a.spec.first}",
    "team_name": lambda c, a: a.spec.team,
    "acd_state": lambda c, a: _acd_state(a),
    "reason": lambda c, a: a.reason if a.state == NOT_READY else "",
    "state_duration": lambda c, a: seconds(c.now - a.since) if a.logged_in else "",
    "login_time": lambda c, a: seconds(c.now - a.login_at) if a.login_at is not None else "",
    "active_item_talk_duration": _talk,
    "active_item_hold_duration": _hold,
    "active_item_media_type": lambda c, a: a.current.media if a.current else "",
    "count_of_interactions": lambda c, a: "1" if a.current else "0",
    "in_calls_handled_per_day": lambda c, a: count(a.day.in_handled),
    "out_calls_handled_per_day": lambda c, a: count(a.day.out_handled),
    "calls_average_handling_time_per_day": lambda c, a: _aht(a),
    "agent_total_ready_time": lambda c, a: seconds(a.day.ready_time),
    "agent_total_busy_time": lambda c, a: seconds(a.day.busy_time),
    "agent_total_ACW_time": lambda c, a: seconds(a.day.acw_time),
    "agent_total_break_time": lambda c, a: seconds(a.day.break_time),
}


def agent_value(
    name: str, centre: Centre, agent: Agent, dispositions: Sequence[str] | None = None
) -> str:
    """Return a statistic of one agent row."""
    if name == "calls_dispositions_per_day":
        counts = agent.day.dispositions
        wanted = dispositions if dispositions else list(counts)
        return count(sum(counts[d] for d in wanted))
    return AGENT_STATS[name](centre, agent)


TOTAL_NAMES = frozenset(SERVICE_STATS) | {"service_level_threshold_time"}
SERVICE_GRID_NAMES = frozenset(SERVICE_STATS) | frozenset(SERVICE_ONLY)
AGENT_GRID_NAMES = frozenset(AGENT_STATS) | {"calls_dispositions_per_day"}
