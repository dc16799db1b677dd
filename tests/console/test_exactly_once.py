"""A form submitted twice makes one upstream call and answers the repeat with the
first outcome; every change is in the audit log with the tenant's status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from bpcc.admin_api import AdminClient
from console.models import AuditEntry, Mutation
from console.safety import KEY_RETENTION
from tests.console.conftest import ADMIN, Sim, flashes, key, signed

SALES = "Outbound Sales"
DAY = timedelta(days=1)


@pytest.fixture
def sales(api: AdminClient) -> Iterator[str]:
    """Return the id of "Outbound Sales", stopped; stop it again afterwards."""
    campaign_id = next(c["id"] for c in api.get_campaigns() if c["name"] == SALES)
    if api.get_campaign_status(campaign_id)["state"] == "RUNNING":
        api.stop_campaign(campaign_id)
    yield campaign_id
    if api.get_campaign_status(campaign_id)["state"] == "RUNNING":
        api.stop_campaign(campaign_id)


def test_a_repeated_start_is_sent_once_and_answered_again(
    admin: Client, sim: Sim, sales: str
) -> None:
    url = f"/console/campaigns/{sales}/start/"
    form = {"idempotency_key": key(admin.get(url).content.decode()), "campaign_name": SALES}
    path = f"POST /configapi/v3/campaign/start/{sales}"
    before = sim.counts().get(path, 0)

    first = admin.post(url, form, follow=True)
    second = admin.post(url, form, follow=True)

    assert sim.counts().get(path, 0) - before == 1
    assert flashes(first) == [f"{SALES} is now RUNNING."]
    assert "it was not sent again" in flashes(second)[0]
    entries = AuditEntry.objects.filter(action="start campaign")
    assert [(e.upstream_status, e.ok) for e in entries] == [(200, True)]


def test_a_start_of_a_running_campaign_explains_the_409(
    admin: Client, api: AdminClient, sales: str
) -> None:
    api.start_campaign(sales)
    url = f"/console/campaigns/{sales}/start/"
    form = {"idempotency_key": key(admin.get(url).content.decode()), "campaign_name": SALES}

    answer = admin.post(url, form, follow=True)

    assert flashes(answer)[0].startswith("The campaign is already running, or it is disabled")
    assert "Specified campaign is disabled or already running" in flashes(answer)[0]
    entry = AuditEntry.objects.get(action="start campaign")
    assert (entry.upstream_status, entry.ok) == (409, False)


def test_a_form_without_its_key_sends_nothing(admin: Client, sim: Sim, sales: str) -> None:
    path = f"POST /configapi/v3/campaign/start/{sales}"
    before = sim.counts().get(path, 0)

    answer = admin.post(f"/console/campaigns/{sales}/start/", {"campaign_name": SALES}, follow=True)

    assert "out of date" in flashes(answer)[0]
    assert sim.counts().get(path, 0) == before
    assert not AuditEntry.objects.exists()


def test_a_wrong_typed_confirmation_changes_nothing(
    admin: Client, sim: Sim, api: AdminClient, sales: str
) -> None:
    bound = api.get_campaign(sales)["lists"]
    instance = bound[0]
    url = f"/console/campaigns/{sales}/instances/{instance['instanceId']}/unbind/"
    page = admin.get(url).content.decode()

    answer = admin.post(
        url,
        {"idempotency_key": key(page), "confirm_expected": signed(page), "confirm_name": "Sales"},
    )

    assert answer.status_code == 400
    assert f"Type “{instance['name']}” exactly" in answer.content.decode()
    assert not AuditEntry.objects.exists()
    assert api.get_campaign(sales)["lists"] == bound


def test_keys_are_forgotten_after_a_month_and_kept_before(
    admin: Client, sim: Sim, sales: str
) -> None:
    user = User.objects.get(username=ADMIN)
    old = Mutation.objects.create(user=user, key="old", done=True)
    recent = Mutation.objects.create(user=user, key="recent", done=True)
    Mutation.objects.filter(pk=old.pk).update(created=timezone.now() - KEY_RETENTION - DAY)
    Mutation.objects.filter(pk=recent.pk).update(created=timezone.now() - KEY_RETENTION + DAY)
    url = f"/console/campaigns/{sales}/start/"

    admin.post(
        url, {"idempotency_key": key(admin.get(url).content.decode()), "campaign_name": SALES}
    )

    kept = set(Mutation.objects.values_list("key", flat=True))
    assert "recent" in kept and "old" not in kept
    assert len(kept) == 2  # and the start's own key
