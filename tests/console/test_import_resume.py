"""An import whose worker died is resumed from the page, from the first row not sent;
a run that was taken for dead and wakes up stops instead of sending twice."""

from __future__ import annotations

import io
import itertools
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bpcc.admin_api import AdminClient
from console import import_runner
from console.models import ImportJob
from console.tasks import run_import
from tests.console.conftest import Sim, flashes

ROWS = 10
_names = itertools.count(1)


@pytest.fixture
def list_id(api: AdminClient) -> Iterator[str]:
    """Return a new empty list in the "Web Leads" format; delete it afterwards."""
    web = next(x["id"] for x in api.get_lists()["records"] if x["name"] == "Web Leads.csv")
    created = api.create_list(f"Resume test {next(_names)}.csv", api.get_list(web)["formatId"])
    yield created
    api.delete_list(created)


def queued_job(admin: Client, list_id: str, chunk_size: int = 4) -> ImportJob:
    """Upload ROWS good rows and map them: the job is then queued (its task not run)."""
    upload = io.BytesIO(
        b"ID,Phone\n" + b"".join(b"R%d,415555%04d\n" % (n, n) for n in range(1, ROWS + 1))
    )
    upload.name = "ten.csv"
    mapping = admin.post(f"/console/lists/{list_id}/import/", {"file": upload}, follow=True)
    ImportJob.objects.update(chunk_size=chunk_size)
    admin.post(mapping.redirect_chain[-1][0], {"map_0": "ID", "map_1": "Phone"})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.QUEUED and job.run is not None
    return job


def add_many_calls(sim: Sim, list_id: str) -> int:
    return sim.counts().get(f"POST /configapi/v3/callinglist/addAll/{list_id}", 0)


def as_if_its_worker_died(job: ImportJob, sent_rows: int) -> None:
    """Leave the job as a worker killed after `sent_rows` rows would have."""
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING,
        sent_rows=sent_rows,
        heartbeat=timezone.now() - timedelta(minutes=10),
    )


def test_a_stalled_import_is_resumed_from_the_first_row_not_sent(
    admin: Client, api: AdminClient, list_id: str, django_capture_on_commit_callbacks
) -> None:
    job = queued_job(admin, list_id)
    as_if_its_worker_died(job, sent_rows=4)
    page = f"/console/imports/{job.pk}/"
    assert admin.get(f"{page}status.json").json()["stalled"] is True

    with django_capture_on_commit_callbacks() as dispatched:
        resumed = admin.post(f"{page}resume/", follow=True)
    again = admin.post(f"{page}resume/", follow=True)

    assert flashes(resumed) == ["The import goes on from row 5."]
    assert flashes(again) == ["This import is not stalled: it is being sent, or it has ended."]
    assert len(dispatched) == 1, "one new run queued, however many clicks"
    job.refresh_from_db()
    assert run_import(str(job.pk), str(job.run)) == ImportJob.State.DONE
    job.refresh_from_db()
    assert (job.sent_rows, job.added, job.rejected) == (ROWS, ROWS - 4, 0)
    assert api.get_list(list_id)["totalRecords"] == ROWS - 4  # rows 5 to 10 only


def test_a_job_being_sent_is_not_resumed(
    admin: Client, list_id: str, django_capture_on_commit_callbacks
) -> None:
    job = queued_job(admin, list_id)

    with django_capture_on_commit_callbacks() as dispatched:
        answer = admin.post(f"/console/imports/{job.pk}/resume/", follow=True)

    assert "not stalled" in flashes(answer)[0] and dispatched == []
    assert admin.get(f"/console/imports/{job.pk}/status.json").json()["stalled"] is False


def test_a_run_taken_for_dead_stops_and_sends_nothing(
    admin: Client, sim: Sim, list_id: str
) -> None:
    job = queued_job(admin, list_id)
    old_run = str(job.run)
    ImportJob.objects.filter(pk=job.pk).update(run=uuid.uuid4())  # resumed meanwhile
    before = add_many_calls(sim, list_id)

    assert run_import(str(job.pk), old_run) == "superseded"
    job.run = uuid.UUID(old_run)
    import_runner.send(job)  # even past the task's own check, the runner stops

    assert add_many_calls(sim, list_id) == before
    job.refresh_from_db()
    assert (job.state, job.sent_rows) == (ImportJob.State.QUEUED, 0)


def test_a_run_stops_between_chunks_when_another_takes_over(
    admin: Client, sim: Sim, list_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = queued_job(admin, list_id, chunk_size=4)
    sent_chunk = import_runner._send_chunk

    def take_over_after_the_first(
        job: ImportJob, api: AdminClient, chunk: list, *rest: Any
    ) -> list:
        refused = sent_chunk(job, api, chunk, *rest)
        ImportJob.objects.filter(pk=job.pk).update(run=uuid.uuid4())
        return refused

    monkeypatch.setattr(import_runner, "_send_chunk", take_over_after_the_first)
    before = add_many_calls(sim, list_id)

    import_runner.send(job)

    assert add_many_calls(sim, list_id) == before + 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING and job.finished is None
