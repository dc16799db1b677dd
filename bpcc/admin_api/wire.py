"""The response bodies of the admin APIs, as typed dicts named after the seed examples.

Field names are the upstream's own (camelCase and all), so a body is used as it comes.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Counted(TypedDict, total=False):
    """The small answers of Start, Stop (`state`), Update List (`totalRecords`), DNC
    Delete All (`deleted`) and OneCloud CX's DNC Add (`added`)."""

    state: str
    totalRecords: int
    deleted: int
    added: int


# --- List Management v3, "Campaigns" ---------------------------------------------------


class CampaignSummary(TypedDict):
    """Get Campaigns: one enabled outbound campaign."""

    id: str
    name: str
    state: str  # RUNNING or STOPPED


class CampaignStatus(TypedDict):
    """Get Campaign Status."""

    name: str
    enabled: bool
    state: str


class SortField(TypedDict, total=False):
    fieldId: str
    fieldName: str
    sortOrder: str  # ASC or DESC


class SortingOrder(TypedDict):
    type: str  # NATURAL, RANDOM or CUSTOM
    sortingFields: list[SortField]


class ListInstance(TypedDict):
    """Get Campaign, `lists`: a list bound to the campaign."""

    id: str
    name: str
    instanceId: str
    instanceName: str
    enabled: bool
    order: int
    dialingRatio: int
    sortingOrder: SortingOrder
    totalRecords: int


class DncListRef(TypedDict, total=False):
    """Get Campaign, `dncLists`."""

    id: str
    name: str
    type: str  # INTERNAL, GEOGRAPHIC_POSTAL, GEOGRAPHIC_STATE, GEOGRAPHIC_AREACODE, EXCLUSION
    Country: str
    listField: str
    disposition: str


class CampaignDetail(TypedDict):
    """Get Campaign."""

    name: str
    enabled: bool
    state: str
    lists: list[ListInstance]
    dncLists: list[DncListRef]


class Bound(TypedDict):
    """Bind List."""

    instanceId: str
    totalRecords: int


class ListRecord(TypedDict, total=False):
    """The List Record JSON Object: the entry, its campaign status, maybe its attempts."""

    entry: dict[str, Any]
    status: dict[str, Any]
    attempts: list[dict[str, Any]]
    index: int  # the older (v2) methods


class RecordsPage(TypedDict):
    """Get All / Completed / Updated Records: a page and the cursor of the next one."""

    next_cursor: str | None
    records: list[ListRecord]


# --- List Management v3, "Lists" -----------------------------------------------------


class ListSummary(TypedDict):
    id: str
    name: str
    formatId: str
    formatName: str
    creationDate: str
    totalRecords: int


class ListsPage(TypedDict):
    next_cursor: str | None
    records: list[ListSummary]


class ListBinding(TypedDict):
    campaignName: str
    campaignId: str
    instanceId: str


class ListDetail(TypedDict):
    """Get List."""

    name: str
    formatId: str
    formatName: str
    creationDate: str
    totalRecords: int
    campaigns: list[ListBinding]


class Created(TypedDict, total=False):
    """Create List (`id`) and Create List with New Format (`id`, `formatId`)."""

    id: str
    formatId: str


class BulkResult(TypedDict, total=False):
    """Add / Update / Delete Many Records: a count and the refused objects by error kind."""

    added: int
    updated: int
    deleted: int
    error: dict[str, list[Any]]


class JobStarted(TypedDict):
    """Delete Many / Delete All Records: the asynchronous job."""

    job: str
    estimated_time: int


class JobStatus(TypedDict, total=False):
    """Get Job Status."""

    completion_percentage: int
    job_complete: str  # processing, complete or failed
    deleted: int
    error_message: str


# --- Task Routing API v1 -----------------------------------------------------------


class QueuedTask(TypedDict):
    taskId: str
    caseId: str
    contactId: str


class TaskState(TypedDict):
    """Query Task."""

    taskStatus: str  # CREATED, QUEUED, DEFERRED, COMPLETED
    priority: float
    serviceName: str
    order: str
    dispositionName: str


class TaskRef(TypedDict):
    extTaskId: str
    taskId: str


class CancelledTasks(TypedDict):
    """Cancel Service Tasks."""

    count: int
    taskIds: list[TaskRef]


# --- OneCloud CX v2 ----------------------------------------------------------------


class NamedCampaign(TypedDict):
    """OneCloud CX Get Campaigns: an enabled campaign and the names of its lists."""

    name: str
    state: str
    lists: list[str]
