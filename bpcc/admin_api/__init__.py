"""The admin client: List Management v3, Task Routing v1 and OneCloud CX v2 lists.

One class, `AdminClient`, built from one mixin per seed section on top of
`bpcc.http.HttpCore` (shared with the statistics client, never inheriting from it),
whose `_request` stays the one place where HTTP happens.
"""

from __future__ import annotations

from bpcc.admin_api.base import BadId, MemoryTokens, TokenStore, check_id
from bpcc.admin_api.campaigns import RESULT_KINDS, CampaignMethods
from bpcc.admin_api.errors import (
    TASK_ROUTING_CODES,
    BadRequest,
    Conflict,
    NotFound,
    RateLimited,
    TaskRoutingError,
)
from bpcc.admin_api.lists import ListMethods
from bpcc.admin_api.onecloud import OneCloudMethods
from bpcc.admin_api.tasks import TaskMethods
from bpcc.http import Forbidden, Unauthorized, Unreachable, UpstreamError


class AdminClient(CampaignMethods, ListMethods, TaskMethods, OneCloudMethods):
    """Call a tenant's campaign, list, DNC and task APIs; one per unit of work."""


__all__ = [
    "RESULT_KINDS",
    "TASK_ROUTING_CODES",
    "AdminClient",
    "BadId",
    "BadRequest",
    "Conflict",
    "Forbidden",
    "MemoryTokens",
    "NotFound",
    "RateLimited",
    "TaskRoutingError",
    "TokenStore",
    "Unauthorized",
    "Unreachable",
    "UpstreamError",
    "check_id",
]
