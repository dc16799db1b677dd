"""A list's records on its page: browsed through the results of a campaign the list is
bound to, a page at a time, and one found by its key fields.

List Management v3 reads a list's records only as a campaign's results ("Get All
Records", cursor-paged, and "Query a Record", docs/upstream/list-management-api-v3.md);
OneCloud CX's v2 reads them by list and campaign name, from an index
(docs/upstream/onecloud-cx-api-v2.md, "Get All Records" and "Query a Record", which
takes any campaign name).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict

from bpcc.admin_api import AdminClient, NotFound, UpstreamError
from bpcc.admin_api.wire import ListRecord
from bpcc.models import Tenant
from console import result_rows
from console.record_form import RecordField
from console.safety import explain

PAGE_SIZE = 20
FIND = "find_"  # the find form's inputs are named find_<key field name>
DRAFT = "record_draft:"  # the session key of a refused form's values, per list
NO_BINDING = (
    "The API reads a list's records only through the results of a campaign it is bound "
    "to, and this list is bound to none: bind it to a campaign to browse its records."
)


def bindings(
    api: AdminClient, tenant: Tenant, list_id: str, detail: dict[str, Any]
) -> list[dict[str, str]]:
    """Return the campaigns whose results show the list's records, each with its
    instance and the `value` that picks it in the page's address."""
    if tenant.is_onecloud:
        campaigns = api.v2_get_campaigns()
        return [
            {"campaign": c["name"], "instance": list_id, "label": c["name"], "value": c["name"]}
            for c in campaigns
            if list_id in c["lists"]
        ]
    return [
        {
            "campaign": b["campaignId"],
            "instance": b["instanceId"],
            "label": b["campaignName"],
            "value": b["instanceId"],
        }
        for b in detail["campaigns"]
    ]


def lookup_fields(fields: list[RecordField]) -> list[RecordField]:
    """Return the fields a record is found by: its key fields, or every field when the
    console does not know which are keys (the tenant ignores the others)."""
    return [f for f in fields if f.key] or fields


def browse(
    api: AdminClient, tenant: Tenant, list_id: str, via: dict[str, str], params: QueryDict
) -> dict[str, Any]:
    """Return one page of the list's records as `via`'s results, and the links around it.

    The API's cursors go forward only, so the page's address carries the cursors of the
    pages before it (`back`), and Previous goes to the last of them.
    """
    cursor, back = params.get("cursor", ""), params.getlist("back")
    try:
        records, after = _page(api, tenant, list_id, via, cursor)
    except UpstreamError as exc:
        return {"error": explain(exc)}
    common = {"via": via["value"]}
    links = {"number": len(back) + 1, "records": records}
    if after:
        links["next"] = urlencode({**common, "cursor": after, "back": [*back, cursor]}, doseq=True)
    if back:
        links["previous"] = urlencode({**common, "cursor": back[-1], "back": back[:-1]}, doseq=True)
    return links


def _page(
    api: AdminClient, tenant: Tenant, list_id: str, via: dict[str, str], cursor: str
) -> tuple[list[ListRecord], str]:
    if tenant.is_onecloud:
        start = int(cursor) if cursor.isdigit() else 0
        records = api.v2_get_records(list_id, via["campaign"], start, PAGE_SIZE)
        return records, str(start + PAGE_SIZE) if len(records) == PAGE_SIZE else ""
    found = api.get_records(
        via["campaign"], "all", via["instance"], limit=PAGE_SIZE, cursor=cursor or None
    )
    return found["records"], found["next_cursor"] or ""


def find(
    api: AdminClient,
    tenant: Tenant,
    list_id: str,
    via: dict[str, str] | None,
    keys: dict[str, str],
) -> tuple[ListRecord | None, str]:
    """Return the record with these key values ("Query a Record"), or why there is none."""
    try:
        if tenant.is_onecloud:
            # v2 takes any campaign name when the list is in no campaign.
            return api.v2_query_record(list_id, via["campaign"] if via else "-", keys), ""
        if via is None:
            return None, "Finding a record by its key needs a campaign the list is bound to."
        return api.query_record(via["campaign"], via["instance"], keys), ""
    except NotFound as exc:
        return None, f"No record has these key values. The tenant said: “{exc.message}”"
    except UpstreamError as exc:
        return None, explain(exc)


