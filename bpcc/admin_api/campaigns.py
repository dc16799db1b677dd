"""List Management API v3, "Campaigns" (docs/upstream/list-management-api-v3.md)."""

from __future__ import annotations

from typing import Any

from bpcc.admin_api.base import V3, AdminBase, part
from bpcc.admin_api.wire import (
    Bound,
    CampaignDetail,
    CampaignStatus,
    CampaignSummary,
    Counted,
    ListRecord,
    RecordsPage,
)

RESULT_KINDS = {
    "all": "getAllRecords",
    "completed": "getCompletedRecords",
    "updated": "getUpdatedRecords",
}
MOST_RECORDS = 1000  # "limit: integer, <= 1000"


class CampaignMethods(AdminBase):
    def get_campaigns(self) -> list[CampaignSummary]:
        """Return the enabled outbound campaigns and their states.

        "Get Campaigns": GET configapi/v3/campaign/getAll.
        """
        return self._read(list[CampaignSummary], "GET", f"{V3}/campaign/getAll", empty=[])

    def get_campaign(self, campaign_id: str) -> CampaignDetail:
        """Return a campaign (enabled or not), its list instances and DNC lists.

        "Get Campaign": GET configapi/v3/campaign/getCampaign/:campaign_id.
        """
        path = f"{V3}/campaign/getCampaign/{part(campaign_id)}"
        return self._read(CampaignDetail, "GET", path)

    def get_campaign_status(self, campaign_id: str) -> CampaignStatus:
        """Return a campaign's name, whether it is enabled, and its state.

        "Get Campaign Status": GET configapi/v3/campaign/getStatus/:campaign_id.
        """
        path = f"{V3}/campaign/getStatus/{part(campaign_id)}"
        return self._read(CampaignStatus, "GET", path)

    def start_campaign(self, campaign_id: str) -> str:
        """Start a campaign; return its new state. Conflict: disabled or already running.

        "Start": POST configapi/v3/campaign/start/:campaign_id.
        """
        path = f"{V3}/campaign/start/{part(campaign_id)}"
        body: Counted = self._read(Counted, "POST", path, empty={})
        return body.get("state", "")

    def stop_campaign(self, campaign_id: str) -> str:
        """Stop a campaign; return its new state. Conflict: disabled or already stopped.

        "Stop": POST configapi/v3/campaign/stop/:campaign_id.
        """
        path = f"{V3}/campaign/stop/{part(campaign_id)}"
        body: Counted = self._read(Counted, "POST", path, empty={})
        return body.get("state", "")

    def bind_list(self, campaign_id: str, settings: dict[str, Any]) -> Bound:
        """Bind a list to a campaign: `settings` has listId and the instance's properties.

        "Bind List": POST configapi/v3/campaign/bindList/:campaign_id.
        """
        path = f"{V3}/campaign/bindList/{part(campaign_id)}"
        return self._read(Bound, "POST", path, json=settings)

    def update_list(self, campaign_id: str, settings: dict[str, Any]) -> int:
        """Change a list instance (`settings` has instanceId); return the list's records.

        "Update List": PATCH configapi/v3/campaign/updateList/:campaign_id.
        """
        path = f"{V3}/campaign/updateList/{part(campaign_id)}"
        body: Counted = self._read(Counted, "PATCH", path, json=settings, empty={})
        return body.get("totalRecords", 0)

    def unbind_list(self, campaign_id: str, instance_id: str) -> None:
        """Remove a list instance from a campaign (its active calls are dropped).

        "Unbind List": POST configapi/v3/campaign/unbindList/:campaign_id.
        """
        path = f"{V3}/campaign/unbindList/{part(campaign_id)}"
        self._call("POST", path, json={"instanceId": instance_id})

    def get_records(
        self,
        campaign_id: str,
        kind: str,
        instance_id: str,
        *,
        limit: int = MOST_RECORDS,
        cursor: str | None = None,
        attempts: bool = False,
        start_time: str = "",
        end_time: str = "",
    ) -> RecordsPage:
        """Return a page of an instance's campaign results; `kind` is all, completed or
        updated (the last two filtered by completion or last-attempt time, UTC).

        "Get All Records", "Get Completed Records", "Get Updated Records":
        POST configapi/v3/campaign/get{All,Completed,Updated}Records/:campaign_id.
        """
        body: dict[str, Any] = {
            "instanceId": instance_id,
            "extractAttempts": attempts,
            "limit": min(limit, MOST_RECORDS),
        }
        if cursor:
            body["cursor"] = cursor
        if kind != "all":
            body.update({k: v for k, v in (("startTime", start_time), ("endTime", end_time)) if v})
        path = f"{V3}/campaign/{RESULT_KINDS[kind]}/{part(campaign_id)}"
        return self._read(RecordsPage, "POST", path, json=body)

    def query_record(
        self, campaign_id: str, instance_id: str, fields: dict[str, str], attempts: bool = False
    ) -> ListRecord:
        """Return one record of an instance, found by its key fields, with its results.

        "Query a Record": POST configapi/v3/campaign/queryRecord/:campaign_id.
        """
        body = {"instanceId": instance_id, "fields": fields, "extractAttempts": attempts}
        path = f"{V3}/campaign/queryRecord/{part(campaign_id)}"
        return self._read(ListRecord, "POST", path, json=body)
