"""The video-appointment API (seed 004) answers the seed's examples with the seed's
envelopes, and provokes each documented error status: 0, 2, 403 and 404."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.simulator.conftest import Sim
from tests.support import start_simulator

API = "/videoapi/v1"
TOKEN = "demo-appointment-token"
MEMBER = "member-appointment-token"
# The seed's examples, word for word (its task_time is 2023-12-21 06:49:58 UTC).
BLANK_TASK = {
    "business_id": 15,
    "out_task_num": "XXXXXXXXX",
    "out_task_type": "XXXXXXXXX",
    "task_type": "normal",
    "task_notify": False,
    "task_time": "1703141398",
    "task_remark": "remark_somthing",
    "branch_code": 943,
    "business_code": 2,
    "room_type": "normal",
    "video": True,
}
MODERATOR = {"task_num": "202402220000021", "business_code": "2", "branch_code": "85"}
CUSTOMER = {
    "customer_title": "Mr.",
    "customer_name": "name",
    "customer_id_num": "unique_id",
    "customer_country_code": "+886",
    "customer_phone": "0911211211",
    "customer_email": "[email protected]",
}


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Iterator[Sim]:
    """A simulator whose clock starts on the seed's day, before its example's task_time."""
    process, url = start_simulator(
        tmp_path_factory.mktemp("sim"),
        base_env,
        "--manual-clock",
        "--seed",
        "7",
        "--start",
        "2023-12-21T06:00:00+00:00",
    )
    yield Sim(url)
    process.stop()


def call(sim: Sim, method: str, body: Any, token: str | None = TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{sim.url}{API}/{method}", json=body, headers=headers, timeout=10)


def new_task(sim: Sim, out_num: str, **changes: Any) -> str:
    body = {**BLANK_TASK, "out_task_num": out_num, "room_type": "realtime", **changes}
    body.pop("task_time")
    answer = call(sim, "createBlankTask", body).json()
    assert answer["status"] == 1, answer
    task_num: str = answer["info"]["task_num"]
    return task_num


def test_the_seeds_examples_get_the_seeds_envelopes(sim: Sim) -> None:
    created = call(sim, "createBlankTask", BLANK_TASK)
    assert created.status_code == 200
    assert created.json() == {
        "status": 1,
        "message": "success",
        "info": {"task_num": "202312210000001"},
    }

    moderator = call(
        sim,
        "createTaskModerator",
        {**MODERATOR, "task_num": "202312210000001", "branch_code": "943", "emp_id": "unique_id"},
    )
    assert moderator.json() == {"status": 1, "message": "service member success"}

    publisher = call(
        sim, "createTaskPublisher", {"task_num": "202312210000001", "customer": [CUSTOMER]}
    )
    assert publisher.json() == {"status": 1, "message": "customer member success"}

    status = call(
        sim, "updateTaskStatus", {"task_num": "202312210000001", "task_status": "finished"}
    )
    assert status.json() == {"status": 1, "message": "success"}

    task = sim.control("GET", "appointments")["tasks"][0]
    assert (task["moderators"], task["status"]) == (["unique_id"], "finished")
    assert task["customers"] == [CUSTOMER]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"branch_code": None}, "branch_code is required"),
        ({"task_time": "1703000000"}, "task_time is in the past"),
        ({"task_time": None}, "task_time is required"),
        ({"room_type": "weekly"}, "room_type must be one of realtime, normal"),
        ({"task_type": "urgent"}, "task_type must be one of normal, custom"),
        ({"business_id": "15"}, "business_id is required and must be a number"),
        ({"video": "maybe"}, "video must be true or false"),
    ],
)
def test_an_invalid_task_gets_status_0_with_the_reason(
    sim: Sim, change: dict[str, Any], message: str
) -> None:
    body = {**BLANK_TASK, "out_task_num": f"bad-{message}", **change}
    body = {name: value for name, value in body.items() if value is not None}
    answer = call(sim, "createBlankTask", body)
    assert answer.status_code == 200
    assert answer.json()["status"] == 0
    assert message in answer.json()["message"]
    assert answer.json()["info"] == {}


def test_a_known_out_task_num_is_a_warning_with_the_first_task(sim: Sim) -> None:
    first = new_task(sim, "twice")
    created = sim.control("GET", "appointments")["created"]
    again = call(
        sim, "createBlankTask", {**BLANK_TASK, "out_task_num": "twice", "room_type": "realtime"}
    )
    assert again.json()["status"] == 2
    assert again.json()["info"] == {"task_num": first}
    assert "already has task" in again.json()["message"]
    assert sim.control("GET", "appointments")["created"] == created


def test_members_twice_and_a_repeated_status_are_warnings(sim: Sim) -> None:
    task_num = new_task(sim, "warnings")
    body = {"task_num": task_num, "emp_id": "agent-1"}
    assert call(sim, "createTaskModerator", body).json()["status"] == 1
    assert call(sim, "createTaskModerator", body).json()["status"] == 2
    customers = {"task_num": task_num, "customer": [CUSTOMER]}
    assert call(sim, "createTaskPublisher", customers).json()["status"] == 1
    again = call(sim, "createTaskPublisher", customers).json()
    assert (again["status"], again["message"]) == (2, "already on the task, skipped: unique_id")
    cancel = {"task_num": task_num, "task_status": "canceled"}
    assert call(sim, "updateTaskStatus", cancel).json()["status"] == 1
    assert call(sim, "updateTaskStatus", cancel).json()["status"] == 2
    finish = call(sim, "updateTaskStatus", {**cancel, "task_status": "finished"}).json()
    assert finish == {"status": 0, "message": "the task is already canceled"}


def test_a_customer_without_a_name_gets_status_0(sim: Sim) -> None:
    task_num = new_task(sim, "nameless")
    nameless = {**CUSTOMER, "customer_name": ""}
    answer = call(sim, "createTaskPublisher", {"task_num": task_num, "customer": [nameless]})
    assert answer.json() == {"status": 0, "message": "customer 1: customer_name is required"}


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_no_valid_token_gets_403(sim: Sim, token: str | None) -> None:
    answer = call(sim, "createBlankTask", {**BLANK_TASK, "out_task_num": "no-token"}, token)
    assert answer.status_code == 403
    assert answer.json() == {
        "status": 0,
        "message": "Access to the requested resource is not allowed",
    }


def test_a_status_change_by_a_non_moderator_gets_403(sim: Sim) -> None:
    task_num = new_task(sim, "members-only")
    body = {"task_num": task_num, "task_status": "finished"}
    assert call(sim, "updateTaskStatus", body, MEMBER).status_code == 403
    # Added without emp_id, the caller itself becomes the task's moderator.
    assert call(sim, "createTaskModerator", {"task_num": task_num}, MEMBER).json()["status"] == 1
    assert call(sim, "updateTaskStatus", body, MEMBER).json()["status"] == 1


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("createTaskModerator", MODERATOR),
        ("createTaskPublisher", {"task_num": "202402220000021", "customer": [CUSTOMER]}),
        ("updateTaskStatus", {"task_num": "202406060000001", "task_status": "finished"}),
    ],
)
def test_an_unknown_task_num_gets_404(sim: Sim, method: str, body: dict[str, Any]) -> None:
    answer = call(sim, method, body)
    assert answer.status_code == 404
    assert answer.json() == {"status": 0, "message": "Resource Not Found"}


def test_an_injected_fault_answers_in_the_apis_words(sim: Sim) -> None:
    sim.control("POST", "faults", {"path": API, "status": 503, "times": 1, "message": "down"})
    answer = call(sim, "createBlankTask", BLANK_TASK)
    assert answer.status_code == 503
    assert answer.json() == {"status": 0, "message": "down"}
    assert call(sim, "createBlankTask", BLANK_TASK).status_code == 200


def test_the_same_seed_and_requests_give_the_same_bodies(
    tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]
) -> None:
    def run() -> list[bytes]:
        process, url = start_simulator(
            tmp_path_factory.mktemp("again"), base_env, "--manual-clock", "--seed", "3"
        )
        try:
            sim = Sim(url)
            bodies = [call(sim, "createBlankTask", {**BLANK_TASK, "room_type": "realtime"})]
            bodies.append(call(sim, "createBlankTask", {**BLANK_TASK, "out_task_num": "2"}))
            task_num = bodies[0].json()["info"]["task_num"]
            bodies.append(call(sim, "createTaskModerator", {"task_num": task_num}))
            bodies.append(httpx.get(f"{url}/_sim/appointments"))
            return [response.content for response in bodies]
        finally:
            process.stop()

    assert run() == run()
