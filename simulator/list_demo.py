"""The demo tenant's lists: campaigns, calling lists with records and history, DNC lists.

Built once at start from the seed (ids from the tenant's `Ids`, everything else from
the lists' own random stream). Names follow the seed documents so their example
requests are easy to make concrete:

- "Renewals Outbound" (RUNNING) dials "Renewals.csv": the v3 example record fields
  `firstname, lastname, date_time, phone, id`, ids N1, N2, ...;
- "Outbound Sales" (STOPPED) has "Sales Leads.csv" bound twice: the v2 / DEPRECATED
  example fields `firstname, phone, id, lastname, status`, ids 1, 2, ...;
- "Win-back Outbound" is disabled; it ran "Sales Leads.csv" once last week and has
  "Web Leads.csv", with the v2 request fields `ID, firstName, lastName, Phone, Status`
  and records 1 to 3 (the v2 examples add 4 to 6);
- DNC lists of every type, some of whose entries match demo records.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from simulator import roster
from simulator.campaigns import RUNNING, Attempt, Campaign, Instance, SortField, Sorting
from simulator.centre import Centre
from simulator.dialer import CPA_RESULTS, OUTCOMES, PERSON, RETRY_AFTER, RINGING
from simulator.dnc import DncList
from simulator.fields import Field
from simulator.ids import Ids
from simulator.list_store import ListStore
from simulator.lists import CallingList, Record, check_new

DAY = 86400.0
FIRST = [
    "Graham", "Mike", "Katrina", "Jenny", "Olivia", "Ethan", "Sophia", "Lucas", "Amelia",
    "Mason", "Isabella", "Logan", "Mia", "James", "Harper", "Benjamin", "Evelyn", "Jacob",
    "Abigail", "Henry", "Emily", "Jack", "Ella", "Owen", "Avery", "Wyatt", "Scarlett", "Leo",
]  # fmt: skip
LAST = [
    "Smith", "Miller", "Johnson", "Green", "Brown", "Davis", "Wilson", "Moore", "Taylor",
    "Anderson", "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Young", "King",
    "Wright", "Lopez", "Hill", "Scott", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
]  # fmt: skip
AREAS = ["415", "650", "510", "408", "212", "312", "617", "206", "303", "209", "512", "702"]
TIERS = ["Gold", "Silver", "Platinum", "Bronze"]
RESULT_FIELDS = ("field_1", "field_2")
RENEWALS, SALES, WEB = 400, 300, 3


def build(seed: int, centre: Centre, ids: Ids) -> ListStore:
    """Return the demo tenant's list-management state."""
    store = ListStore(seed, centre, ids)
    renewals = _renewals_list(store)
    sales = _sales_list(store)
    web = _web_list(store)
    dnc = _dnc_lists(store, renewals)
    _campaigns(store, renewals, sales, web, dnc)
    return store


# --- calling lists -----------------------------------------------------------------------------


def _renewals_list(store: ListStore) -> CallingList:
    fmt = store.create_format(
        "Renewals format",
        [
            Field("f1", "firstname", "FIRST_NAME"),
            Field("f2", "lastname", "LAST_NAME"),
            Field("f3", "date_time", "DATETIME", date_format="dd-MM-yyyy"),
            Field("f4", "phone", "PHONE", required=True, searchable=True, default_country_code="1"),
            Field("f5", "id", "OTHER", required=True, searchable=True, key=True),
        ],
    )
    created = store.now - 7 * DAY
    calling_list = store.create_list("Renewals.csv", fmt, created)
    for n in range(1, RENEWALS + 1):
        first, last = _name(store)
        renewal = store.now + store.rng.randint(1, 60) * DAY
        item = {
            "firstname": first,
            "lastname": last,
            "date_time": _day(renewal),
            "phone": _phone(n, style=n % 3),
            "id": f"N{n}",
        }
        _insert(store, calling_list, item, created)
    return calling_list


