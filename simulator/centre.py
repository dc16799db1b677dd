"""The living contact centre: agents, queues and the day's counters, stepped in time.

`Centre.step(dt)` moves everything forward by `dt` simulated seconds: shifts log agents
in and out, interactions arrive with the day's shape, wait, abandon or are answered,
agents go busy, into after-call work, ready or not ready. Every random draw comes from
one seeded stream, so a seed and a sequence of steps always give the same centre.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from simulator import roster
from simulator.clock import local_hour, traffic_shape
from simulator.entities import (
    ACW,
    BUSY,
    LOGGED_OUT,
    NOT_READY,
    READY,
    Agent,
    AgentDay,
    ChatMessage,
    Interaction,
    Service,
    ServiceDay,
)
from simulator.ids import Ids

__all__ = [
    "ACW",
    "BUSY",
    "LOGGED_OUT",
    "NOT_READY",
    "READY",
    "Agent",
    "Centre",
    "Interaction",
    "Service",
    "ServiceDay",
]

# How often an agent takes a not-ready break after a conversation, and for how long.
BREAK_CHANCE = 0.06
REASON_WEIGHTS = {"Break": 50, "Lunch": 15, "Meeting": 15, "Training": 10, "Coaching": 10}
REASON_MINUTES = {"Break": 10, "Lunch": 35, "Meeting": 25, "Training": 40, "Coaching": 15}
HOLD_CHANCE = 0.2
CHAT_MESSAGES_KEPT = 50
CHAT_MESSAGE_EVERY = 1200.0  # mean simulated seconds between supervisors' messages


class Centre:
    """The whole simulated contact centre."""

    def __init__(self, seed: int, start: float, zone: ZoneInfo, daily_reset: int = 0) -> None:
        self.rng = random.Random(f"centre-{seed}")
        self.ids = Ids(seed)
        self.zone = zone
        self.daily_reset = daily_reset  # local hour at which *_per_day counters restart
        self.now = start
        self.services = {s.name: Service(s, self.ids.guid()) for s in roster.SERVICES}
        self.team_ids = {team: self.ids.guid() for team in roster.TEAMS}
        self.agents = [self._new_agent(spec) for spec in roster.agents()]
        self.chat_messages: list[ChatMessage] = []
        # Extra work each step, e.g. the outbound dialer: hook(centre, dt).
        self.hooks: list[Callable[[Centre, float], None]] = []
        self._day_started = self._last_reset(start)
        self._next_id = 1
        for agent in self.agents:
            self._start_of_day_login(agent)

    # --- set-up ---------------------------------------------------------------------

    def _new_agent(self, spec: roster.AgentSpec) -> Agent:
        skills = frozenset(roster.TEAM_SKILLS[spec.team])
        offset = self.rng.uniform(-600, 600)
        return Agent(spec, self.ids.guid(), skills, offset, since=self.now)

    def _start_of_day_login(self, agent: Agent) -> None:
        """Log in the agents whose shift is under way, as if they came in on time."""
        elapsed = self._shift_elapsed(agent)
        if elapsed is not None:
            self._log_in(agent, at=self.now - elapsed)

    def _shift_elapsed(self, agent: Agent) -> float | None:
        """Return how long the agent's shift has run now, or None when off shift."""
        start = (agent.spec.shift_start * 3600 + agent.shift_offset) % 86400
        elapsed = (local_hour(self.now, self.zone) * 3600 - start) % 86400
        return elapsed if elapsed < roster.SHIFT_HOURS * 3600 else None

    # --- time -----------------------------------------------------------------------

    def step(self, dt: float) -> None:
        """Move the centre `dt` simulated seconds forward."""
        self.now += dt
        self._maybe_reset_day()
        self._shifts()
        self._arrivals(dt)
        self._abandons()
        self._timers()
        for hook in self.hooks:
            hook(self, dt)
        self._route()
        self._account(dt)
        self._chat(dt)

    def _last_reset(self, timestamp: float) -> float:
        moment = datetime.fromtimestamp(timestamp, self.zone)
        reset = moment.replace(hour=self.daily_reset, minute=0, second=0, microsecond=0)
        if reset > moment:
            reset -= timedelta(days=1)
        return reset.timestamp()

    def _maybe_reset_day(self) -> None:
        day = self._last_reset(self.now)
        if day != self._day_started:
            self._day_started = day
            for service in self.services.values():
                service.day = ServiceDay()
            for agent in self.agents:
                agent.day = AgentDay()

    def _shifts(self) -> None:
        for agent in self.agents:
            on_shift = self._shift_elapsed(agent) is not None
            if on_shift and not agent.logged_in:
                self._log_in(agent, at=self.now)
            elif not on_shift and agent.state in (READY, NOT_READY):
                self._set_state(agent, LOGGED_OUT)
                agent.login_at = None

    def _log_in(self, agent: Agent, at: float) -> None:
        agent.login_at = at
        self._set_state(agent, READY)
        agent.since = at

    # --- interactions ----------------------------------------------------------------

    def new_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def _arrivals(self, dt: float) -> None:
        shape = traffic_shape(local_hour(self.now, self.zone))
        for service in self.services.values():
            rate = service.spec.peak_per_hour * shape * dt / 3600
            for _ in range(self._poisson(rate)):
                self.enqueue(service.name, patience=self._patience(service.spec))

    def _poisson(self, mean: float) -> int:
        count, threshold, product = 0, math.exp(-mean), self.rng.random()
        while product > threshold:
            count += 1
            product *= self.rng.random()
        return count

    def _patience(self, spec: roster.ServiceSpec) -> float | None:
        return None if spec.patience is None else self.rng.expovariate(1 / spec.patience)

    def enqueue(
        self,
        service_name: str,
        *,
        patience: float | None = None,
        priority: int = 0,
        on_leave: Callable[[Interaction, Agent | None, str], None] | None = None,
        data: dict[str, Any] | None = None,
    ) -> Interaction:
        """Put a new interaction in a service's queue and count it as received."""
        service = self.services[service_name]
        item = Interaction(
            self.new_id(),
            service_name,
            service.spec.media,
            self.now,
            patience,
            priority,
            on_leave,
            data or {},
        )
        service.queue.append(item)
        if item.media != "outbound":  # the dialer counts its own attempts
            service.day.received += 1
            service.day.queued += 1
        return item

    def remove(self, item: Interaction, outcome: str) -> bool:
        """Take a queued interaction out of its queue (cancelled); return False if gone."""
        queue = self.services[item.service].queue
        if item not in queue:
            return False
        queue.remove(item)
        if item.on_leave:
            item.on_leave(item, None, outcome)
        return True

    def move(self, item: Interaction, service_name: str) -> None:
        """Move a queued interaction to another service's queue, keeping its place in time."""
        self.services[item.service].queue.remove(item)
        item.service = service_name
        item.media = self.services[service_name].spec.media
        self.services[service_name].queue.append(item)

    def _abandons(self) -> None:
        for service in self.services.values():
            for item in [i for i in service.queue if self._gave_up(i)]:
                service.queue.remove(item)
                self._count_abandon(service, self.now - item.arrived)
                if item.on_leave:
                    item.on_leave(item, None, "abandoned")

    def _gave_up(self, item: Interaction) -> bool:
        return item.patience is not None and self.now - item.arrived >= item.patience

    @staticmethod
    def _count_abandon(service: Service, waited: float) -> None:
        if service.spec.media == "outbound":
            service.day.out_dropped += 1
            return
        if waited < service.spec.short_abandon:
            service.day.abandoned_short += 1
            return
        service.day.abandoned_long += 1
        if waited >= service.spec.sl_threshold:
            service.day.abandoned_after_sl += 1

    # --- agents ---------------------------------------------------------------------

    def _set_state(self, agent: Agent, state: str, reason: str = "", until: float = math.inf):
        agent.state, agent.reason, agent.since, agent.until = state, reason, self.now, until

    def _timers(self) -> None:
        for agent in self.agents:
            if self.now < agent.until:
                continue
            if agent.state == BUSY:
                self._finish_conversation(agent)
            elif agent.state == ACW:
                self._after_work(agent)
            elif agent.state == NOT_READY:
                self._set_state(agent, READY)

    def _finish_conversation(self, agent: Agent) -> None:
        item = agent.current
        assert item is not None
        outbound = item.media == "outbound"
        outcomes = roster.OUTBOUND_OUTCOMES if outbound else roster.INBOUND_OUTCOMES
        disposition = self.rng.choices(list(outcomes), weights=list(outcomes.values()))[0]
        item.data["disposition"] = disposition
        agent.day.dispositions[disposition] += 1
        agent.day.handle_time += self.now - agent.talk_started
        service = self.services[item.service]
        if outbound:
            agent.day.out_handled += 1
            service.day.out_handled += 1
        else:
            agent.day.in_handled += 1
            service.day.handled += 1
        if item.on_leave:
            item.on_leave(item, agent, "completed")
        agent.current, agent.hold = None, None
        acw = self.rng.gammavariate(2, service.spec.acw / 2)
        self._set_state(agent, ACW, until=self.now + acw)

    def _after_work(self, agent: Agent) -> None:
        if self._shift_elapsed(agent) is None:
            self._set_state(agent, LOGGED_OUT)
            agent.login_at = None
        elif self.rng.random() < BREAK_CHANCE:
            reasons = list(REASON_WEIGHTS)
            reason = self.rng.choices(reasons, weights=list(REASON_WEIGHTS.values()))[0]
            minutes = self.rng.gammavariate(3, REASON_MINUTES[reason] / 3)
            self._set_state(agent, NOT_READY, reason, until=self.now + minutes * 60)
        else:
            self._set_state(agent, READY)

    def _route(self) -> None:
        """Give the oldest, highest-priority interactions to the longest-idle agents."""
        ready = sorted((a for a in self.agents if a.state == READY), key=lambda a: a.since)
        if not ready:
            return
        waiting = [i for s in self.services.values() for i in s.queue]
        waiting.sort(key=lambda i: (-i.priority, i.arrived))
        for item in waiting:
            agent = next((a for a in ready if item.service in a.skills), None)
            if agent is not None:
                ready.remove(agent)
                self.answer(item, agent)

    def answer(self, item: Interaction, agent: Agent) -> None:
        """Connect a queued (or just-dialled) interaction to an agent."""
        service = self.services[item.service]
        if item in service.queue:
            service.queue.remove(item)
        waited = self.now - item.arrived
        if item.media == "outbound":
            service.day.out_answered += 1
        else:
            service.day.answered += 1
            service.day.wait_answered += waited
            service.day.answered_in_sl += waited <= service.spec.sl_threshold
        handle = self.rng.gammavariate(2, service.spec.handle / 2)
        self._set_state(agent, BUSY, until=self.now + handle)
        agent.current, agent.talk_started = item, self.now
        if item.media == "voice" and self.rng.random() < HOLD_CHANCE:
            start = self.now + self.rng.uniform(0.2, 0.6) * handle
            agent.hold = (start, start + self.rng.uniform(0.05, 0.25) * handle)
        if item.on_leave:
            item.on_leave(item, agent, "routed")

    def _account(self, dt: float) -> None:
        for agent in self.agents:
            if agent.state == READY:
                agent.day.ready_time += dt
            elif agent.state == BUSY:
                agent.day.busy_time += dt
            elif agent.state == ACW:
                agent.day.acw_time += dt
            elif agent.state == NOT_READY:
                agent.day.break_time += dt

    # --- supervisors' internal chat --------------------------------------------------

    def _chat(self, dt: float) -> None:
        if self.rng.random() >= dt / CHAT_MESSAGE_EVERY:
            return
        content, urgent = self.rng.choice(roster.CHAT_MESSAGES)
        first, last = self.rng.choice(roster.SUPERVISORS)
        self.post_message(f"{first}.{last}".lower(), first, last, content, urgent)

    def post_message(self, login: str, first: str, last: str, content: str, urgent: bool):
        message = ChatMessage(self.ids.guid(), login, first, last, self.now, urgent, content)
        self.chat_messages.insert(0, message)
        del self.chat_messages[CHAT_MESSAGES_KEPT:]
        return message
