"""The older record reads: the DEPRECATED v3 list methods and their OneCloud CX v2 twins.

Seed 002 "Get All Records / Get Updated Records / Query a Record DEPRECATED" take a list
and a campaign by id; seed 001 "Calling List" takes both by name. Records are paged by
their index (`fromIndex`, `maxSize` up to 1000) or picked by activity since `fromTime`.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from simulator import list_views as views
from simulator.campaigns import Campaign, Instance
from simulator.list_http import integer, time_param
from simulator.list_store import ListStore
from simulator.lists import CallingList, Record, Refused

MOST = 1000


def all_records(
    calling_list: CallingList, campaign: Campaign, body: dict[str, Any], completed_time: bool
) -> list[dict[str, Any]]:
    """Return the records from `fromIndex` on, with their status in the campaign.

    An unbound list gives [] (seed 002: "If the specified list is not bound to the
    campaign, the method returns an empty list").
    """
    start = integer(body, "fromIndex", 0, 2**31)
    size = integer(body, "maxSize", 1, MOST)
    instance = _first_instance(calling_list, campaign)
    if instance is None:
        return []
    records = list(calling_list.records.values())  # in index order
    first = bisect_left([r.index for r in records], start)
    chosen = records[first : first + size]
    return [views.indexed_record(instance, r, completed_time) for r in chosen]


def changed_records(
    calling_list: CallingList, campaign: Campaign, body: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return the records attempted at or after `fromTime`, in index order."""
    instance = _first_instance(calling_list, campaign)
    records = _since(instance, body, completed=False)
    return [views.changed_record(instance, r) for r in records] if instance else []


def completed_records(
    calling_list: CallingList, campaign: Campaign, body: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return the records completed at or after `fromTime`, by completion time."""
    instance = _first_instance(calling_list, campaign)
    records = _since(instance, body, completed=True)
    return [views.completed_record(instance, r) for r in records] if instance else []


def _since(instance: Instance | None, body: dict[str, Any], completed: bool) -> list[Record]:
    since = time_param(body, "fromTime", required=True)
    size = integer(body, "maxSize", 1, MOST)
    if instance is None or since is None:
        return []
    chosen = []
    for record in instance.calling_list.records.values():
        result = instance.result(record)
        if result is None:
            continue
        when = result.completed_time if completed else result.last_date
        if when is not None and when >= since:
            chosen.append(record)
    if completed:  # the earliest completions first, then cut to size
        chosen.sort(key=lambda r: (_completed_at(instance, r), r.oid))
    return chosen[:size]


def _completed_at(instance: Instance, record: Record) -> float:
    result = instance.result(record)
    return result.completed_time or 0.0 if result else 0.0


def query(
    store: ListStore,
    calling_list: CallingList,
    campaign: Campaign | None,
    body: Any,
    single: bool = False,
) -> Any:
    """Return a record by its key fields, with its status in each instance of the campaign.

    No instance: the entry alone; one: entry and status; more: an array of them (seed
    002, "Query a Record DEPRECATED" examples), or the first alone when `single` (v2).
    """
    record = store.find(calling_list, body)
    instances = campaign.instances_of(calling_list) if campaign else []
    if not instances:
        return views.queried_record(None, record, calling_list.format)
    found = [views.queried_record(i, record, calling_list.format) for i in instances]
    return found[0] if len(found) == 1 or single else found


def campaign_or_none(store: ListStore, campaign_id: str, by_name: bool = False) -> Campaign | None:
    """Return the campaign, or None: Query a Record accepts any string for it."""
    try:
        return store.campaign_named(campaign_id) if by_name else store.campaign(campaign_id)
    except Refused:
        return None


def _first_instance(calling_list: CallingList, campaign: Campaign) -> Instance | None:
    instances = campaign.instances_of(calling_list)
    return instances[0] if instances else None
