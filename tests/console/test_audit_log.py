"""Every kind of change the console makes is in the audit log with the tenant's status,
and the log can be filtered and exported."""

from __future__ import annotations

import csv
import io
import re

from django.test import Client

from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from console import import_runner
from console.models import AuditEntry, ImportJob
from tests.console.conftest import Sim, flashes, key, signed
from tests.simulator.listapi import unique


def submit(admin: Client, page_url: str, action: str, data: dict[str, object], n: int = 0) -> str:
    """Post the nth form of a page with its idempotency key; return the flash."""
    page = admin.get(page_url).content.decode()
    answer = admin.post(action, {"idempotency_key": key(page, n), **data}, follow=True)
    return " ".join(flashes(answer))


def confirmed(admin: Client, page_url: str, name: str, n: int = 0) -> dict[str, str]:
    page = admin.get(page_url).content.decode()
    return {"confirm_expected": signed(page, n), "confirm_name": name}


def test_every_change_is_audited_with_the_upstream_status(
    admin: Client, api: AdminClient, sim: Sim, tenant: Tenant
) -> None:
    # A frozen centre keeps deletion jobs running and tasks queued while they are used.
    sim.control("freeze", {"frozen": True})
    try:
        _change_everything(admin, api)
    finally:
        sim.control("freeze", {"frozen": False})

    audited = {(e.action, e.upstream_status) for e in AuditEntry.objects.all()}
    assert audited == {
        ("create list", 200),
        ("create list with new format", 200),
        ("add record", 200),
        ("add record", 409),
        ("update record", 200),
        ("erase record", 200),
        ("import records", 200),
        ("delete records", 200),
        ("delete all records", 409),
        ("delete list", 200),
        ("bind list", 200),
        ("update list instance", 200),
        ("unbind list", 200),
        ("start campaign", 200),
        ("stop campaign", 200),
        ("add DNC entries", 200),
        ("delete DNC entries", 200),
        ("delete all DNC entries", 200),
        ("queue task", 200),
        ("update task", 200),
        ("cancel task", 204),
        ("cancel all tasks of a service", 200),
    }
    assert all(
        e.username == "console-admin" and e.tenant == tenant for e in AuditEntry.objects.all()
    )


def test_the_audit_log_filters_and_exports(admin: Client, tenant: Tenant) -> None:
    for action, status, ok in (("start campaign", 200, True), ("stop campaign", 409, False)):
        AuditEntry.objects.create(
            username="someone",
            tenant=tenant,
            tenant_name=tenant.name,
            action=action,
            target="Outbound Sales",
            request_summary={"request": "POST /x"},
            upstream_status=status,
            ok=ok,
            result="r",
        )

    page = admin.get("/console/audit/", {"outcome": "failed"}).content.decode()
    export = admin.get("/console/audit/export.csv", {"action": "start"}).content.decode()

    assert "stop campaign" in page and "start campaign" not in page
    lines = export.strip().splitlines()
    assert lines[0].startswith("time,user,tenant,action,target,request,upstream status,result")
    assert len(lines) == 2 and ",start campaign,Outbound Sales," in lines[1] and ",200," in lines[1]


def test_the_export_writes_would_be_formulas_as_text(admin: Client, tenant: Tenant) -> None:
    """An upstream's message or a list name is not trusted to be harmless in Excel."""
    AuditEntry.objects.create(
        username="someone",
        tenant=tenant,
        tenant_name=tenant.name,
        action="create list",
        target="@SUM(1+1)*cmd|' /C calc'!A0",
        request_summary={"request": "POST /x"},
        upstream_status=400,
        ok=False,
        result="=HYPERLINK(1)",
    )

    export = admin.get("/console/audit/export.csv").content.decode()

    [row] = list(csv.reader(io.StringIO(export)))[1:]
    assert (row[4], row[7]) == ("'@SUM(1+1)*cmd|' /C calc'!A0", "'=HYPERLINK(1)")


