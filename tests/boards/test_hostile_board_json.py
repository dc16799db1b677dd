"""Board JSON and numbers no person would send by hand (deep nesting, 5,000 digits,
NaN, a list for a type, "²", a NUL) get a 400 saying why, and change nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from boards.models import AlertAck, Board

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

HOSTILE = [
    ('{"title": "x", "widgets": ' + "[" * 100_000 + "]" * 100_000 + "}", "levels deep"),
    ('{"title": "x", "widgets": [{"type": "gauge", "max": ' + "9" * 5000 + "}]}", "digits"),
    ('{"title": "x", "widgets": [{"type": ["total"]}]}', 'unknown widget type ["total"]'),
    ('{"title": "x", "widgets": [{"type": "gauge", "max": NaN}]}', "NaN is not a number"),
    ('{"title": "x", "widgets": [{"type": "gauge", "max": Infinity}]}', "Infinity is not a"),
    ('{"title": "x", "widgets": [{"type": "gauge", "max": 1e400}]}', "too large"),
    ('{"title": "x\\u0000", "widgets": []}', "NUL character"),
    ('{"title": "x", "widgets": [{"type": "total", "x\\u0000": 1}]}', "NUL character"),
]


@pytest.mark.parametrize(("text", "error"), HOSTILE)
def test_a_hostile_import_is_refused_with_a_reason(
    supervisor_client: Client, demo_board: Board, text: str, error: str
) -> None:
    boards = Board.objects.count()

    response = supervisor_client.post(
        "/boards/import/", {"text": text, "tenant": demo_board.tenant_id}
    )

    assert response.status_code == 400
    assert error in " ".join(response.context["errors"])
    assert Board.objects.count() == boards


@pytest.mark.parametrize(("text", "error"), HOSTILE)
def test_a_hostile_save_is_refused_with_a_reason_and_changes_nothing(
    supervisor_client: Client, demo_board: Board, text: str, error: str
) -> None:
    before = demo_board.export()

    response = supervisor_client.post("/boards/demo/edit/", text, content_type="application/json")

    assert response.status_code == 400
    assert error in " ".join(response.json()["errors"])
    demo_board.refresh_from_db()
    assert demo_board.export() == before


@pytest.mark.parametrize("tenant", ["²", "9" * 5000])
def test_a_tenant_that_is_not_plain_digits_is_asked_for_again(
    supervisor_client: Client, demo_board: Board, tenant: str
) -> None:
    board = json.dumps({"title": "Copy", "widgets": []})
    boards = Board.objects.count()

    response = supervisor_client.post("/boards/import/", {"text": board, "tenant": tenant})

    assert response.status_code == 400
    assert "Pick the tenant" in " ".join(response.context["errors"])
    assert Board.objects.count() == boards


@pytest.mark.parametrize("tenant", ["²", "9" * 5000])
def test_the_pickers_answer_404_for_a_tenant_that_is_not_plain_digits(
    supervisor_client: Client, tenant: str
) -> None:
    for picker in ("dispositions", "campaigns", "services"):
        response = supervisor_client.get(f"/boards/{picker}/", {"tenant": tenant})
        assert response.status_code == 404


@pytest.mark.parametrize("minutes", ["²", "abc", "9" * 5000])
def test_an_acknowledgement_for_minutes_that_are_not_a_number_is_refused(
    supervisor_client: Client, demo_board: Board, minutes: str
) -> None:
    wid = demo_board.widgets[0]["id"]

    response = supervisor_client.post("/boards/demo/ack/", {"widget": wid, "minutes": minutes})

    assert response.status_code == 400
    assert "whole number of minutes" in response.json()["errors"][0]
    assert not AlertAck.objects.exists()


def test_a_board_of_countless_widgets_or_problems_gets_a_short_answer(
    supervisor_client: Client, demo_board: Board
) -> None:
    many = json.dumps({"title": "x", "widgets": [{}] * 100_000})
    thresholds = {f"c{n}": {} for n in range(5000)}
    grid = {"type": "service_grid", "columns": ["x"], "column_thresholds": thresholds}
    problems = json.dumps({"title": "x", "widgets": [grid]})

    for text, first in ((many, "board: more than 60 widgets"), (problems, "widget 1")):
        response = supervisor_client.post("/boards/import/", {"text": text})

        errors = response.context["errors"]
        assert response.status_code == 400
        assert errors[0].startswith(first) and len(errors) <= 30


def test_an_upload_too_large_to_be_a_board_says_so(
    supervisor_client: Client, demo_board: Board
) -> None:
    boards = Board.objects.count()
    upload = io.BytesIO(b" " * 1_000_001)
    upload.name = "board.json"

    response = supervisor_client.post(
        "/boards/import/", {"file": upload, "text": '{"title": "t"}', "tenant": "1"}
    )

    assert response.status_code == 400
    assert "larger than 1,000,000 bytes" in response.context["errors"][0]
    assert Board.objects.count() == boards
