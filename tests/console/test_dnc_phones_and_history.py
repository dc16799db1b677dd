"""An Internal DNC list's keys are phone numbers: one that is not is refused with the
line and the reason, nothing is sent and what was typed stays; good ones are sent as
the digits the tenant stores. The API cannot read a DNC list's entries, so the list's
page says so and shows what the console added and removed there, from the audit log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from bpcc.admin_api import AdminClient
from bpcc.models import Tenant
from console.models import AuditEntry
from console.phones import NotAPhone, phone_digits
from tests.console.conftest import Sim, key

INTERNAL = "Internal DNC"


@pytest.fixture
def internal(api: AdminClient) -> Iterator[str]:
    """Return the id of the simulator's Internal DNC list; remove the test's keys after."""
    found = {
        d["name"]: d["id"]
        for c in api.get_campaigns()
        for d in api.get_campaign(c["id"])["dncLists"]
    }
    yield found[INTERNAL]
    api.dnc_delete(found[INTERNAL], ["16505551234", "4155550000"])


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("not-a-number", "it has letters"),
        ("555-CALL-NOW", "it has letters"),
        ("650#555", "it has “#”"),
        ("+ ( ) -", "it has no digits"),
        ("1" * 21, "21 digits is too long"),
    ],
)
def test_what_is_not_a_phone_number_is_refused_saying_why(typed: str, why: str) -> None:
    with pytest.raises(NotAPhone, match=why):
        phone_digits(typed)


def test_phone_numbers_follow_the_documented_rules() -> None:
    assert phone_digits(" +1 (650) 555-1234 ") == "16505551234"
    assert phone_digits("650.555.1234", us_canada=True) == "16505551234"
    assert phone_digits("011 44 20 7946 0000", us_canada=True) == "011442079460000"
    with pytest.raises(NotAPhone, match="US or Canada"):
        phone_digits("1650555123", us_canada=True)


def test_a_bad_phone_is_refused_per_line_and_nothing_is_sent(
    admin: Client, sim: Sim, internal: str
) -> None:
    url = f"/console/dnc/{internal}/"
    typed = "+1 (650) 555-1234,asked twice\nnot-a-number,typo\n"
    before = sim.counts().get(f"POST /configapi/v3/donotcalllist/addAll/{internal}", 0)

    answer = admin.post(
        f"{url}add/",
        {
            "entries": typed,
            "dnc_name": INTERNAL,
            "idempotency_key": key(admin.get(url).content.decode()),
        },
    )

    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Line 2: “not-a-number” is not a phone number: it has letters;" in html
    assert f">{typed}</textarea>" in html
    assert sim.counts().get(f"POST /configapi/v3/donotcalllist/addAll/{internal}", 0) == before
    assert not AuditEntry.objects.exists()


def test_the_page_shows_what_the_console_added_and_removed_as_the_api_cannot_list_entries(
    admin: Client, tenant: Tenant, internal: str
) -> None:
    url = f"/console/dnc/{internal}/"
    add = {"entries": "+1 (650) 555-1234,asked twice\n415 555 0000", "dnc_name": INTERNAL}
    admin.post(f"{url}add/", {**add, "idempotency_key": key(admin.get(url).content.decode())})
    remove = {"entries": "(415) 555-0000", "dnc_name": INTERNAL}
    admin.post(
        f"{url}delete/", {**remove, "idempotency_key": key(admin.get(url).content.decode(), 1)}
    )
    elsewhere = AuditEntry.objects.create(
        tenant=tenant, action="add DNC entries", request_summary={"dnc": "another list"}, ok=True
    )

    html = admin.get(url).content.decode()

    assert "The tenant's API has no way to read a DNC list's entries" in html
    history = html.split('class="data dnc-history"')[1]
    assert history.index("removed") < history.index("added")  # newest first
    assert '<span class="dnc-key">4155550000</span>: deleted' in history
    assert (
        '<span class="dnc-key">16505551234</span> <span class="muted">“asked twice”</span>: added'
        in history
    )
    assert f'href="/console/audit/{elsewhere.pk}/"' not in history
