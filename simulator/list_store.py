"""The tenant's list-management state: formats, lists, campaigns, DNC lists and jobs.

Everything the List Management API (seed 002) and the OneCloud CX list methods (seed
001) read and change, and the centre hook (`step`) that moves deletion jobs on and runs
the outbound dialer. Failures the API reports as a status raise `Refused`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from simulator.campaigns import RUNNING, STOPPED, Campaign, Instance
from simulator.centre import Centre
from simulator.dialer import Dialer
from simulator.dnc import DncList
from simulator.fields import Field, Format
from simulator.ids import Ids
from simulator.lists import (
    DUPLICATE_KEY,
    KEY_NOT_FOUND,
    LIMIT_EXCEEDED,
    CallingList,
    ErrorReport,
    Key,
    ObjectIds,
    Record,
    RecordError,
    Refused,
    apply_update,
    check_new,
    check_update,
)

# The most rows all lists together may hold (Add Many Records: limitExceeded).
RECORD_LIMIT = 200_000
# How many records a deletion job removes per simulated second.
DELETE_RATE = 20


@dataclass
class Job:
    """An asynchronous record-deletion job (Delete Many / Delete All Records)."""

    id: str
    list_id: str
    pending: list[str]  # record _ids still to delete
    total: int
    deleted: int = 0
    state: str = "processing"  # processing, complete, failed
    error: str = ""

    @property
    def percentage(self) -> int:
        processed = self.total - len(self.pending)
        return 100 if self.total == 0 else processed * 100 // self.total

    def describe(self) -> dict[str, Any]:
        """Return the job as Get Job Status shows it."""
        body: dict[str, Any] = {
            "completion_percentage": self.percentage,
            "job_complete": self.state,
        }
        if self.state == "complete":
            body["deleted"] = self.deleted
        if self.state == "failed":
            body["error_message"] = self.error
        return body


class ListStore:
    """All of a tenant's lists, campaigns and DNC lists."""

    def __init__(self, seed: int, centre: Centre, ids: Ids) -> None:
        self.centre = centre
        self.ids = ids
        self.rng = random.Random(f"lists-{seed}")
        self.oids = ObjectIds()
        self.formats: dict[str, Format] = {}
        self.lists: dict[str, CallingList] = {}
        self.campaigns: dict[str, Campaign] = {}
        self.dnc: dict[str, DncList] = {}
        self.jobs: dict[str, Job] = {}
        self.record_limit = RECORD_LIMIT
        self.dialer = Dialer(self, self.rng)

    @property
    def now(self) -> float:
        return self.centre.now

    def step(self, centre: Centre, dt: float) -> None:
        """Move deletion jobs and the dialer `dt` simulated seconds on (a centre hook)."""
        self._run_jobs(dt)
        self.dialer.step(centre, dt)

    # --- look-ups -----------------------------------------------------------------------

    def calling_list(self, list_id: str) -> CallingList:
        found = self.lists.get(list_id)
        if found is None:
            raise Refused(404, f"Specified List was not found: {list_id}")
        return found

    def list_named(self, name: str) -> CallingList:
        found = next((x for x in self.lists.values() if x.name == name), None)
        if found is None:
            raise Refused(404, f"Calling List is not found: {name}")
        return found

    def campaign(self, campaign_id: str) -> Campaign:
        found = self.campaigns.get(campaign_id)
        if found is None:
            raise Refused(404, f"Specified campaign was not found: {campaign_id}")
        return found

    def campaign_named(self, name: str) -> Campaign:
        found = next((c for c in self.campaigns.values() if c.name == name), None)
        if found is None:
            raise Refused(404, f"Campaign is not found: {name}")
        return found

    def dnc_list(self, dnc_id: str, by_name: bool = False) -> DncList:
        lists = self.dnc.values()
        found = next((d for d in lists if (d.name if by_name else d.id) == dnc_id), None)
        if found is None:
            raise Refused(404, f"Specified DNC List was not found: {dnc_id}")
        return found

    def instances_of(self, calling_list: CallingList) -> list[Instance]:
        return [i for c in self.campaigns.values() for i in c.instances_of(calling_list)]

    def total_records(self) -> int:
        return sum(len(x) for x in self.lists.values())

    # --- formats and lists ----------------------------------------------------------------

    def create_format(self, name: str, fields: list[Field]) -> Format:
        if any(f.name == name for f in self.formats.values()):
            raise Refused(409, f"Duplicate name error: format '{name}' already exists")
        fmt = Format(self.ids.guid(), name, fields)
        self.formats[fmt.id] = fmt
        return fmt

    def create_list(self, name: str, fmt: Format, created: float | None = None) -> CallingList:
        if any(x.name == name for x in self.lists.values()):
            raise Refused(409, f"Duplicate name error: list '{name}' already exists")
        when = self.now if created is None else created
        calling_list = CallingList(self.ids.guid(), self.oids.next(when), name, fmt, when)
        self.lists[calling_list.id] = calling_list
        return calling_list

    def delete_list(self, calling_list: CallingList) -> None:
        """Delete a list, its instances and its format if no other list uses it."""
        for campaign in self.campaigns.values():
            for instance in campaign.instances_of(calling_list):
                self.unbind(campaign, instance)
        for job in self.jobs.values():
            if job.list_id == calling_list.id and job.state == "processing":
                job.state, job.error = "failed", "The list was deleted"
        calling_list.clear()
        del self.lists[calling_list.id]
        fmt = calling_list.format
        if not any(x.format is fmt for x in self.lists.values()):
            del self.formats[fmt.id]

    # --- records --------------------------------------------------------------------------

    def add_many(self, calling_list: CallingList, items: list[Any]) -> dict[str, Any]:
        """Add records; return `{"added": n, "error": {...}}` (seed 002, Add Many Records)."""
        report, added = ErrorReport(), 0
        total = self.total_records()
        for item in items:
            try:
                values, key = check_new(calling_list.format, item)
                self._check_room(calling_list, values, total)
            except RecordError as exc:
                report.add(exc.kind, item)
                continue
            self.insert(calling_list, values, key)
            added, total = added + 1, total + 1
        return report.body("added", added)

    def add_one(self, calling_list: CallingList, item: Any) -> None:
        """Add one record; raise Refused(409) for a duplicate key, Refused(400) otherwise."""
        try:
            values, key = check_new(calling_list.format, item)
            self._check_room(calling_list, values, self.total_records())
        except RecordError as exc:
            raise Refused(409 if exc.kind == DUPLICATE_KEY else 400, f"{exc.kind}: {exc}") from None
        self.insert(calling_list, values, key)

    def insert(self, calling_list: CallingList, values: dict[str, Any], key: Key) -> Record:
        return calling_list.add(self.oids.next(self.now), self.now, values, key)

    def _check_room(self, calling_list: CallingList, values: dict[str, Any], total: int) -> None:
        if calling_list.has_key(calling_list.key_of(values)):
            raise RecordError(DUPLICATE_KEY, "a record with this key is already in the list")
        if total >= self.record_limit:
            raise RecordError(LIMIT_EXCEEDED, f"the tenant holds {self.record_limit} records")

    def update_many(self, calling_list: CallingList, items: list[Any]) -> dict[str, Any]:
        """Update records by key; return `{"updated": n, "error": {...}}`."""
        report, updated = ErrorReport(), 0
        for item in items:
            try:
                self._update(calling_list, item)
            except RecordError as exc:
                report.add(exc.kind, item)
                continue
            updated += 1
        return report.body("updated", updated)

    def update_one(self, calling_list: CallingList, item: Any) -> None:
        """Update one record; raise Refused(404) when it is not there, 400 for bad fields."""
        try:
            self._update(calling_list, item)
        except RecordError as exc:
            status = 404 if exc.kind == KEY_NOT_FOUND else 400
            raise Refused(status, f"{exc.kind}: {exc}") from None

    def _update(self, calling_list: CallingList, item: Any) -> None:
        changes = check_update(calling_list.format, item)
        record = calling_list.find(item)
        if record is None:
            raise RecordError(KEY_NOT_FOUND, "no record with this key in the list")
        apply_update(record, changes)

    def find(self, calling_list: CallingList, fields: Any) -> Record:
        """Return the record the key fields name; Refused(400) or Refused(404) if none."""
        if not isinstance(fields, dict):
            raise Refused(400, "'fields' must be an object of key field values")
        try:
            record = calling_list.find(fields)
        except RecordError as exc:
            raise Refused(400, str(exc)) from None
        if record is None:
            raise Refused(404, "Specified Record was not found")
        return record

    def erase(self, calling_list: CallingList, record: Record) -> None:
        """Remove a record and its results from every campaign."""
        calling_list.remove(record)
        for instance in self.instances_of(calling_list):
            instance.results.pop(record.oid, None)
        self.dialer.forget(record)

    def clear(self, calling_list: CallingList) -> int:
        """Remove every record of a list at once; return how many there were."""
        records = list(calling_list.records.values())
        for record in records:
            self.erase(calling_list, record)
        return len(records)

    # --- deletion jobs --------------------------------------------------------------------

    def start_job(self, calling_list: CallingList, records: list[Record]) -> Job:
        """Start deleting `records` a few at a time; Refused(409) while a job runs."""
        busy = [j for j in self.jobs.values() if j.list_id == calling_list.id]
        if any(j.state == "processing" for j in busy):
            raise Refused(409, "Record deletion job is already in progress for the specified List")
        oids = [r.oid for r in records]
        job = Job(self.oids.next(self.now), calling_list.id, oids, len(oids))
        if not oids:
            job.state = "complete"
        self.jobs[job.id] = job
        return job

    @staticmethod
    def estimate(job: Job) -> int:
        """Return the seconds a job should take, as Delete Many Records reports it."""
        return math.ceil(job.total / DELETE_RATE)

    def _run_jobs(self, dt: float) -> None:
        for job in self.jobs.values():
            if job.state != "processing":
                continue
            calling_list = self.lists[job.list_id]
            batch = job.pending[: max(1, int(DELETE_RATE * dt))]
            del job.pending[: len(batch)]
            for oid in batch:
                record = calling_list.records.get(oid)
                if record is not None:
                    self.erase(calling_list, record)
                    job.deleted += 1
            if not job.pending:
                job.state = "complete"

    # --- campaigns ------------------------------------------------------------------------

    def start(self, campaign: Campaign) -> None:
        if not campaign.enabled or campaign.state == RUNNING:
            raise Refused(409, "Specified campaign is disabled or already running")
        campaign.state = RUNNING

    def stop(self, campaign: Campaign) -> None:
        if not campaign.enabled or campaign.state == STOPPED:
            raise Refused(409, "Specified campaign is disabled or already stopped")
        campaign.state = STOPPED

    def bind(self, campaign: Campaign, calling_list: CallingList, **settings: Any) -> Instance:
        instance = Instance(self.ids.guid(), calling_list, campaign)
        for name, value in settings.items():
            setattr(instance, name, value)
        campaign.instances.append(instance)
        return instance

    def owned_instance(self, campaign: Campaign, instance_id: Any, missing: int) -> Instance:
        """Return a campaign's instance: `missing` (404 or 409) if unknown, 409 if foreign."""
        if not isinstance(instance_id, str) or not instance_id:
            raise Refused(400, "'instanceId' is required")
        instance = campaign.instance(instance_id)
        if instance is not None:
            return instance
        if any(c.instance(instance_id) for c in self.campaigns.values()):
            raise Refused(409, "Specified instance is not bound to the selected campaign")
        if missing == 409:
            raise Refused(409, "Specified instance is not bound to the selected campaign")
        raise Refused(404, f"Specified instance was not found: {instance_id}")

    def unbind(self, campaign: Campaign, instance: Instance) -> None:
        campaign.instances.remove(instance)
        self.dialer.drop(instance)