def _change_everything(admin: Client, api: AdminClient) -> None:
    sales = next(c["id"] for c in api.get_campaigns() if c["name"] == "Outbound Sales")
    web_format = next(
        x["formatId"] for x in api.get_lists()["records"] if x["name"] == "Web Leads.csv"
    )
    name = unique("Audited ") + ".csv"

    # Lists: create in a format, and with a new one; records; import; jobs; delete.
    assert "is created" in submit(
        admin,
        "/console/lists/new/",
        "/console/lists/new/",
        {"mode": "existing", "name": name, "format_id": web_format},
    )
    list_id = next(x["id"] for x in api.get_lists()["records"] if x["name"] == name)
    fields = [
        {"name": "code", "type": "OTHER", "required": True, "key": True},
        {"name": "tel", "type": "PHONE", "required": True},
    ]
    fresh = unique("Fresh ") + ".csv"
    new_format = {
        "mode": "new",
        "name": fresh,
        "format_name": unique("Fresh format "),
        "field_name": [f["name"] for f in fields],
        "field_type": [f["type"] for f in fields],
        "field_required": ["0", "1"],
        "field_key": ["0"],
    }
    assert "are created" in submit(
        admin, "/console/lists/new/", "/console/lists/new/", new_format, 1
    )
    api.delete_list(next(x["id"] for x in api.get_lists()["records"] if x["name"] == fresh))
    list_url = f"/console/lists/{list_id}/"
    record = {"field_ID": "A1", "field_firstName": "Ann", "field_Phone": "4155550101"}
    assert "added" in submit(admin, list_url, f"{list_url}records/add/", record)
    assert "already in the list" in submit(admin, list_url, f"{list_url}records/add/", record)
    assert "updated" in submit(
        admin,
        list_url,
        f"{list_url}records/update/",
        {"field_ID": "A1", "field_firstName": "Anne"},
        1,
    )
    erase = {"find_ID": "A1", "reason": "test", "list_name": name}
    assert "erased" in submit(
        admin,
        list_url,
        f"{list_url}records/erase/",
        {**erase, **confirmed(admin, list_url, name, 0)},
        2,
    )
    upload = io.BytesIO(b"ID,Phone\nB1,4155550102\nB2,12\n")
    upload.name = "two.csv"
    mapping = admin.post(f"{list_url}import/", {"file": upload}, follow=True)
    job = ImportJob.objects.get()
    admin.post(mapping.redirect_chain[-1][0], {"map_0": "ID", "map_1": "Phone"})
    import_runner.send(ImportJob.objects.get(pk=job.pk))
    assert "Deleting records" in submit(
        admin,
        list_url,
        f"{list_url}records/delete/",
        {"list_name": name, "fields": "ID=B1", **confirmed(admin, list_url, name, 1)},
        3,
    )
    assert "job is already running" in submit(
        admin,
        list_url,
        f"{list_url}records/delete-all/",
        {"list_name": name, **confirmed(admin, list_url, name, 2)},
        4,
    )
    delete_url = f"{list_url}delete/"
    assert "is deleted" in submit(admin, delete_url, delete_url, confirmed(admin, delete_url, name))

    # Campaigns: bind, update, unbind, start, stop.
    campaign_url = f"/console/campaigns/{sales}/"
    web = next(x["id"] for x in api.get_lists()["records"] if x["name"] == "Web Leads.csv")
    bind = {"list_id": web, "order": 1, "dialing_ratio": 1, "sorting": "NATURAL"}
    bound = submit(admin, f"{campaign_url}bind/", f"{campaign_url}bind/", bind)
    instance = re.search(r"instance ([0-9A-F-]{36})", bound)
    assert instance, bound
    instance_url = f"{campaign_url}instances/{instance[1]}/"
    assert "updated" in submit(
        admin, instance_url, instance_url, {"order": 2, "dialing_ratio": 1, "sorting": "RANDOM"}
    )
    unbind_url = f"{instance_url}unbind/"
    assert "no longer bound" in submit(
        admin, unbind_url, unbind_url, confirmed(admin, unbind_url, "Web Leads.csv")
    )
    assert "now RUNNING" in submit(admin, f"{campaign_url}start/", f"{campaign_url}start/", {})
    assert "now STOPPED" in submit(admin, f"{campaign_url}stop/", f"{campaign_url}stop/", {})

    # DNC: add, delete, delete all (then put the entries back).
    postal = next(d["id"] for d in api.get_campaign(sales)["dncLists"] if d["name"] == "Postal DNC")
    dnc_url = f"/console/dnc/{postal}/"
    assert "1 of 1 entries added" in submit(
        admin, dnc_url, f"{dnc_url}add/", {"entries": "99501,test", "dnc_name": "Postal DNC"}
    )
    assert "1 of 2 entries deleted" in submit(
        admin,
        dnc_url,
        f"{dnc_url}delete/",
        {"entries": "99501\n00000", "dnc_name": "Postal DNC"},
        1,
    )
    assert "entries of “Postal DNC” deleted" in submit(
        admin,
        dnc_url,
        f"{dnc_url}delete-all/",
        {"dnc_name": "Postal DNC", **confirmed(admin, dnc_url, "Postal DNC")},
        2,
    )
    api.dnc_add(postal, [{"key": "94105"}, {"key": "10001"}])

    # Tasks: the frozen centre keeps the task queued.
    task_form = {"first_name": "Ada", "category": "Orders", "subject": "Audit"}
    task_form.update(service="Order Tasks", order="fifo")
    queued = submit(admin, "/console/tasks/", "/console/tasks/queue/", task_form)
    task = re.search(r"task ([0-9a-f]{24})", queued)
    assert task, queued
    task_url = f"/console/tasks/{task[1]}/"
    assert "updated" in submit(admin, task_url, f"{task_url}update/", {"priority": "9"})
    assert "cancelled" in submit(
        admin, task_url, f"{task_url}cancel/", {"disposition": "Abandoned"}, 1
    )
    cancel_url = "/console/tasks/cancel-service/?service=Order+Tasks"
    assert "cancelled" in submit(
        admin,
        cancel_url,
        "/console/tasks/cancel-service/",
        {"service": "Order Tasks", **confirmed(admin, cancel_url, "Order Tasks")},
    )


def test_a_filter_with_a_nul_byte_finds_nothing(admin: Client, tenant: Tenant) -> None:
    """PostgreSQL refuses a NUL in a query's text; the page answers as SQLite would."""
    AuditEntry.objects.create(
        username="someone", tenant_name=tenant.name, action="start campaign", ok=True
    )

    for name in ("user", "action", "target", "tenant"):
        page = admin.get("/console/audit/", {name: "some\x00one"})
        export = admin.get("/console/audit/export.csv", {name: "\x00"})

        assert page.status_code == 200 and "start campaign" not in page.content.decode()
        assert export.status_code == 200 and len(export.content.decode().splitlines()) == 1
