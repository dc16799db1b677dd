"""A Celery worker killed while an Add Many Records request is in flight: the tenant
added the rows but never answered. Resume says which lines are uncertain; on a list
with a key field it sends them again and reports them as already in the list, on a list
without one it asks, and skipping them adds nothing twice. Every request is audited."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from bpcc.admin_api import AdminClient
from tests.conftest import Stack
from tests.e2e.console_session import Console
from tests.support import sim_counts, wait_until

pytestmark = pytest.mark.e2e

ROWS, CHUNK = 10, 4


@pytest.fixture
def console(stack: Stack) -> Iterator[Console]:
    client = Console(stack)
    yield client
    client.http.close()


@pytest.fixture
def tenant_api(stack: Stack) -> Iterator[AdminClient]:
    with AdminClient(
        stack.simulator_url, timeout=10, client_id="wallboard-demo", client_secret="demo-secret"
    ) as client:
        yield client
    stack.sim("/_sim/faults", method="DELETE")


def database(stack: Stack) -> sqlite3.Connection:
    return sqlite3.connect(stack.env["WALLBOARD_DB_PATH"], timeout=30)


def start_import(stack: Stack, console: Console, list_id: str) -> str:
    """Upload ROWS rows, in chunks of CHUNK, and map them, with the tenant holding back
    its answer to the first request (it adds the records at once); return the import's
    id."""
    csv = b"code,tel\n" + b"".join(b"K%d,415555%04d\n" % (n, n) for n in range(1, ROWS + 1))
    uploaded = console.post(
        f"/console/lists/{list_id}/import/", {}, files={"file": ("ten.csv", csv, "text/csv")}
    )
    assert uploaded.status_code == 302, uploaded.text
    job = uploaded.headers["location"].rstrip("/").rsplit("/", 1)[-1]
    with database(stack) as db:
        db.execute("UPDATE console_importjob SET chunk_size = ?", (CHUNK,))
    path = f"/configapi/v3/callinglist/addAll/{list_id}"
    stack.sim("/_sim/faults", {"path": path, "drip": 120, "times": 1})
    console.post(f"/console/imports/{job}/", {"map_0": "code", "map_1": "tel"})
    return job


def kill_the_worker_mid_request(stack: Stack, api: AdminClient, list_id: str) -> None:
    """Once the tenant has added the first chunk, kill -9 the workers (the one waiting
    for its answer among them), and start them again."""
    wait_until(
        lambda: api.get_list(list_id)["totalRecords"] == CHUNK,
        timeout=30,
        what="the tenant adding the first chunk",
    )
    for name in ("worker", "worker-standby"):
        stack.processes[name].stop(signal.SIGKILL)
        stack.start(name)
    with database(stack) as db:  # as if the stall timeout had passed
        db.execute("UPDATE console_importjob SET heartbeat = '2000-01-01 00:00:00'")


def status(console: Console, job: str) -> dict[str, Any]:
    answer: dict[str, Any] = console.http.get(f"/console/imports/{job}/status.json").json()
    return answer


def finished(console: Console, job: str) -> dict[str, Any]:
    done: dict[str, Any] = wait_until(
        lambda: (s := status(console, job))["finished"] and s,
        timeout=60,
        what="the resumed import to finish",
    )  # type: ignore[assignment]
    return done


def audited_and_sent(stack: Stack, list_id: str, job: str) -> tuple[list[str], int]:
    """Return the results of the import's audit entries, and its requests upstream."""
    with database(stack) as db:
        results = [
            row[0]
            for row in db.execute(
                "SELECT result FROM console_auditentry "
                "WHERE json_extract(request_summary, '$.import') = ? ORDER BY id",
                (job,),
            )
        ]
    counts = sim_counts(stack.simulator_url)
    return results, counts.get(f"POST /configapi/v3/callinglist/addAll/{list_id}", 0)


def test_a_keyed_list_gets_the_uncertain_rows_again_as_already_in_the_list(
    stack: Stack, console: Console, tenant_api: AdminClient
) -> None:
    list_id = console.create_list(keyed=True)
    job = start_import(stack, console, list_id)
    kill_the_worker_mid_request(stack, tenant_api, list_id)

    report = console.page(f"/console/imports/{job}/")
    resumed = console.post(f"/console/imports/{job}/resume/", {}, follow_redirects=True)
    done = finished(console, job)

    assert "Lines 2-5 were being sent when the worker stopped" in report
    assert "Lines 2-5 are sent again: rows the tenant already has are reported" in resumed.text
    assert (done["state"], done["sent"], done["added"], done["rejected"]) == ("done", 10, 6, 0)
    assert done["already"] == CHUNK
    assert tenant_api.get_list(list_id)["totalRecords"] == ROWS
    results, sent = audited_and_sent(stack, list_id, job)
    assert sent == len(results) == 4, "three chunks, the first twice; each request audited"
    assert "the worker sending it stopped before the tenant answered" in results[0]
    assert "4 already in the list" in console.page(f"/console/imports/{job}/")


def test_a_keyless_list_asks_and_skipping_adds_nothing_twice(
    stack: Stack, console: Console, tenant_api: AdminClient
) -> None:
    list_id = console.create_list(keyed=False)
    job = start_import(stack, console, list_id)
    kill_the_worker_mid_request(stack, tenant_api, list_id)

    asked = console.post(f"/console/imports/{job}/resume/", {}, follow_redirects=True)
    assert status(console, job)["state"] == "running", "nothing queued before the answer"
    skipped = console.post(
        f"/console/imports/{job}/resume/", {"in_flight": "skip"}, follow_redirects=True
    )
    done = finished(console, job)

    assert "Lines 2-5 were being sent when the worker stopped" in asked.text
    assert "Choose whether to send them again or skip them" in asked.text
    assert "Lines 2-5 are skipped" in skipped.text
    assert (done["state"], done["sent"], done["added"], done["rejected"]) == ("done", 10, 6, 4)
    assert tenant_api.get_list(list_id)["totalRecords"] == ROWS, "no row added twice"
    results, sent = audited_and_sent(stack, list_id, job)
    assert sent == len(results) == 3
    report = console.page(f"/console/imports/{job}/")
    assert 'data-kind="notResent"' in report and report.count("<tr data-line=") == CHUNK
