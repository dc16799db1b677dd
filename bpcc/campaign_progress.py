"""How far a campaign is: its state and how many records of its lists are completed,
of how many. The one computation behind the boards' campaign widgets
(stats/campaign_figures.py, which caches it per tenant) and the console's campaign
pages (console/views/campaigns.py), so both show the same figure.

- BPCC, List Management v3 (docs/upstream/list-management-api-v3.md, "Campaigns"): "Get Campaigns"
  (GET campaign/getAll) maps the names to ids; "Get Campaign" (GET
  campaign/getCampaign/:id) gives the state and the list instances, each with `enabled`
  and `totalRecords`; "Get Completed Records" (POST campaign/getCompletedRecords/:id)
  lists one instance's completed records. Both figures cover the enabled instances,
  the ones the dialer works on.
- OneCloud CX, by name (docs/upstream/onecloud-cx-api-v2.md): "Campaigns / Get Campaigns" gives the
  state and the names of the bound lists, "Calling List / Get Completed Records" each
  list's completed records. No v2 method counts a list's records, so there is no total.

No method counts completed records, so they are read, and each list's count is kept
(a `Tally`) and may be carried forward: a fetch given the last counts reads only what
completed at or after the latest completion counted. A count starts again from nothing
every `RECOUNT_SECONDS` and when an instance's total drops (records deleted), and a
fetch reads at most `MOST_PAGES` pages per list: a longer backlog is caught up over the
next fetches.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, TypedDict

from bpcc.admin_api import AdminClient
from bpcc.admin_api.onecloud import MOST_RECORDS as V2_PAGE
from bpcc.admin_api.wire import ListInstance
from bpcc.models import Tenant

RECOUNT_SECONDS = 600.0  # counts start again this often, so erased records drop out
MOST_PAGES = 10  # pages of completed records read per list per fetch, up to 1,000 each
# v2 "Get Completed Records" needs a start time; this one is before any completion.
V2_FROM_THE_START = "1970-01-01T00:00:00.000"
# Saved counts: campaign name -> list instance id (v3) or list name (v2) -> Tally fields.
Counts = dict[str, dict[str, dict[str, Any]]]


class Figures(TypedDict):
    """One campaign's figures as fetched; `total` is None where the API has none."""

    state: str
    completed: int
    total: int | None


@dataclass(frozen=True)
class Tally:
    """The completed records of one list (instance) counted so far."""

    completed: int = 0
    latest: str = ""  # the latest completion time counted, as the API writes it (UTC)
    at_latest: int = 0  # how many of the records counted completed exactly at `latest`
    total: int | None = None  # the instance's totalRecords when last counted (v3)
    since: float = 0.0  # when this count started from nothing

    def unseen(self, times: list[str]) -> list[str]:
        """Return the completion times of records read from `latest` on (inclusive),
        less the records at `latest` counted already."""
        fresh, skip = [], self.at_latest
        for when in times:
            if when == self.latest and skip:
                skip -= 1
            else:
                fresh.append(when)
        return fresh

    def add(self, times: list[str]) -> Tally:
        """Return this tally with records that completed at `times` counted."""
        latest = max([self.latest, *times])
        before = self.at_latest if latest == self.latest else 0
        return replace(
            self,
            completed=self.completed + len(times),
            latest=latest,
            at_latest=(before + times.count(latest)) if latest else 0,
        )

    def outdated(self, total: int | None, now: float) -> bool:
        """Return True if this count should start again: it is old, or records of the
        instance were deleted (its total dropped)."""
        shrunk = total is not None and self.total is not None and total < self.total
        return shrunk or not 0 <= now - self.since < RECOUNT_SECONDS


def fetch(
    api: AdminClient, flavour: str, names: list[str], tallies: Counts, now: float
) -> tuple[dict[str, Figures], Counts]:
    """Return the figures of the campaigns of `names` that the tenant has (enabled), and
    their lists' counts brought up to date from `tallies`."""
    by_name = _fetch_v2 if flavour == Tenant.Flavour.ONECLOUD else _fetch_v3
    return by_name(api, names, tallies, now)


def _tally(saved: dict[str, Any] | None) -> Tally | None:
    return Tally(**saved) if saved else None


def _fetch_v3(
    api: AdminClient, names: list[str], tallies: Counts, now: float
) -> tuple[dict[str, Figures], Counts]:
    ids = {c["name"]: c["id"] for c in api.get_campaigns()}
    figures: dict[str, Figures] = {}
    counts: Counts = {}
    for name in (n for n in names if n in ids):
        detail = api.get_campaign(ids[name])
        instances = [i for i in detail["lists"] if i["enabled"]]
        kept = tallies.get(name, {})
        counted = {
            i["instanceId"]: _count_v3(api, ids[name], i, _tally(kept.get(i["instanceId"])), now)
            for i in instances
        }
        figures[name] = {
            "state": detail["state"],
            "completed": sum(t.completed for t in counted.values()),
            "total": sum(int(i["totalRecords"]) for i in instances),
        }
        counts[name] = {key: asdict(t) for key, t in counted.items()}
    return figures, counts


def _count_v3(
    api: AdminClient, campaign_id: str, instance: ListInstance, previous: Tally | None, now: float
) -> Tally:
    """Return an instance's count brought up to date ("Get Completed Records", read from
    the latest completion counted on, page by page with the cursor)."""
    total = int(instance["totalRecords"])
    tally = previous if previous and not previous.outdated(total, now) else Tally(since=now)
    start, cursor = tally.latest, None
    for _ in range(MOST_PAGES):
        page = api.get_records(
            campaign_id, "completed", instance["instanceId"], cursor=cursor, start_time=start
        )
        times = [str(r["status"].get("completedTime") or "") for r in page["records"]]
        # Only the first page starts at `latest`; the cursor moves past what was read.
        tally = tally.add(times if cursor else tally.unseen(times))
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return replace(tally, total=total)


def _fetch_v2(
    api: AdminClient, names: list[str], tallies: Counts, now: float
) -> tuple[dict[str, Figures], Counts]:
    campaigns = {c["name"]: c for c in api.v2_get_campaigns()}
    figures: dict[str, Figures] = {}
    counts: Counts = {}
    for name in (n for n in names if n in campaigns):
        kept = tallies.get(name, {})
        counted = {
            list_name: _count_v2(api, name, list_name, _tally(kept.get(list_name)), now)
            for list_name in dict.fromkeys(campaigns[name]["lists"])
        }
        completed = sum(t.completed for t in counted.values())
        figures[name] = {"state": campaigns[name]["state"], "completed": completed, "total": None}
        counts[name] = {key: asdict(t) for key, t in counted.items()}
    return figures, counts


def _count_v2(
    api: AdminClient, campaign: str, list_name: str, previous: Tally | None, now: float
) -> Tally:
    """Return a list's count brought up to date ("Get Completed Records" by name, which
    pages by time: each request starts at the latest completion counted)."""
    tally = previous if previous and not previous.outdated(None, now) else Tally(since=now)
    for _ in range(MOST_PAGES):
        start = tally.latest or V2_FROM_THE_START
        records = api.v2_get_records_since(list_name, campaign, "completed", start)
        fresh = tally.unseen([str(r.get("completedTime") or "") for r in records])
        tally = tally.add(fresh)
        # A full page of one instant cannot be paged past by time; stop rather than loop.
        if len(records) < V2_PAGE or not fresh:
            break
    return tally