def _sales_list(store: ListStore) -> CallingList:
    fmt = store.create_format(
        "Sales leads format",
        [
            Field("f1", "firstname", "FIRST_NAME"),
            Field("f2", "phone", "PHONE", required=True, searchable=True, phone_type="US_CANADA"),
            Field("f3", "id", "OTHER", required=True, key=True),
            Field("f4", "lastname", "LAST_NAME"),
            Field("f5", "status", "OTHER", searchable=True),
        ],
    )
    created = store.now - 5 * DAY
    calling_list = store.create_list("Sales Leads.csv", fmt, created)
    for n in range(1, SALES + 1):
        first, last = _name(store)
        item = {
            "id": str(n),
            "firstname": first,
            "lastname": last,
            "phone": _phone(RENEWALS + n, style=n % 3),
            "status": store.rng.choice(TIERS),
        }
        _insert(store, calling_list, item, created)
    return calling_list


def _web_list(store: ListStore) -> CallingList:
    fmt = store.create_format(
        "Web leads format",
        [
            Field("f1", "ID", "OTHER", required=True, key=True),
            Field("f2", "firstName", "FIRST_NAME"),
            Field("f3", "lastName", "LAST_NAME"),
            Field("f4", "Phone", "PHONE", required=True, phone_type="US_CANADA"),
            Field("f5", "Status", "OTHER"),
        ],
    )
    created = store.now - 2 * DAY
    calling_list = store.create_list("Web Leads.csv", fmt, created)
    for n in range(1, WEB + 1):
        first, last = _name(store)
        item = {
            "ID": str(n),
            "firstName": first,
            "lastName": last,
            "Phone": _phone(RENEWALS + SALES + n, style=0),
            "Status": store.rng.choice(TIERS),
        }
        _insert(store, calling_list, item, created)
    return calling_list


def _insert(store: ListStore, calling_list: CallingList, item: dict[str, Any], when: float) -> None:
    values, key = check_new(calling_list.format, item)
    calling_list.add(store.oids.next(when), when, values, key)


def _name(store: ListStore) -> tuple[str, str]:
    return store.rng.choice(FIRST), store.rng.choice(LAST)


def _phone(n: int, style: int) -> str:
    """Return a fictional US number in one of the ways people type them."""
    area, line = AREAS[n % len(AREAS)], f"{n:04d}"
    return [f"+1 ({area}) 555-{line}", f"{area}-555-{line}", f"{area}555{line}"][style]


