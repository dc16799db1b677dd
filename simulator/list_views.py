"""How campaigns, lists and records look on the wire (seed 002 and seed 001 examples).

Two generations of the List Record JSON Object:
- v3 campaign results (`entry`, `status`, `attempts`): every status field always there,
  empty when the record was never called, campaign result fields as `custom_<name>`;
- the DEPRECATED v3 and the OneCloud CX v2 methods: `completed` always, the other status
  fields only once the record was called, no custom fields.
Times are UTC as "2023-01-19T20:46:35.000".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from simulator.campaigns import Attempt, Campaign, Instance, Result
from simulator.lists import CallingList, Record, entry


def iso(timestamp: float | None) -> str:
    """Return a simulated time as the API writes it, or "" for none."""
    if timestamp is None:
        return ""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def parse_time(text: Any) -> float:
    """Return the timestamp of an API time ("2023-01-01T00:00:00.000", UTC unless told)."""
    if not isinstance(text, str) or "T" not in text:
        raise ValueError(f"{text!r} is not a date and time like 2023-01-01T00:00:00.000")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


# --- campaigns and lists -------------------------------------------------------------------


def campaign_summary(campaign: Campaign) -> dict[str, Any]:
    return {"id": campaign.id, "name": campaign.name, "state": campaign.state}


def campaign_status(campaign: Campaign) -> dict[str, Any]:
    return {"name": campaign.name, "enabled": campaign.enabled, "state": campaign.state}


def campaign_detail(campaign: Campaign, dnc_lists: list[Any]) -> dict[str, Any]:
    """Return Get Campaign's body: state, list instances and DNC lists."""
    return {
        **campaign_status(campaign),
        "lists": [instance_detail(i) for i in campaign.instances],
        "dncLists": [d.describe() for d in dnc_lists],
    }


def instance_detail(instance: Instance) -> dict[str, Any]:
    sorting = instance.sorting
    return {
        "id": instance.calling_list.id,
        "name": instance.calling_list.name,
        "instanceId": instance.id,
        "instanceName": instance.name,
        "enabled": instance.enabled,
        "order": instance.order,
        "dialingRatio": instance.dialing_ratio,
        "sortingOrder": {
            "type": sorting.type,
            "sortingFields": [
                {"fieldId": f.field_id, "fieldName": f.name, "sortOrder": f.order}
                for f in sorting.fields
            ],
        },
        "totalRecords": len(instance.calling_list),
    }


def list_summary(calling_list: CallingList) -> dict[str, Any]:
    return {
        "id": calling_list.id,
        "name": calling_list.name,
        "formatId": calling_list.format.id,
        "formatName": calling_list.format.name,
        "creationDate": iso(calling_list.created),
        "totalRecords": len(calling_list),
    }


def list_detail(calling_list: CallingList, instances: list[Instance]) -> dict[str, Any]:
    """Return Get List's body: the list and the campaign instances it is bound to."""
    summary = list_summary(calling_list)
    del summary["id"]
    summary["campaigns"] = [
        {"campaignName": i.campaign.name, "campaignId": i.campaign.id, "instanceId": i.id}
        for i in instances
    ]
    return summary


# --- v3 campaign results --------------------------------------------------------------------


def record_v3(instance: Instance, record: Record, attempts: bool) -> dict[str, Any]:
    """Return a record's List Record JSON Object as the v3 campaign methods show it."""
    result = instance.result(record) or Result()
    body: dict[str, Any] = {
        "entry": entry(instance.calling_list.format, record),
        "status": status_v3(instance.campaign, result),
    }
    if attempts:
        body["attempts"] = [attempt_v3(instance.campaign, a) for a in result.attempts]
    return body


