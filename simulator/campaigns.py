"""Outbound campaigns, the list instances bound to them and their results.

A list bound to a campaign is an *instance* with its own results: the same list bound
twice, or to two campaigns, is called once per instance. A record's result holds its
attempts; the status fields of the seed's campaign-results examples derive from them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from simulator.fields import Field, Format, sort_value
from simulator.lists import CallingList, Record

RUNNING, STOPPED = "RUNNING", "STOPPED"
SORTING_TYPES = ("NATURAL", "RANDOM", "CUSTOM")
SORT_ORDERS = ("ASC", "DESC")


@dataclass
class Attempt:
    """One attempt on a record: a dialled call, or a record skipped (DNC)."""

    date: float
    phone: str
    disposition: str
    call_attempted: bool = True
    call_duration: int = 0
    dialing_duration: int = 0
    agent: str = ""
    interaction_id: str = ""
    cpa_duration: int = 0
    cpa_result: str = ""
    custom: dict[str, str] = field(default_factory=dict)
    notes: str = ""


@dataclass
class Result:
    """A record's results in one instance."""

    attempts: list[Attempt] = field(default_factory=list)
    completed: bool = False
    completed_time: float | None = None
    in_flight: bool = False

    @property
    def last(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def last_date(self) -> float | None:
        return self.attempts[-1].date if self.attempts else None

    def record(self, attempt: Attempt, completed: bool) -> None:
        self.attempts.append(attempt)
        if completed and not self.completed:
            self.completed, self.completed_time = True, attempt.date


@dataclass
class SortField:
    field_id: str
    name: str
    order: str = "ASC"


@dataclass
class Sorting:
    type: str = "NATURAL"
    fields: list[SortField] = field(default_factory=list)


@dataclass
class Instance:
    """A list bound to a campaign."""

    id: str
    calling_list: CallingList
    campaign: Campaign
    name: str = ""
    enabled: bool = False
    order: int = 1
    dialing_ratio: int = 1
    sorting: Sorting = field(default_factory=Sorting)
    results: dict[str, Result] = field(default_factory=dict)  # record _id -> result
    dialled: int = 0  # records taken by the dialer, to share dials by dialing ratio

    def result(self, record: Record) -> Result | None:
        return self.results.get(record.oid)

    def dial_order(self, rng: random.Random) -> list[Record]:
        """Return the list's records in this instance's dialing order."""
        records = list(self.calling_list.records.values())
        if self.sorting.type == "RANDOM":
            rng.shuffle(records)
        elif self.sorting.type == "CUSTOM":
            fmt = self.calling_list.format
            for spec in reversed(self.sorting.fields):  # stable sorts: last key first
                column = fmt.by_name[spec.name]
                records.sort(key=partial(_column, column), reverse=spec.order == "DESC")
        return _priority_first(self.calling_list.format, records)


def _column(column: Field, record: Record) -> tuple[int, Any]:
    return sort_value(column, record.values.get(column.name))


def _priority_first(fmt: Format, records: list[Record]) -> list[Record]:
    """Move records with a PRIORITY field set ahead of the rest (FIFO or LIFO)."""
    flags = [f for f in fmt.stored if f.type == "PRIORITY"]
    if not flags:
        return records
    spec = flags[0]
    urgent = [r for r in records if str(r.values.get(spec.name, "")).lower() in TRUTHY]
    if spec.priority_order == "LIFO":
        urgent.reverse()
    chosen = {r.oid for r in urgent}
    return urgent + [r for r in records if r.oid not in chosen]


TRUTHY = frozenset({"1", "true", "yes", "y"})


@dataclass
class Campaign:
    """An outbound campaign; `service` names the roster service its calls go to."""

    id: str
    name: str
    service: str | None
    enabled: bool = True
    state: str = STOPPED
    instances: list[Instance] = field(default_factory=list)
    dnc_ids: list[str] = field(default_factory=list)
    # Lines dialled per Ready agent (1: progressive; above 1: predictive).
    pacing: float = 1.0
    # Campaign result fields the scenario sets; the API returns them as custom_<name>.
    result_fields: tuple[str, ...] = ()

    def instance(self, instance_id: str) -> Instance | None:
        return next((i for i in self.instances if i.id == instance_id), None)

    def instances_of(self, calling_list: CallingList) -> list[Instance]:
        return [i for i in self.instances if i.calling_list is calling_list]