def _day(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%d-%m-%Y")


# --- DNC lists ----------------------------------------------------------------------------------


def _dnc_lists(store: ListStore, renewals: CallingList) -> dict[str, DncList]:
    records = list(renewals.records.values())
    internal = {str(records[n].values["phone"]): "Renewals Outbound" for n in (4, 16, 32)}
    specs = [
        ("Internal DNC", "INTERNAL", {**internal, "8888888": "customer request"}, {}),
        ("Postal DNC", "GEOGRAPHIC_POSTAL", {"94105": "", "10001": ""}, {"country": "US"}),
        ("State DNC", "GEOGRAPHIC_STATE", {"AK": "", "HI": ""}, {"country": "US"}),
        ("Area Code DNC", "GEOGRAPHIC_AREACODE", {"209": "premium", "900": ""}, {"country": "US"}),
        ("Account Exclusions", "EXCLUSION", {"N7": "", "N13": "", "N21": ""}, {"list_field": "id"}),
    ]
    made = {}
    for name, kind, entries, extra in specs:
        dnc = DncList(store.ids.guid(), name, kind, dict(entries), **extra)
        store.dnc[dnc.id] = made[kind] = dnc
    return made


# --- campaigns and their history ----------------------------------------------------------------


def _campaigns(
    store: ListStore,
    renewals: CallingList,
    sales: CallingList,
    web: CallingList,
    dnc: dict[str, DncList],
) -> None:
    def campaign(name: str, service: str | None, kinds: list[str], **extra: Any) -> Campaign:
        made = Campaign(store.ids.guid(), name, service, result_fields=RESULT_FIELDS, **extra)
        made.dnc_ids = [dnc[k].id for k in kinds]
        store.campaigns[made.id] = made
        return made

    renew = campaign(
        "Renewals Outbound",
        "Renewals Outbound",
        ["INTERNAL", "GEOGRAPHIC_AREACODE", "EXCLUSION"],
        state=RUNNING,
    )
    by_date = Sorting("CUSTOM", [SortField("f3", "date_time", "ASC")])
    renewing = store.bind(renew, renewals, enabled=True, sorting=by_date)
    sell = campaign(
        "Outbound Sales",
        "Outbound Sales",
        ["INTERNAL", "GEOGRAPHIC_POSTAL", "GEOGRAPHIC_AREACODE"],
        pacing=1.5,
    )
    selling = store.bind(sell, sales, enabled=True, dialing_ratio=2)
    platinum = Sorting("CUSTOM", [SortField("f5", "status", "DESC")])
    store.bind(sell, sales, name="Platinum first", order=2, sorting=platinum)
    winback = campaign("Win-back Outbound", None, ["INTERNAL", "GEOGRAPHIC_STATE"], enabled=False)
    store.bind(winback, web, enabled=True)
    lapsed = store.bind(winback, sales, enabled=True)
    _history(store, renewing, count=80, day=store.now - DAY)
    _history(store, selling, count=120, day=store.now - 2 * DAY)
    _history(store, lapsed, count=60, day=store.now - 4 * DAY)


def _history(store: ListStore, instance: Instance, count: int, day: float) -> None:
    """Give the first records in dialing order the attempts of an earlier day's work."""
    agents = [a.login_id for a in roster.agents() if a.team == "Sales"]
    when = day - day % DAY + 9 * 3600  # from 09:00 UTC that day
    for record in instance.dial_order(store.rng)[:count]:
        if _forbidden(store, instance, record):
            continue
        when += store.rng.uniform(60, 300)
        _past_attempt(store, instance, record, when, agents)
        result = instance.results[record.oid]
        if not result.completed and store.rng.random() < 0.5:
            again = when + RETRY_AFTER.get(result.attempts[-1].disposition, 600)
            _past_attempt(store, instance, record, again, agents)


def _forbidden(store: ListStore, instance: Instance, record: Record) -> bool:
    phone = str(record.values.get(instance.calling_list.format.phones[0].name, ""))
    lists = (store.dnc[d] for d in instance.campaign.dnc_ids)
    return any(d.matches(instance.calling_list.format, record, phone) for d in lists)


def _past_attempt(
    store: ListStore, instance: Instance, record: Record, when: float, agents: list[str]
) -> None:
    rng = store.rng
    outcome = rng.choices(list(OUTCOMES), weights=list(OUTCOMES.values()))[0]
    disposition, agent, talk = outcome, "", 0
    if outcome == PERSON:
        outcomes = roster.OUTBOUND_OUTCOMES
        disposition = rng.choices(list(outcomes), weights=list(outcomes.values()))[0]
        agent, talk = rng.choice(agents), round(rng.gammavariate(2, 120))
    attempt = Attempt(
        date=when,
        phone=str(record.values.get(instance.calling_list.format.phones[0].name, "")),
        disposition=disposition,
        call_duration=talk,
        dialing_duration=round(rng.uniform(*RINGING[outcome])),
        agent=agent,
        interaction_id=store.dialer.guid(),
        cpa_duration=rng.randint(1, 3) if outcome in (PERSON, "Answering machine") else 0,
        cpa_result=CPA_RESULTS[outcome],
        custom=store.dialer.custom_values(instance.campaign, disposition),
    )
    store.dialer.settle(instance, record, attempt)
