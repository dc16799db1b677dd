"""The admin client: List Management v3, Task Routing v1 and OneCloud CX v2 lists.

One class, `AdminClient`, built from one mixin per seed section on top of
`stats.upstream.BpccClient`, whose `_request` stays the one place where HTTP happens.
"""

from __future__ import annotations

from stats.upstream import Forbidden, Unauthorized, Unreachable, UpstreamError
from stats.upstream_admin.base import BadId, MemoryTokens, TokenStore, check_id
from stats.upstream_admin.campaigns import RESULT_KINDS, CampaignMethods
from stats.upstream_admin.errors import (
    TASK_ROUTING_CODES,
    BadRequest,
    Conflict,
    NotFound,
    RateLimited,
    TaskRoutingError,
)
from stats.upstream_admin.lists import ListMethods
from stats.upstream_admin.onecloud import OneCloudMethods
from stats.upstream_admin.tasks import TaskMethods


class AdminClient(CampaignMethods, ListMethods, TaskMethods, OneCloudMethods):
    """Call a tenant's campaign, list, DNC and task APIs; one per unit of work."""

    def __enter__(self) -> AdminClient:
        return self


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
