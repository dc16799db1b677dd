"""The outbound dialer: running campaigns call their list records over the centre.

Each simulated second a RUNNING campaign keeps `pacing * Ready agents` lines busy (the
agents skilled for its service). Records come from the enabled instances in `order`;
instances of the same order share the dials in proportion to their dialing ratio, and
within an instance records follow its sorting. A number on one of the campaign's DNC
lists is not dialled: the record completes with the DNC list's disposition.

A dial rings for a while, then ends as No answer, Busy, Answering machine or Phone
number out of service, or a person answers: the call joins the campaign service's queue
with a few seconds' patience, an agent talks and picks the disposition. Every draw comes
from the lists' own random stream, so other parts of the simulator are not shifted.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.campaigns import RUNNING, Attempt, Campaign, Instance, Result
from simulator.centre import READY, Agent, Centre, Interaction
from simulator.lists import Record

if TYPE_CHECKING:
    from simulator.list_store import ListStore

PERSON = "person"
# How dials end, with weights; a person answering is the only way to reach an agent.
OUTCOMES = {
    PERSON: 40,
    "No answer": 25,
    "Busy": 10,
    "Answering machine": 18,
    "Phone number out of service": 7,
}
# Seconds of ringing before each outcome is known: (shortest, longest).
RINGING = {
    PERSON: (4, 20),
    "No answer": (25, 30),
    "Busy": (2, 5),
    "Answering machine": (6, 20),
    "Phone number out of service": (1, 3),
}
CPA_RESULTS = {
    PERSON: "Voice",
    "No answer": "No answer",
    "Busy": "Busy",
    "Answering machine": "Answering machine",
    "Phone number out of service": "SIT",
}
# Dispositions after which a record is called again, and how many seconds later.
RETRY_AFTER = {
    "No answer": 1800,
    "Busy": 600,
    "Answering machine": 3600,
    "Callback requested": 7200,
    "Abandoned": 900,
}
MAX_ATTEMPTS = 3
# How long a connected callee waits for an agent before hanging up: (shortest, longest).
PATIENCE = (3, 8)
# Answered outbound calls go to agents before waiting inbound ones (a connected callee
# hears silence otherwise).
PRIORITY = 1
CUSTOM_VALUES = {
    "field_1": ("12 months", "24 months", "monthly"),
    "field_2": ("card", "invoice", "direct debit"),
}


@dataclass
class Dial:
    """One call in progress: ringing, waiting for an agent, or talking."""

    instance: Instance
    record: Record
    result: Result
    phone: str
    started: float
    rings: float
    outcome: str
    connected: float | None = None
    agent: str = ""
    dropped: bool = False


@dataclass
class _Queue:
    """An instance's records still to dial: never-tried ones in order, and retries."""

    version: int
    fresh: deque[Record]
    retries: list[tuple[float, int, str]] = field(default_factory=list)  # (due, seq, _id)


