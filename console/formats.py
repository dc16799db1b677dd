"""Which fields a calling list has.

List Management v3 has no method that returns a format's fields, so the console learns
them where it can: from the format it created itself, or from the `entry` of a record
in a campaign a list (or another list of its format) is bound to. Formats cannot be
changed, so what is learnt is kept (`KnownFormat`).
"""

from __future__ import annotations

from typing import Any

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.admin_api.wire import ListDetail
from bpcc.models import Tenant
from console.models import KnownFormat

# At most this many other lists of the same format are looked at for a record.
MOST_LOOKS = 4


def remember(tenant: Tenant, format_id: str, fields: list[dict[str, Any]]) -> None:
    KnownFormat.objects.update_or_create(
        tenant=tenant, format_id=format_id, defaults={"fields": fields}
    )


def list_fields(api: AdminClient, tenant: Tenant, list_id: str, detail: ListDetail) -> list[str]:
    """Return the field names of a v3 list, [] when they cannot be learnt."""
    known = KnownFormat.objects.filter(tenant=tenant, format_id=detail["formatId"]).first()
    if known:
        return [f["name"] for f in known.fields]
    names = _from_bindings(api, detail)
    if not names:
        siblings = [
            x["id"]
            for x in api.get_lists()["records"]
            if x["formatId"] == detail["formatId"] and x["id"] != list_id
        ]
        for other in siblings[:MOST_LOOKS]:
            names = _from_bindings(api, api.get_list(other))
            if names:
                break
    if names:
        remember(tenant, detail["formatId"], [{"name": n} for n in names])
    return names


def definitions(api: AdminClient, tenant: Tenant, list_id: str) -> list[dict[str, Any]]:
    """Return what the console knows of a list's fields (as `known_fields`, which the
    list's page reads): their definitions (name, type, flags) for a format created or
    described here, their names for one learnt from a record, or []."""
    key = f"list:{list_id}"
    if not tenant.is_onecloud:
        key = api.get_list(list_id)["formatId"]
    return known_fields(tenant, key, [])


def _from_bindings(api: AdminClient, detail: ListDetail) -> list[str]:
    for binding in detail["campaigns"][:MOST_LOOKS]:
        try:
            page = api.get_records(binding["campaignId"], "all", binding["instanceId"], limit=1)
        except UpstreamError:
            continue
        if page["records"]:
            return list(page["records"][0].get("entry", {}))
    return []


def named_list_fields(api: AdminClient, tenant: Tenant, list_name: str) -> list[str]:
    """Return the field names of a list on a OneCloud CX tenant (v2, by name)."""
    key = f"list:{list_name}"
    known = KnownFormat.objects.filter(tenant=tenant, format_id=key).first()
    if known:
        return [f["name"] for f in known.fields]
    for campaign in api.v2_get_campaigns():
        if list_name in campaign["lists"]:
            records = api.v2_get_records(list_name, campaign["name"], 0, 1)
            if records:
                names = list(records[0].get("entry", {}))
                remember(tenant, key, [{"name": n} for n in names])
                return names
    return []


def known_fields(tenant: Tenant, format_key: str, names: list[str]) -> list[dict[str, Any]]:
    """Return the fields of a format with what is known of them (type, required, key…),
    or only their `names` when the console did not create the format. `format_key` is
    a v3 format id, or "list:<name>" on OneCloud CX."""
    known = KnownFormat.objects.filter(tenant=tenant, format_id=format_key).first()
    return list(known.fields) if known else [{"name": n} for n in names]
