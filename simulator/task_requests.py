"""Read the Task Routing API's request bodies (seed 000), refusing bad ones with error 4.

Which parameters a Queue Task needs depends on the records that exist (an existing
case makes caseInfo and contactInfo unnecessary), so that check is `TaskDesk.queue`'s;
here each parameter that is present must have the documented type and values.
"""

from __future__ import annotations

from typing import Any

from simulator.tasks import FIFO, LIFO, MAX_PRIORITY, MIN_PRIORITY, NewTask, TaskError

SCREENPOP_TYPES = ("web", "dynamicscrm", "servicenow", "zendesk", "salesforce")
SCREENPOP_KEYS = ("screenpop", "screenpopData", "webScreenpopShowInTab", "screenpopShowUponAnswer")
EMAIL_TYPES = ("PRIMARY", "BUSINESS", "PRIVATE")
ADDRESS_TYPES = ("PRIMARY", "BILLING", "SHIPPING", "OTHER")


def new_task(body: dict[str, Any]) -> NewTask:
    """Return the Queue Task body as a NewTask; raise error 4 for a malformed parameter."""
    contact = _object(body, "contactInfo")
    if contact is not None:
        _items(contact, "emails", "contactInfo", ("type", "address"), EMAIL_TYPES)
        _items(contact, "addresses", "contactInfo", ("type",), ADDRESS_TYPES)
    return NewTask(
        ext_task_id=text_of(body, "extTaskId") or "",
        ext_case_id=text_of(body, "extCaseId") or "",
        ext_contact_id=text_of(body, "extContactId") or "",
        service=text_of(body, "serviceName") or "",
        launch_point=text_of(body, "taskLaunchPointId") or "",
        priority=priority_of(body),
        order=_order(body),
        task_info=_object(body, "taskInfo"),
        case_info=_object(body, "caseInfo"),
        contact_info=contact,
        screenpops=_screenpops(body),
    )


def text_of(body: dict[str, Any], key: str) -> str | None:
    """Return a text parameter, None when absent; raise error 4 when it is not text."""
    value = body.get(key)
    if value is None or isinstance(value, str):
        return value
    raise TaskError(4, f"{key} (text)")


def priority_of(body: dict[str, Any]) -> float | None:
    """Return the priority, None when absent; raise error 4 unless it is 0.01 to 100."""
    value = body.get("priority")
    if value is None:
        return None
    number = None if isinstance(value, bool) else _float(value)
    if number is None or not MIN_PRIORITY <= number <= MAX_PRIORITY:
        raise TaskError(4, f"priority (a number from {MIN_PRIORITY:g} to {MAX_PRIORITY:g})")
    return number


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _order(body: dict[str, Any]) -> str:
    order = (text_of(body, "order") or FIFO).lower()
    if order not in (FIFO, LIFO):
        raise TaskError(4, "order (fifo or lifo)")
    return order


def _object(body: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = body.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise TaskError(4, f"{key} (an object)")


def _items(
    owner: dict[str, Any], key: str, where: str, required: tuple[str, ...], types: tuple[str, ...]
) -> None:
    """Check an array of objects that each need `required` keys and a `type` of `types`."""
    path = f"{where}.{key}" if where else key
    items = owner.get(key, [])
    if not isinstance(items, list):
        raise TaskError(4, f"{path} (an array)")
    for i, item in enumerate(items):
        at = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise TaskError(4, f"{at} (an object)")
        missing = [f"{at}.{name}" for name in required if not item.get(name)]
        if missing:
            raise TaskError(4, ", ".join(missing))
        if item["type"] not in types:
            raise TaskError(4, f"{at}.type (one of {', '.join(types)})")


def _screenpops(body: dict[str, Any]) -> dict[str, Any]:
    """Return the screen pop parameters as given, once their types are checked."""
    text_of(body, "screenpop")
    _items(body, "screenpopData", "", ("type", "url"), SCREENPOP_TYPES)
    for flag in ("webScreenpopShowInTab", "screenpopShowUponAnswer"):
        if not isinstance(body.get(flag, False), bool):
            raise TaskError(4, f"{flag} (true or false)")
    return {key: body[key] for key in SCREENPOP_KEYS if key in body}
