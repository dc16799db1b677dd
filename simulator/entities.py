"""The things the centre is made of: interactions, services, agents, chat messages,
and the per-day counters they carry."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator import roster

READY, NOT_READY, BUSY, ACW, LOGGED_OUT = (
    "ready",
    "not_ready",
    "busy",
    "after_call_work",
    "logged_out",
)


@dataclass
class Interaction:
    """One call, chat, email or task, from arrival until an agent finishes it."""

    id: str
    service: str
    media: str
    arrived: float
    patience: float | None
    priority: int = 0
    # Called when the interaction leaves the queue: (interaction, agent or None, outcome).
    on_leave: Callable[[Interaction, Agent | None, str], None] | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ServiceDay:
    """A service's counters since the daily reset."""

    received: int = 0
    queued: int = 0
    answered: int = 0
    answered_in_sl: int = 0
    abandoned_short: int = 0
    abandoned_long: int = 0
    abandoned_after_sl: int = 0
    wait_answered: float = 0.0
    handled: int = 0
    out_attempts: int = 0
    out_answered: int = 0
    out_handled: int = 0
    out_dropped: int = 0  # answered by a person who hung up before an agent took it


@dataclass
class Service:
    spec: roster.ServiceSpec
    id: str
    queue: list[Interaction] = field(default_factory=list)
    day: ServiceDay = field(default_factory=ServiceDay)

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass
class AgentDay:
    """An agent's counters since the daily reset."""

    in_handled: int = 0
    out_handled: int = 0
    handle_time: float = 0.0
    ready_time: float = 0.0
    busy_time: float = 0.0
    acw_time: float = 0.0
    break_time: float = 0.0
    dispositions: Counter[str] = field(default_factory=Counter)


@dataclass
class Agent:
    spec: roster.AgentSpec
    id: str
    skills: frozenset[str]
    shift_offset: float  # seconds added to the roster's shift start
    state: str = LOGGED_OUT
    reason: str = ""
    since: float = 0.0
    until: float = math.inf  # when a timed state (busy, ACW, not ready) ends
    login_at: float | None = None
    current: Interaction | None = None
    talk_started: float = 0.0
    hold: tuple[float, float] | None = None  # (start, end) of a hold within the call
    day: AgentDay = field(default_factory=AgentDay)

    @property
    def login_id(self) -> str:
        return self.spec.login_id

    @property
    def logged_in(self) -> bool:
        return self.state != LOGGED_OUT


@dataclass
class ChatMessage:
    id: str
    login_id: str
    first_name: str
    last_name: str
    send_time: float
    urgent: bool
    content: str