def status_v3(campaign: Campaign, result: Result) -> dict[str, Any]:
    last = result.last or Attempt(0.0, "", "")
    status = {
        "globalInteractionID": last.interaction_id,
        "lastCallDuration": last.call_duration,
        "lastDisposition": last.disposition,
        "totalAttempts": len(result.attempts),
        "completed": result.completed,
        "completedTime": iso(result.completed_time),
        "lastAgent": last.agent,
        "lastPhone": last.phone,
        "lastDate": iso(result.last_date),
    }
    status.update(_custom(campaign, last))
    return status


def attempt_v3(campaign: Campaign, attempt: Attempt) -> dict[str, Any]:
    return {
        "call_attempted": attempt.call_attempted,
        "disposition": attempt.disposition,
        "date": iso(attempt.date),
        "phone": attempt.phone,
        "callDuration": attempt.call_duration,
        "dialingDuration": attempt.dialing_duration,
        "callNotes": attempt.notes,
        "agent": attempt.agent,
        "globalInteractionID": attempt.interaction_id,
        "CPADuration": attempt.cpa_duration,
        "CPAResult": attempt.cpa_result,
        **_custom(campaign, attempt),
    }


def _custom(campaign: Campaign, attempt: Attempt) -> dict[str, str]:
    return {f"custom_{name}": attempt.custom.get(name, "") for name in campaign.result_fields}


# --- DEPRECATED v3 and OneCloud CX v2 --------------------------------------------------------


def status_legacy(result: Result | None, completed_time: bool = False) -> dict[str, Any]:
    """Return the status object of the older methods: only the fields that have values."""
    if result is None or result.last is None:
        return {"completed": bool(result and result.completed)}
    last = result.last
    status: dict[str, Any] = {
        "globalInteractionID": last.interaction_id,
        "lastCallDuration": last.call_duration,
        "lastDisposition": last.disposition,
        "totalAttempts": len(result.attempts),
        "completed": result.completed,
    }
    if completed_time and result.completed:
        status["completedTime"] = iso(result.completed_time)
    status.update(lastAgent=last.agent, lastPhone=last.phone, lastDate=iso(last.date))
    return status


def indexed_record(instance: Instance, record: Record, completed_time: bool) -> dict[str, Any]:
    """Return a record as the DEPRECATED / v2 Get All Records show it, with its index."""
    return {
        "entry": entry(instance.calling_list.format, record),
        "index": record.index,
        "status": status_legacy(instance.result(record), completed_time),
    }


def queried_record(instance: Instance | None, record: Record, fmt: Any) -> dict[str, Any]:
    """Return a record for Query a Record (DEPRECATED / v2): no status when unbound."""
    body: dict[str, Any] = {"entry": entry(fmt, record)}
    if instance is not None:
        body["status"] = status_legacy(instance.result(record))
    return body


def completed_record(instance: Instance, record: Record) -> dict[str, Any]:
    """Return a record as the v2 Get Completed Records shows it."""
    result = instance.result(record)
    return {
        "completedTime": iso(result.completed_time if result else None),
        "entry": entry(instance.calling_list.format, record),
        "status": status_legacy(result),
    }


def changed_record(instance: Instance, record: Record) -> dict[str, Any]:
    """Return a record as Get Updated Records (DEPRECATED / v2) shows it, with attempts."""
    result = instance.result(record) or Result()
    final = result.last.disposition if result.completed and result.last else ""
    return {
        "entry": entry(instance.calling_list.format, record),
        "completed": result.completed,
        "recordDisposition": final,
        "recordDispositionCode": "",
        "totalAttempts": len(result.attempts),
        "attempts": [attempt_legacy(a) for a in result.attempts],
    }


def attempt_legacy(attempt: Attempt) -> dict[str, Any]:
    return {
        "call_attempted": attempt.call_attempted,
        "disposition": attempt.disposition,
        "dispositionCode": "",
        "date": iso(attempt.date),
        "phone": attempt.phone,
        "callDuration": attempt.call_duration,
        "dialingDuration": attempt.dialing_duration,
        "callNotes": attempt.notes,
        "agent": attempt.agent,
        "globalInteractionID": attempt.interaction_id,
        "CPADuration": attempt.cpa_duration,
    }