def wanted_keys(fields: list[RecordField], params: QueryDict) -> dict[str, str]:
    """Return the key values the find form sent, {} when it sent none."""
    keys = {f.name: params.get(FIND + f.name, "").strip() for f in lookup_fields(fields)}
    return {k: v for k, v in keys.items() if v} if any(keys.values()) else {}


def find_query(fields: list[RecordField], record: ListRecord, via: str) -> str:
    """Return the query string that finds `record` again by its key fields."""
    entry = record.get("entry", {})
    keys = {FIND + f.name: entry.get(f.name, "") for f in lookup_fields(fields)}
    return urlencode({"via": via, **keys})


def rows(fields: list[RecordField], values: dict[str, Any], errors: dict[str, str]) -> list[Any]:
    """Return the record form's rows: each field with its value and its error."""
    return [
        {"spec": f, "value": _text(values.get(f.name)), "error": errors.get(f.name, "")}
        for f in fields
    ]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def take_draft(request: HttpRequest, list_id: str) -> dict[str, Any]:
    """Return (and forget) what a form refused upstream held: {"mode", "values", "errors"}."""
    found: dict[str, Any] = request.session.pop(DRAFT + list_id, {})
    return found


def keep_draft(
    request: HttpRequest, list_id: str, mode: str, values: dict[str, str], errors: dict[str, str]
) -> None:
    request.session[DRAFT + list_id] = {"mode": mode, "values": values, "errors": errors}


def describe_rows(known: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the rows of the form that describes learnt fields, as now described."""
    return [{"n": n, **field} for n, field in enumerate(known)]


def found_status(found: ListRecord, zone: tzinfo) -> list[tuple[str, str]]:
    """Return a found record's campaign status as labelled values in the tenant's zone."""
    status = found.get("status", {})
    labels = {**result_rows.SHOWN_STATUS, **result_rows.MORE_STATUS}
    shown = [
        (text, result_rows.shown(status[name], zone, name in result_rows.TIMES))
        for name, text in labels.items()
        if name in status
    ]
    return [(text, value) for text, value in shown if value]


def records_context(
    spec: list[RecordField],
    via: dict[str, str] | None,
    browsed: dict[str, Any],
    found: ListRecord | None,
    draft: dict[str, Any],
    params: QueryDict,
) -> dict[str, Any]:
    """Return the records section's context: the page of records, the find form, the
    found record and the add, update and erase forms."""
    names = [f.name for f in spec]
    records: list[ListRecord] = browsed.get("records", [])
    if not names and records:
        names = list(records[0].get("entry", {}))
    via_value = via["value"] if via else ""
    lookup = lookup_fields(spec)
    entry = found.get("entry", {}) if found else {}
    mode, values, errors = draft.get("mode"), draft.get("values", {}), draft.get("errors", {})
    add = (values, errors) if mode == "add" else ({}, {})
    update = (values, errors) if mode == "update" else (entry, {})
    return {
        "columns": names,
        "browsed": browsed,
        "page_rows": [
            {
                "values": [r.get("entry", {}).get(n, "") for n in names],
                "completed": r.get("status", {}).get("completed"),
                "attempts": r.get("status", {}).get("totalAttempts", 0),
                "find": find_query(spec, r, via_value) if spec else "",
            }
            for r in records
        ],
        "via_value": via_value,
        "find_rows": [{"spec": f, "value": params.get(FIND + f.name, "")} for f in lookup],
        "found": found,
        "add_rows": rows(spec, *add),
        "update_rows": rows(spec, *update),
        "erase_keys": [{"name": f.name, "value": entry.get(f.name, "")} for f in lookup],
        "erase_label": ", ".join(str(entry.get(f.name, "")) for f in lookup),
        "keys_known": any(f.key for f in spec),
        "add_refused": bool(add[1]),
        "update_refused": bool(update[1]),
    }
