"""The Appointments page without a browser: a schedule sent twice with one key makes one
room, a refusal keeps the form and names the field, and the record feeds the board."""

from __future__ import annotations

import httpx
import pytest
from django.test import Client

from bpcc.models import Tenant
from console.models import Appointment
from stats.feeds import todays_appointments
from tests.console.conftest import key, signed

pytestmark = pytest.mark.django_db
WIDGETS = [{"id": "today", "type": "appointments"}]


@pytest.fixture
def with_service(tenant: Tenant) -> Tenant:
    tenant.appointments_url = tenant.base_url
    tenant.appointments_token = "demo-appointment-token"
    tenant.save()
    return tenant


def created(tenant: Tenant) -> int:
    count: int = httpx.get(f"{tenant.base_url}/_sim/appointments").json()["created"]
    return count


def form(html: str, **fields: str) -> dict[str, str]:
    sent = {"room_type": "realtime", "business_id": "1", "task_type": "normal", "video": "on"}
    return {**sent, "branch_code": "943", "idempotency_key": key(html), **fields}


def test_one_key_one_room_and_the_record_reaches_the_board(
    admin: Client, with_service: Tenant
) -> None:
    before = created(with_service)
    html = admin.get("/console/appointments/").content.decode()
    sent = form(html)
    first = admin.post("/console/appointments/schedule/", sent)
    again = admin.post("/console/appointments/schedule/", sent)

    [record] = Appointment.objects.filter(tenant=with_service)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/console/appointments/{record.pk}/"
    assert created(with_service) == before + 1
    assert admin.get(first["Location"]).status_code == 200
    rows = todays_appointments(with_service, WIDGETS)
    assert rows == [[record.task_num, record.starts.timestamp(), "", "in progress"]]


def test_a_refusal_is_shown_next_to_its_field_with_the_form_as_sent(
    admin: Client, with_service: Tenant
) -> None:
    html = admin.get("/console/appointments/").content.decode()
    admin.post("/console/appointments/schedule/", form(html, branch_code="", remarks="keep me"))

    page = admin.get("/console/appointments/")
    text = page.content.decode()
    assert page.status_code == 400
    assert "The service said: branch_code is required" in text
    assert 'value="keep me"' in text
    assert not Appointment.objects.exists()


def test_bad_customers_and_a_wrong_confirmation_send_nothing(
    admin: Client, with_service: Tenant
) -> None:
    html = admin.get("/console/appointments/").content.decode()
    done = admin.post("/console/appointments/schedule/", form(html))
    record = Appointment.objects.get(tenant=with_service)
    page = admin.get(done["Location"]).content.decode()
    customer = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-name": "Ada"}
    customer |= {"form-0-id_num": "C-1", "form-0-email": "not-an-email"}
    customer |= {"form-0-country_code": "44", "idempotency_key": key(page, 1)}

    bad = admin.post(f"/console/appointments/{record.pk}/customers/", customer)
    wrong = admin.post(
        f"/console/appointments/{record.pk}/status/",
        {"status": "canceled", "confirm_expected": signed(page), "confirm_name": "nope"},
    )

    text = bad.content.decode()
    assert bad.status_code == wrong.status_code == 400
    assert "Enter a valid email address." in text and "A country code is + and 1" in text
    assert "Type “" in wrong.content.decode()
    task = next(t for t in sim_tasks(with_service) if t["task_num"] == record.task_num)
    assert (task["customers"], task["status"]) == ([], "open")


def sim_tasks(tenant: Tenant) -> list[dict[str, object]]:
    tasks: list[dict[str, object]] = httpx.get(f"{tenant.base_url}/_sim/appointments").json()[
        "tasks"
    ]
    return tasks
