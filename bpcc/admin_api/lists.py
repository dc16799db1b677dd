"""List Management API v3, "Lists" and "DNC Lists" (docs/upstream/list-management-api-v3.md)."""

from __future__ import annotations

from typing import Any

from bpcc.admin_api.base import V3, AdminBase, part
from bpcc.admin_api.wire import (
    BulkResult,
    Counted,
    Created,
    JobStarted,
    JobStatus,
    ListDetail,
    ListsPage,
)

MOST_LISTS = 100  # Get Lists: "limit: integer, <= 100"


class ListMethods(AdminBase):
    def get_lists(self, limit: int = MOST_LISTS, cursor: str | None = None) -> ListsPage:
        """Return a page of calling lists, in creation order.

        "Get Lists": POST configapi/v3/callinglist/getAll.
        """
        body: dict[str, Any] = {"limit": min(limit, MOST_LISTS)}
        if cursor:
            body["cursor"] = cursor
        return self._read(ListsPage, "POST", f"{V3}/callinglist/getAll", json=body)

    def get_list(self, list_id: str) -> ListDetail:
        """Return a list: name, format, total records and the campaigns it is bound to.

        "Get List": GET configapi/v3/callinglist/getList/:list_id.
        """
        return self._read(ListDetail, "GET", f"{V3}/callinglist/getList/{part(list_id)}")

    def delete_list(self, list_id: str) -> None:
        """Delete a list (archiving its records and results) and its format if orphaned.

        "Delete List and Orphaned Format": DELETE configapi/v3/callinglist/deleteList/:list_id.
        """
        self._call("DELETE", f"{V3}/callinglist/deleteList/{part(list_id)}")

    def create_list(self, name: str, format_id: str) -> str:
        """Create an empty list in an existing format; return its id. Conflict: duplicate.

        "Create List": POST configapi/v3/callinglist/createList.
        """
        body = {"name": name, "formatId": format_id}
        created = self._read(Created, "POST", f"{V3}/callinglist/createList", json=body)
        return created["id"]

    def create_list_with_format(
        self, format_name: str, fields: list[dict[str, Any]], list_name: str = ""
    ) -> Created:
        """Create an empty list and a new format with `fields`; return both ids.

        "Create List with New Format": POST configapi/v3/callinglist/createListWithNewFormat.
        """
        body: dict[str, Any] = {"formatName": format_name, "fields": fields}
        if list_name:
            body["listName"] = list_name
        path = f"{V3}/callinglist/createListWithNewFormat"
        return self._read(Created, "POST", path, json=body)

    def add_records(self, list_id: str, records: list[dict[str, Any]]) -> BulkResult:
        """Add records; return how many were added and the refused ones by error kind.

        "Add Many Records": POST configapi/v3/callinglist/addAll/:list_id.
        """
        path = f"{V3}/callinglist/addAll/{part(list_id)}"
        return self._read(BulkResult, "POST", path, json=records)

    def add_record(self, list_id: str, record: dict[str, Any]) -> None:
        """Add one record. Conflict: a record with the same key is already in the list.

        "Add Record": POST configapi/v3/callinglist/add/:list_id.
        """
        self._call("POST", f"{V3}/callinglist/add/{part(list_id)}", json=record)

    def update_record(self, list_id: str, record: dict[str, Any]) -> None:
        """Update one record found by its key fields ("" or null resets a field).

        "Update Record": POST configapi/v3/callinglist/update/:list_id.
        """
        self._call("POST", f"{V3}/callinglist/update/{part(list_id)}", json=record)

    def erase_record(self, list_id: str, fields: dict[str, str], reason: str) -> None:
        """Remove a record and its campaign results; `reason` goes to the tenant's audit.

        "Erase Record": POST configapi/v3/callinglist/erase/:list_id.
        """
        body = {"fields": fields, "reason": reason}
        self._call("POST", f"{V3}/callinglist/erase/{part(list_id)}", json=body)

    def delete_records(self, list_id: str, criteria: dict[str, Any]) -> JobStarted:
        """Start deleting the records that match every criterion; return the job.

        "Delete Many Records": POST configapi/v3/callinglist/delete/:list_id.
        """
        path = f"{V3}/callinglist/delete/{part(list_id)}"
        return self._read(JobStarted, "POST", path, json=criteria)

    def delete_all_records(self, list_id: str) -> JobStarted:
        """Start deleting every record of a list; return the job.

        "Delete All Records": POST configapi/v3/callinglist/deleteAll/:list_id.
        """
        path = f"{V3}/callinglist/deleteAll/{part(list_id)}"
        return self._read(JobStarted, "POST", path)

    def get_job(self, job_id: str) -> JobStatus:
        """Return a record deletion job's progress: processing, complete or failed.

        "Get Job Status": GET configapi/v3/job/:job_id.
        """
        return self._read(JobStatus, "GET", f"{V3}/job/{part(job_id)}")

    # --- "DNC Lists" ------------------------------------------------------------------

    def dnc_add(self, dnc_id: str, entries: list[dict[str, str]]) -> BulkResult:
        """Add `{"key", "comment"}` entries to a DNC list; return count and refusals.

        "DNC Lists / Add Many Records": POST configapi/v3/donotcalllist/addAll/:id.
        """
        path = f"{V3}/donotcalllist/addAll/{part(dnc_id)}"
        return self._read(BulkResult, "POST", path, json=entries)

    def dnc_delete(self, dnc_id: str, keys: list[str]) -> BulkResult:
        """Delete DNC entries by key; return the count and the keys not found.

        "DNC Lists / Delete Many Records": POST configapi/v3/donotcalllist/delete/:id.
        """
        path = f"{V3}/donotcalllist/delete/{part(dnc_id)}"
        return self._read(BulkResult, "POST", path, json=[{"key": k} for k in keys])

    def dnc_delete_all(self, dnc_id: str) -> int:
        """Delete every entry of a DNC list; return how many there were.

        "DNC Lists / Delete All Records": POST configapi/v3/donotcalllist/deleteAll/:id.
        """
        path = f"{V3}/donotcalllist/deleteAll/{part(dnc_id)}"
        body: Counted = self._read(Counted, "POST", path, empty={})
        return body.get("deleted", 0)
