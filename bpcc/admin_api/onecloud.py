"""OneCloud CX configapi v2: calling lists, campaigns and DNC lists by *name*
(docs/upstream/onecloud-cx-api-v2.md, folders "Calling List", "Campaigns", "Do Not Call List")."""

from __future__ import annotations

from typing import Any

from bpcc.admin_api.base import V2, AdminBase, part
from bpcc.admin_api.wire import BulkResult, Counted, ListRecord, NamedCampaign

MOST_RECORDS = 1000  # "Current implementation limits maxSize to 1000 records"


class OneCloudMethods(AdminBase):
    def v2_get_campaigns(self) -> list[NamedCampaign]:
        """Return the enabled campaigns, their states and the names of their lists.

        "Campaigns / Get Campaigns": GET configapi/v2/campaign/getAll/.
        """
        return self._read(list[NamedCampaign], "GET", f"{V2}/campaign/getAll/", empty=[])

    def v2_add_records(self, list_name: str, records: list[dict[str, Any]]) -> BulkResult:
        """Add records to a list; return how many were added (and refusals, if told).

        "Calling List / Add Many Records": POST configapi/v2/callinglist/addAll/<list_name>.
        """
        path = f"{V2}/callinglist/addAll/{part(list_name)}"
        return self._read(BulkResult, "POST", path, json=records, empty={"added": 0})

    def v2_add_record(self, list_name: str, record: dict[str, Any]) -> None:
        """Add one record. Conflict: a record with the same key exists.

        "Calling List / Add Record": POST configapi/v2/callinglist/add/:list_name.
        """
        self._call("POST", f"{V2}/callinglist/add/{part(list_name)}", json=record)

    def v2_update_record(self, list_name: str, record: dict[str, Any]) -> None:
        """Update one record found by its key fields.

        "Calling List / Update Record": POST configapi/v2/callinglist/update/:list_name.
        """
        self._call("POST", f"{V2}/callinglist/update/{part(list_name)}", json=record)

    def v2_delete_all_records(self, list_name: str) -> None:
        """Delete every record of a list and its results, at once (no job).

        "Calling List / Delete All Records": POST configapi/v2/callinglist/deleteAll/:list_name.
        """
        self._call("POST", f"{V2}/callinglist/deleteAll/{part(list_name)}")

    def v2_get_records(
        self, list_name: str, campaign_name: str, from_index: int, max_size: int = MOST_RECORDS
    ) -> list[ListRecord]:
        """Return the records from index `from_index` on, with their campaign status.

        "Calling List / Get All Records":
        POST configapi/v2/callinglist/getAll/:list_name/:campaign_name.
        """
        body = {"fromIndex": from_index, "maxSize": min(max_size, MOST_RECORDS)}
        path = f"{V2}/callinglist/getAll/{part(list_name)}/{part(campaign_name)}"
        return self._read(list[ListRecord], "POST", path, json=body, empty=[])

    def v2_get_records_since(
        self,
        list_name: str,
        campaign_name: str,
        kind: str,
        from_time: str,
        max_size: int = MOST_RECORDS,
    ) -> list[dict[str, Any]]:
        """Return the records completed (`kind` "completed") or attempted ("updated")
        at or after `from_time` (UTC).

        "Calling List / Get Completed Records": POST configapi/v2/callinglist/getCompleted/
        :list_name/:campaign_name. "Get Updated Records" is printed with the same path,
        a slip of the seed; the tenant serves it at callinglist/getChanged.
        """
        method = "getCompleted" if kind == "completed" else "getChanged"
        body = {"fromTime": from_time, "maxSize": min(max_size, MOST_RECORDS)}
        path = f"{V2}/callinglist/{method}/{part(list_name)}/{part(campaign_name)}"
        # Flat records (status fields beside `entry`), but `entry`, `status` and
        # `attempts`, where present, have the List Record's types.
        return self._read(list[ListRecord], "POST", path, json=body, empty=[])

    def v2_query_record(
        self, list_name: str, campaign_name: str, fields: dict[str, str]
    ) -> ListRecord:
        """Return a record found by its key fields, with its status in the campaign.

        "Calling List / Query a Record":
        POST configapi/v2/callinglist/get/:list_name/:campaignname.
        """
        path = f"{V2}/callinglist/get/{part(list_name)}/{part(campaign_name or '-')}"
        return self._read(ListRecord, "POST", path, json=fields)

    def v2_dnc_add(self, dnc_name: str, rows: list[list[str]], *, replace: bool = False) -> int:
        """Add `[key, comment]` rows to a DNC list (replacing all with `replace`);
        return how many were added. Duplicates are ignored.

        "Add Records to DNC" / "Replace Records in DNC":
        POST configapi/v2/donotcalllist/{add,replaceAll}/:do_not_call_list_name.
        """
        method = "replaceAll" if replace else "add"
        path = f"{V2}/donotcalllist/{method}/{part(dnc_name)}"
        body: Counted = self._read(Counted, "POST", path, json=rows, empty={})
        return body.get("added", 0)

    def v2_dnc_delete(self, dnc_name: str, keys: list[str]) -> None:
        """Delete DNC entries by key (the answer says nothing per key).

        "Delete Records": POST configapi/v2/donotcalllist/delete/:do_not_call_list_name.
        """
        path = f"{V2}/donotcalllist/delete/{part(dnc_name)}"
        self._call("POST", path, json=[{"key": k} for k in keys])

    def v2_dnc_delete_all(self, dnc_name: str) -> None:
        """Delete every entry of a DNC list.

        "Delete All Records": POST configapi/v2/donotcalllist/deleteAll/:do_not_call_list_name.
        """
        self._call("POST", f"{V2}/donotcalllist/deleteAll/{part(dnc_name)}")
