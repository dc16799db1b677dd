"""Campaign results as people read them: column labels instead of the API's names, times
in the tenant's time zone, yes and no instead of true and false.

The API writes times in UTC without an offset, e.g. "2023-01-19T20:46:35.000"
(docs/upstream/list-management-api-v3.md, "List Record JSON Object"). The CSV export
keeps the API's names and values (console/views/results.py); only the page changes them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from typing import Any

from bpcc.admin_api.wire import ListRecord

# The status fields the table shows, in order, with their labels; the others are under
# each row's "More".
SHOWN_STATUS = {
    "completed": "Completed",
    "totalAttempts": "Attempts",
    "lastDisposition": "Last disposition",
    "lastDate": "Last attempt",
    "completedTime": "Completed at",
}
MORE_STATUS = {
    "lastAgent": "Last agent",
    "lastPhone": "Last phone",
    "lastCallDuration": "Last call (seconds)",
    "globalInteractionID": "Interaction ID",
}
TIMES = frozenset({"lastDate", "completedTime", "date"})
ATTEMPT_FIELDS = {
    "date": "Time",
    "disposition": "Disposition",
    "agent": "Agent",
    "phone": "Phone",
    "callDuration": "Call (seconds)",
}


def label(name: str) -> str:
    """Return a field name as a column heading: "lastName" and "last_name" are
    "Last name"; a name without a case or a separator is only capitalised."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:] if text else name


def shown(value: Any, zone: tzinfo, is_time: bool = False) -> str:
    """Return a value as the page shows it: yes/no for booleans, times in `zone`
    ("2023-01-19 20:46:35"), anything else as text; an unreadable time as it came."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    text = str(value)
    if is_time and text:
        return local_time(text, zone)
    return text


def local_time(text: str, zone: tzinfo) -> str:
    """Return an API time (UTC, no offset) as a time in `zone`; unreadable: as it came."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def row(record: ListRecord, columns: list[str], zone: tzinfo) -> dict[str, Any]:
    """Return one record as a table row: its entry's values, the shown status values,
    and the rest ("more"), each `(label, text)`, and its attempts."""
    status: dict[str, Any] = dict(record.get("status", {}))
    entry: dict[str, Any] = dict(record.get("entry", {}))
    return {
        "entry": [shown(entry.get(c, ""), zone) for c in columns],
        "status": [shown(status.get(c, ""), zone, c in TIMES) for c in SHOWN_STATUS],
        "more": [(text, shown(status.get(c, ""), zone)) for c, text in MORE_STATUS.items()],
        "attempts": [
            [(text, shown(a.get(c, ""), zone, c in TIMES)) for c, text in ATTEMPT_FIELDS.items()]
            for a in record.get("attempts", [])
        ],
    }
