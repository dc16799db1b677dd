"""The simulated tenant's configuration: services, teams, agents, dispositions, users.

Fixed data, the same for every seed; the seed only drives what happens over time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Privileges, named as in the BPCC administrator's role editor.
STATS_API = "Access Realtime Stats API"
AGENT_METRICS = "View real-time agent metrics"
SERVICE_METRICS = "View real-time service metrics"
MANAGE_CAMPAIGNS = "Manage all services and campaigns"
MANAGE_LISTS = "Manage calling lists"
MANAGE_DNC = "Manage Do Not Call lists"
TASK_ROUTING = "Use Task Routing API"
VIEW_CAMPAIGN_RESULTS = "View campaign results"

STATS_PRIVILEGES = frozenset({STATS_API, AGENT_METRICS, SERVICE_METRICS})
ALL_PRIVILEGES = STATS_PRIVILEGES | {
    MANAGE_CAMPAIGNS,
    MANAGE_LISTS,
    MANAGE_DNC,
    TASK_ROUTING,
    VIEW_CAMPAIGN_RESULTS,
}


@dataclass(frozen=True)
class ServiceSpec:
    """A service or campaign: how its interactions arrive and are handled.

    `peak_per_hour` is the arrival rate at the busiest hour (the day's shape scales it);
    times are mean seconds; `patience` is how long a caller waits before hanging up
    (None: never abandons, as for email and tasks).
    """

    name: str
    media: str  # voice, chat, email, task, outbound
    sl_threshold: int
    sl_target: int  # percent
    short_abandon: int
    peak_per_hour: float
    handle: float
    acw: float
    patience: float | None


SERVICES = [
    ServiceSpec("Voice Inbound", "voice", 20, 80, 5, 70, 240, 30, 150),
    ServiceSpec("Sales", "voice", 30, 80, 5, 35, 320, 40, 200),
    ServiceSpec("Technical Support", "voice", 60, 70, 10, 28, 480, 60, 300),
    ServiceSpec("Billing", "voice", 30, 80, 5, 22, 280, 40, 180),
    ServiceSpec("Chat Service", "chat", 60, 80, 10, 38, 420, 20, 240),
    ServiceSpec("Email Service", "email", 3600, 90, 0, 18, 300, 30, None),
    ServiceSpec("Order Tasks", "task", 600, 90, 0, 10, 360, 20, None),
    ServiceSpec("Outbound Sales", "outbound", 20, 80, 0, 0, 260, 40, None),
    ServiceSpec("Renewals Outbound", "outbound", 20, 80, 0, 0, 200, 30, None),
]

TEAMS = ["Customer Service", "Sales", "Technical Support", "Back Office"]

# Skills of each team's agents, by service name.
TEAM_SKILLS = {
    "Customer Service": {"Voice Inbound", "Billing", "Chat Service"},
    "Sales": {"Sales", "Voice Inbound", "Outbound Sales", "Renewals Outbound"},
    "Technical Support": {"Technical Support", "Chat Service", "Email Service"},
    "Back Office": {"Email Service", "Order Tasks", "Billing"},
}

_FIRST = [
    "Christy", "Mark", "Allen", "Jeffery", "Liza", "Maria", "Daniel", "Priya", "Tom", "Aiko",
    "Samuel", "Fatima", "Oliver", "Grace", "Luis", "Hannah", "Ivan", "Chloe", "Noah", "Zara",
]  # fmt: skip
_LAST = [
    "Borden", "Lozada", "Fawcett", "Smith", "Garcia", "Kim", "Patel", "Nguyen", "Okafor",
    "Rossi", "Schmidt", "Dubois", "Silva", "Novak", "Haddad", "Jensen", "Moreau", "Ito",
    "Walsh", "Costa",
]  # fmt: skip

AGENT_COUNT = 40
# Shift start hours (local time), one per agent in turn: most agents work the day,
# a few cover evenings and nights, so the centre is never empty.
SHIFT_STARTS = [8, 8, 9, 9, 7, 10, 8, 9, 12, 14, 16, 0, 8, 9, 11, 13, 6, 18, 22, 9]
SHIFT_HOURS = 9


@dataclass(frozen=True)
class AgentSpec:
    login_id: str
    first: str
    last: str
    team: str
    shift_start: int


def agents() -> list[AgentSpec]:
    """Return the tenant's agents: 40, spread over the four teams."""
    result = []
    for i in range(AGENT_COUNT):
        first = _FIRST[i % len(_FIRST)]
        last = _LAST[(i * 7 + i // len(_FIRST)) % len(_LAST)]  # every pair differs
        result.append(
            AgentSpec(
                login_id=f"{first}.{last}".lower(),
                first=first,
                last=last,
                team=TEAMS[i % len(TEAMS)],
                shift_start=SHIFT_STARTS[i % len(SHIFT_STARTS)],
            )
        )
    return result


NOT_READY_REASONS = ["Break", "Lunch", "Meeting", "Training", "Coaching"]


@dataclass(frozen=True)
class Disposition:
    """A disposition and the flags `cfg/dispositions` filters on."""

    name: str
    agent_can_select: bool = True
    inbound: bool = True
    outbound: bool = True
    preview: bool = True


DISPOSITIONS = [
    Disposition("Resolved", outbound=False, preview=False),
    Disposition("Escalated", outbound=False, preview=False),
    Disposition("Callback requested"),
    Disposition("Product sold"),
    Disposition("Not interested", inbound=False),
    Disposition("Wrong number"),
    Disposition("Do not call again", inbound=False),
    Disposition("Abandoned", agent_can_select=False),
    Disposition("Agent failure", agent_can_select=False),
    Disposition("Dropped while talking", agent_can_select=False),
    Disposition("Phone number out of service", agent_can_select=False, inbound=False),
    Disposition("No answer", agent_can_select=False, inbound=False),
    Disposition("Busy", agent_can_select=False, inbound=False),
    Disposition("Answering machine", agent_can_select=False, inbound=False),
    Disposition("System failure", agent_can_select=False),
]
# What agents choose at the end of an inbound or an outbound conversation, with weights.
INBOUND_OUTCOMES = {"Resolved": 70, "Escalated": 12, "Callback requested": 10, "Product sold": 8}
OUTBOUND_OUTCOMES = {
    "Product sold": 25,
    "Not interested": 45,
    "Callback requested": 20,
    "Wrong number": 6,
    "Do not call again": 4,
}


@dataclass(frozen=True)
class User:
    """An API user: credentials, privileges, and the teams it supervises."""

    login: str
    secret: str
    privileges: frozenset[str]
    teams: tuple[str, ...] = field(default=tuple(TEAMS))
    first_name: str = "API"
    last_name: str = "User"


def users(demo_id: str, demo_secret: str) -> list[User]:
    """Return the API users: the demo user with every privilege, and the restricted ones.

    - the read-only viewer sees statistics and lists but may not change campaigns;
    - `wallboard-noteam` may read statistics but supervises no team (no agent rows);
    - `wallboard-nostats` has no statistics privileges at all.
    """
    return [
        User(demo_id, demo_secret, ALL_PRIVILEGES, first_name="Wallboard", last_name="Demo"),
        User(
            "wallboard-viewer",
            "viewer-secret",
            STATS_PRIVILEGES | {VIEW_CAMPAIGN_RESULTS},
            first_name="Read",
            last_name="Only",
        ),
        User("wallboard-noteam", "noteam-secret", STATS_PRIVILEGES, teams=()),
        User("wallboard-nostats", "nostats-secret", frozenset({MANAGE_LISTS}), teams=()),
    ]


SUPERVISORS = [("Helen", "Park"), ("Marcus", "Reed"), ("Sofia", "Alvarez")]
CHAT_MESSAGES = [
    ("Team huddle at the top of the hour in room 2.", False),
    ("Great work on service level this morning, everyone!", False),
    ("Billing system is slow: tell callers refunds may take longer today.", True),
    ("Please log ACW notes before going ready.", False),
    ("Outage in the north region: expect more Technical Support calls.", True),
    ("Lunch rota is posted on the board.", False),
    ("Queue is building on Voice Inbound: finish breaks early if you can.", True),
    ("New promotion code SPRING25 is live for Sales.", False),
]