class Dialer:
    """Dial the records of running campaigns; a centre hook via `ListStore.step`."""

    def __init__(self, store: ListStore, rng: random.Random) -> None:
        self.store = store
        self.rng = rng
        self.ringing: list[Dial] = []
        self.waiting: dict[str, Dial] = {}  # interaction id -> dial
        self.lines: Counter[str] = Counter()  # campaign id -> dials ringing or queued
        self._queues: dict[str, _Queue] = {}  # instance id -> its queue
        self._seq = 0

    def step(self, centre: Centre, dt: float) -> None:
        self._ring(centre)
        for campaign in self.store.campaigns.values():
            running = campaign.enabled and campaign.state == RUNNING
            if running and campaign.service in centre.services:
                self._pace(centre, campaign)

    # --- choosing records ---------------------------------------------------------------

    def _pace(self, centre: Centre, campaign: Campaign) -> None:
        service = campaign.service
        ready = sum(1 for a in centre.agents if a.state == READY and service in a.skills)
        free = int(campaign.pacing * ready) - self.lines[campaign.id]
        while free > 0:
            picked = self._pick(campaign, centre.now)
            if picked is None:
                return
            instance, record, phone = picked
            if not self._blocked(campaign, instance, record, phone, centre.now):
                self._dial(centre, instance, record, phone)
                free -= 1

    def _pick(self, campaign: Campaign, now: float) -> tuple[Instance, Record, str] | None:
        enabled = [i for i in campaign.instances if i.enabled]
        for order in sorted({i.order for i in enabled}):
            group = [i for i in enabled if i.order == order]
            group.sort(key=lambda i: i.dialled / max(1, i.dialing_ratio))
            for instance in group:
                record = self._next(instance, now)
                if record is not None:
                    instance.dialled += 1
                    return instance, record, self._phone(instance, record)
        return None

    def _next(self, instance: Instance, now: float) -> Record | None:
        queue = self._queue(instance)
        while queue.retries and queue.retries[0][0] <= now:
            _, _, oid = heapq.heappop(queue.retries)
            record, result = instance.calling_list.records.get(oid), instance.results.get(oid)
            if record and result and not result.completed and not result.in_flight:
                return record
        while queue.fresh:
            record = queue.fresh.popleft()
            if not record.deleted and record.oid not in instance.results:
                return record
        return None

    def _queue(self, instance: Instance) -> _Queue:
        """Return the instance's queue, rebuilt when its list's records have changed."""
        queue = self._queues.get(instance.id)
        if queue is not None and queue.version == instance.calling_list.version:
            return queue
        order = instance.dial_order(self.rng)
        fresh = deque(r for r in order if r.oid not in instance.results)
        queue = _Queue(instance.calling_list.version, fresh)
        self._queues[instance.id] = queue
        for oid, result in instance.results.items():
            if not result.completed and not result.in_flight and result.last:
                self._push_retry(queue, oid, result)
        return queue

    def _push_retry(self, queue: _Queue, oid: str, result: Result) -> None:
        last = result.last
        assert last is not None
        self._seq += 1
        due = last.date + RETRY_AFTER.get(last.disposition, 0)
        heapq.heappush(queue.retries, (due, self._seq, oid))

    @staticmethod
    def _phone(instance: Instance, record: Record) -> str:
        phones = (record.values.get(f.name) for f in instance.calling_list.format.phones)
        return next((str(p) for p in phones if p), "")

    def _blocked(
        self, campaign: Campaign, instance: Instance, record: Record, phone: str, now: float
    ) -> bool:
        """Complete the record unattempted if a DNC list forbids it; return True if so."""
        for dnc_id in campaign.dnc_ids:
            dnc = self.store.dnc.get(dnc_id)
            if dnc is not None and dnc.matches(instance.calling_list.format, record, phone):
                attempt = Attempt(now, phone, dnc.disposition, call_attempted=False)
                instance.results.setdefault(record.oid, Result()).record(attempt, True)
                return True
        return False

    # --- calls --------------------------------------------------------------------------

    def _dial(self, centre: Centre, instance: Instance, record: Record, phone: str) -> None:
        result = instance.results.setdefault(record.oid, Result())
        result.in_flight = True
        outcome = self.rng.choices(list(OUTCOMES), weights=list(OUTCOMES.values()))[0]
        rings = self.rng.uniform(*RINGING[outcome])
        self.ringing.append(Dial(instance, record, result, phone, centre.now, rings, outcome))
        self.lines[instance.campaign.id] += 1
        centre.services[instance.campaign.service or ""].day.out_attempts += 1

    def _ring(self, centre: Centre) -> None:
        done = [d for d in self.ringing if d.started + d.rings <= centre.now]
        for dial in done:
            self.ringing.remove(dial)
            if dial.outcome == PERSON:
                self._connect(centre, dial)
            else:
                self.lines[dial.instance.campaign.id] -= 1
                self._finish(dial, dial.outcome, centre.now)

    def _connect(self, centre: Centre, dial: Dial) -> None:
        service = dial.instance.campaign.service or ""
        item = centre.enqueue(
            service,
            patience=self.rng.uniform(*PATIENCE),
            priority=PRIORITY,
            on_leave=lambda item, agent, outcome: self._left(centre, item, agent, outcome),
            data={"campaign": dial.instance.campaign.name, "record": dial.record.oid},
        )
        self.waiting[item.id] = dial

    def _left(self, centre: Centre, item: Interaction, agent: Agent | None, outcome: str) -> None:
        dial = self.waiting.get(item.id)
        if dial is None:
            return
        if outcome == "routed" and agent is not None:
            self.lines[dial.instance.campaign.id] -= 1
            dial.agent, dial.connected = agent.login_id, centre.now
            return
        del self.waiting[item.id]
        if outcome == "completed":
            talk = centre.now - (dial.connected or centre.now)
            self._finish(dial, str(item.data.get("disposition", "")), centre.now, talk)
            return
        self.lines[dial.instance.campaign.id] -= 1
        if outcome == "abandoned":
            self._finish(dial, "Abandoned", centre.now)
        else:  # dropped: the instance or record went away; results are not kept
            dial.result.in_flight = False

    def _finish(self, dial: Dial, disposition: str, now: float, talk: float = 0.0) -> None:
        dial.result.in_flight = False
        if dial.dropped or dial.record.deleted:
            return
        talked = dial.outcome == PERSON and dial.connected is not None
        attempt = Attempt(
            date=now,
            phone=dial.phone,
            disposition=disposition,
            call_duration=round(talk),
            dialing_duration=round(dial.rings),
            agent=dial.agent,
            interaction_id=self.guid(),
            cpa_duration=self.rng.randint(1, 3)
            if dial.outcome in (PERSON, "Answering machine")
            else 0,
            cpa_result=CPA_RESULTS[dial.outcome],
            custom=self.custom_values(dial.instance.campaign, disposition if talked else ""),
        )
        self.settle(dial.instance, dial.record, attempt)

    def settle(self, instance: Instance, record: Record, attempt: Attempt) -> None:
        """Write an attempt on a record: complete it, or schedule the next try."""
        result = instance.results.setdefault(record.oid, Result())
        retry = attempt.disposition in RETRY_AFTER
        final = not retry or len(result.attempts) + 1 >= MAX_ATTEMPTS
        result.record(attempt, final)
        if not final:
            queue = self._queues.get(instance.id)
            if queue is not None:
                self._push_retry(queue, record.oid, result)
        if attempt.disposition == "Do not call again":
            self._add_to_internal_dnc(instance.campaign, attempt.phone)

    def _add_to_internal_dnc(self, campaign: Campaign, phone: str) -> None:
        for dnc_id in campaign.dnc_ids:
            dnc = self.store.dnc.get(dnc_id)
            if dnc is not None and dnc.type == "INTERNAL":
                dnc.entries.setdefault(phone, campaign.name)
                return

    def custom_values(self, campaign: Campaign, disposition: str) -> dict[str, str]:
        """Return the campaign result fields an agent fills in (only on a sale)."""
        sold = disposition == "Product sold"
        return {
            name: self.rng.choice(CUSTOM_VALUES.get(name, ("yes",))) if sold else ""
            for name in campaign.result_fields
        }

    def guid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4)).upper()

    # --- lists changing under the dialer ------------------------------------------------

    def drop(self, instance: Instance) -> None:
        """Drop the calls of an unbound instance, as BPCC drops active calls."""
        self._queues.pop(instance.id, None)
        self._drop([d for d in self._dials() if d.instance is instance])

    def forget(self, record: Record) -> None:
        """Drop the calls to a record that was erased or deleted."""
        self._drop([d for d in self._dials() if d.record is record])

    def _dials(self) -> list[Dial]:
        return [*self.ringing, *self.waiting.values()]

    def _drop(self, dials: list[Dial]) -> None:
        for dial in dials:
            dial.dropped = True
            if dial in self.ringing:
                self.ringing.remove(dial)
                self.lines[dial.instance.campaign.id] -= 1
                dial.result.in_flight = False
                continue
            item_id = next(k for k, v in self.waiting.items() if v is dial)
            if dial.connected is None:  # still queued: take it out of the queue
                self._remove_queued(item_id)

    def _remove_queued(self, item_id: str) -> None:
        centre = self.store.centre
        for service in centre.services.values():
            item = next((i for i in service.queue if i.id == item_id), None)
            if item is not None:
                centre.remove(item, "dropped")
                return
