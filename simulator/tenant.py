"""One simulated tenant: its configuration, clock, centre, users and subscriptions."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from simulator import roster
from simulator.auth import Auth
from simulator.centre import Centre
from simulator.clock import Clock
from simulator.faults import Faults, RequestLog
from simulator.ids import Ids
from simulator.list_demo import build as build_lists
from simulator.statistics import Scope
from simulator.tasks import TaskDesk

# A manual clock starts here unless told otherwise: a Monday morning, mid-peak.
MANUAL_START = 1_767_607_200.0  # 2026-01-05 10:00:00 UTC
# The longest stretch of simulated time caught up second by second; beyond it the
# centre moves in coarser steps so a long-idle simulator answers at once.
MAX_FINE_CATCH_UP = 6 * 3600


@dataclass
class Config:
    """How the simulator runs; every field has a command-line option."""

    seed: int = 1
    speed: float = 1.0
    manual_clock: bool = False
    start: float | None = None
    timezone: str = "UTC"
    daily_reset: int = 0
    token_ttl: float = 3600.0
    subscription_limit: int = 5
    warmup: float = 1200.0
    # Simulated seconds before a new subscription has data (until then: 204).
    data_delay: float = 1.0
    client_id: str = field(
        default_factory=lambda: os.environ.get("WALLBOARD_SIM_CLIENT_ID") or "wallboard-demo"
    )
    client_secret: str = field(
        default_factory=lambda: os.environ.get("WALLBOARD_SIM_CLIENT_SECRET") or "demo-secret"
    )


@dataclass
class Subscription:
    body: dict[str, Any]
    created: float  # simulated time


class Tenant:
    """Everything the simulator's APIs read and change."""

    def __init__(self, config: Config) -> None:
        self.config = config
        start = config.start or (MANUAL_START if config.manual_clock else time.time())
        self.clock = Clock(start, config.speed, manual=config.manual_clock)
        self.zone = ZoneInfo(config.timezone)
        self.centre = Centre(config.seed, start - config.warmup, self.zone, config.daily_reset)
        self.ids = Ids(config.seed + 1)
        users = roster.users(config.client_id, config.client_secret)
        self.auth = Auth(users, self.ids, config.token_ttl)
        self.user_ids = {user.login: self.ids.guid() for user in users}
        self.subscriptions: dict[str, Subscription] = {}
        self.faults = Faults(config.seed)
        self.log = RequestLog()
        self.tasks = TaskDesk(self.centre, self.ids)  # Task Routing API
        self.lists = build_lists(config.seed, self.centre, self.ids)  # List Management
        self.centre.hooks.append(self.lists.step)  # deletion jobs and the outbound dialer
        self.frozen = False
        self.sync()

    def sync(self) -> None:
        """Bring the centre up to the clock's time, unless the data is frozen."""
        if self.frozen:
            return
        target = self.clock.now()
        gap = target - self.centre.now
        dt = max(1.0, gap / MAX_FINE_CATCH_UP)
        while self.centre.now + dt <= target:
            self.centre.step(dt)

    def scope(self, user: roster.User) -> Scope:
        """Return what `user` supervises: its teams' agents and the services they handle."""
        teams = set(user.teams)
        names = {s for team in teams for s in roster.TEAM_SKILLS[team]}
        services = [s for s in self.centre.services.values() if s.name in names]
        agents = [a for a in self.centre.agents if a.spec.team in teams]
        return Scope(self.centre, services, agents)
