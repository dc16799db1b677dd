"""The Task Routing forms pick services and dispositions from the tenant's lists (free
text, saying why, when a list cannot be read), and a form the tenant refuses comes back
as typed with the fields it named marked."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from django.test import Client

from bpcc.admin_api import AdminClient, TaskRoutingError
from bpcc.admin_api.errors import missing_parameters
from bpcc.models import Tenant
from bpcc.names import Names
from console.task_forms import TaskCancelForm, TaskForm
from tests.console.conftest import Sim, flashes, key, signed

SERVICES = Names(["Chat Service", "Order Tasks", "Voice Inbound"])
QUEUE = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.com",
    "category": "Orders",
    "subject": "Refund order 12",
    "service": "Voice Inbound",
    "priority": "4.5",
    "order": "lifo",
    "ext_case_id": "case-12",
    "screenpop": "https://crm.example.com/12",
    "screenpop_in_tab": "on",
}


@pytest.mark.parametrize(
    ("message", "parameters"),
    [
        ("Missing parameter(s) [param_name]", ["param_name"]),
        ("Missing parameter(s) caseInfo.category, contactInfo.firstName",
         ["caseInfo.category", "contactInfo.firstName"]),
        ("Missing parameter(s) [taskInfo, caseInfo]", ["taskInfo", "caseInfo"]),
        ("Missing parameter(s) priority (a number from 0.01 to 100)", ["priority"]),
        ("Missing parameter(s) serviceName or priority", ["serviceName", "priority"]),
        ("Missing parameter(s) contactInfo.emails[0].address", ["contactInfo.emails.address"]),
        ("Missing parameter(s) (a JSON object body): Expecting value: line 1", []),
        ("Missing parameter(s)", []),
    ],
)  # fmt: skip
def test_code_4_names_the_parameters_it_lists(message: str, parameters: list[str]) -> None:
    assert missing_parameters(message) == parameters


@pytest.mark.parametrize(
    ("code", "parameters"),
    [(5, ["extTaskId"]), (6, ["serviceName"]), (7, ["dispositionName"]), (8, ["taskId"]),
     (9, []), (11, [])],
)  # fmt: skip
def test_each_code_names_the_parameter_it_is_about(code: int, parameters: list[str]) -> None:
    assert TaskRoutingError(400, code, "whatever the tenant says").parameters == parameters


def test_a_refused_parameter_marks_the_field_that_sent_it() -> None:
    form = TaskForm(QUEUE, services=SERVICES)

    form.refuse(["contactInfo.emails.address", "caseInfo.category", "serviceName"], "No.")

    assert form.refused == {"email", "category", "service"}
    assert form.errors["service"] == ["The tenant refused this: “No.”"]
    assert 'aria-invalid="true"' in str(form["service"])
    assert 'aria-invalid="true"' not in str(form["subject"])


def test_a_refused_service_of_a_task_queued_by_launch_point_marks_the_launch_point() -> None:
    form = TaskForm({**QUEUE, "service": "", "launch_point": "lp-1"}, services=SERVICES)

    form.refuse(["serviceName"], "Service not found or invalid")

    assert form.refused == {"launch_point"}


def test_services_are_picked_from_the_list_and_a_name_typed_before_stays() -> None:
    picked = TaskForm(services=SERVICES)
    kept = TaskForm({**QUEUE, "service": "Old Tasks"}, services=SERVICES)

    assert [v for v, _ in picked.fields["service"].widget.choices] == ["", *SERVICES.names]
    assert 'value="Old Tasks" selected' in str(kept["service"])


def test_without_the_tenants_list_the_field_is_free_text_saying_why() -> None:
    form = TaskCancelForm(dispositions=Names([], "The tenant did not list its dispositions (403)."))

    html = str(form["disposition"])
    assert "<select" not in html and 'placeholder="Abandoned"' in html
    assert form["disposition"].help_text == (
        "Type the name: the tenant did not list its dispositions (403)."
    )


def test_the_tasks_page_reads_the_tenants_services_once_for_many_views(
    admin: Client, sim: Sim
) -> None:
    before = sim.counts().get("GET /statsapi/cfg/services", 0)

    pages = [admin.get("/console/tasks/").content.decode() for _ in range(3)]

    assert sim.counts().get("GET /statsapi/cfg/services", 0) == before + 1
    offered = re.findall(r'<option value="([^"]*)"', picker(pages[-1]))
    assert offered[1:] == sorted(httpx.get(f"{sim.url}/_sim/state", timeout=10).json()["queues"])


def picker(html: str) -> str:
    return html.split('id="queue_service"')[1].split("</select>")[0]


def test_a_tenant_that_cannot_list_its_services_gets_a_typed_name_and_why(
    admin: Client, tenant: Tenant
) -> None:
    tenant.client_id, tenant.client_secret = "wallboard-nostats", "nostats-secret"
    tenant.save()

    html = admin.get("/console/tasks/").content.decode()

    assert '<input type="text" name="service"' in html
    assert "Type the name: the tenant did not list its services" in html


def test_a_refused_queue_form_comes_back_as_typed_with_the_service_marked(
    admin: Client, sim: Sim
) -> None:
    home = admin.get("/console/tasks/").content.decode()

    answer = admin.post(
        "/console/tasks/queue/", {"idempotency_key": key(home), **QUEUE}, follow=True
    )

    html = answer.content.decode()
    assert answer.status_code == 400
    assert "There is no service of the Task type with this name." in " ".join(flashes(answer))
    for name in ("first_name", "last_name", "email", "category", "subject", "priority"):
        assert re.search(rf'name="{name}" value="{re.escape(QUEUE[name])}"', html), name
    assert re.search(r'<option value="lifo" selected>', html)
    assert re.search(r'name="screenpop_in_tab"[^>]*checked', html)
    assert answer.context["form"].refused == {"service"}
    assert len(re.findall(r'aria-invalid="true"', html)) == 1


@pytest.fixture
def task_url(api: AdminClient, sim: Sim) -> Iterator[str]:
    """Return the page of a task queued in a frozen centre, so it stays queued."""
    sim.control("freeze", {"frozen": True})
    body = {
        "serviceName": "Order Tasks",
        "contactInfo": {"firstName": "Ada"},
        "caseInfo": {"category": "Orders"},
        "taskInfo": {"subject": "Kept"},
    }
    yield f"/console/tasks/{api.queue_task(body)['taskId']}/"
    sim.control("freeze", {"frozen": False})


def test_a_refused_cancel_keeps_the_disposition_and_the_note(admin: Client, task_url: str) -> None:
    data = {"disposition": "No Such Outcome", "note": "typed with care"}
    shown = admin.get(task_url).content.decode()

    answer = admin.post(
        f"{task_url}cancel/", {"idempotency_key": key(shown, 1), **data}, follow=True
    )

    html = answer.content.decode()
    assert "There is no disposition with this name." in " ".join(flashes(answer))
    assert answer.context["cancel"].refused == {"disposition"}
    assert 'value="No Such Outcome" selected' in html and 'value="typed with care"' in html


def test_an_update_refused_by_the_console_keeps_what_was_typed_and_asks_nothing(
    admin: Client, task_url: str, sim: Sim
) -> None:
    shown = admin.get(task_url).content.decode()
    before = sim.counts()
    data = {"priority": "lots", "service": "Chat Service", "idempotency_key": key(shown)}

    answer = admin.post(f"{task_url}update/", data)

    html = answer.content.decode()
    assert answer.status_code == 400
    assert re.search(r'name="priority" value="lots"[^>]*aria-invalid="true"', html)
    assert 'value="Chat Service" selected' in html
    assert not [k for k, n in sim.counts().items() if k.startswith("PATCH") and n != before.get(k)]


def test_a_refused_service_cancel_keeps_what_was_typed_and_the_confirmation(
    admin: Client,
) -> None:
    url = "/console/tasks/cancel-service/?service=Voice+Inbound"
    shown = admin.get(url).content.decode()
    data = {
        "service": "Voice Inbound",
        "disposition": "Resolved",
        "note": "closing the queue",
        "confirm_expected": signed(shown),
        "confirm_name": "Voice Inbound",
        "idempotency_key": key(shown),
    }

    answer = admin.post("/console/tasks/cancel-service/", data, follow=True)

    html = answer.content.decode()
    assert answer.context["form"].refused == {"service"}
    assert 'value="Resolved" selected' in html and 'value="closing the queue"' in html
    assert re.search(r'name="confirm_name"[^>]*value="Voice Inbound"', html)


def test_a_task_that_is_not_found_comes_back_in_the_look_up_form_marked(admin: Client) -> None:
    answer = admin.get(
        "/console/tasks/lookup/", {"task_id": "crm-404", "external": "1"}, follow=True
    )

    html = answer.content.decode()
    assert answer.status_code == 404
    assert answer.context["lookup"].refused == {"task_id"}
    assert re.search(r'name="task_id" value="crm-404"[^>]*aria-invalid="true"', html)
    assert re.search(r'name="external"[^>]*checked', html)
