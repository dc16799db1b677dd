"""Generated board JSON and form values thrown at the board import, the editor's save
and acknowledgements: the answer is never a 500; an import makes one board or none,
and a refused save or acknowledgement changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from boards.models import AlertAck, Board
from tests import properties  # noqa: F401  (loads the hypothesis profile)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_redis")]

# --- board JSON ---------------------------------------------------------------------

WIDGET_KEYS = [
    "id", "type", "title", "x", "y", "w", "h", "stat", "secondary", "services", "min",
    "max", "minutes", "columns", "order_by", "order_dir", "limit", "filter", "thresholds",
    "column_thresholds", "alert", "dispositions", "name_stat", "text", "campaign", "count",
    "logged_in_only", "show_date", "show_seconds", "direction", "warning", "critical",
]  # fmt: skip
TYPES = ["total", "gauge", "service_grid", "agent_grid", "text", "campaign", "ticker"]
STATS = ["calls_in_queue", "acd_state", "service_name", "first_last_name", "x"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers().map(lambda n: n * 10**40),  # far beyond any place or limit
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TYPES + STATS + ["", "above", "below", "EQ", "²", "..", "\x00"]),
    st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
widgets = st.dictionaries(st.sampled_from(WIDGET_KEYS), values, max_size=8) | values
boards = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(max_size=30) | values,
        "theme": st.sampled_from(["dark", "light", "x"]) | values,
        "widgets": st.lists(widgets, max_size=5) | values,
    },
)


def board_text(board: Any, wrap: int, noise: str) -> str:
    """Return a board as JSON text, maybe nested `wrap` lists deep or with `noise` added."""
    text = json.dumps(board, allow_nan=True)
    return "[" * wrap + text + "]" * wrap + noise


board_texts = st.builds(
    board_text,
    boards,
    st.sampled_from([0, 0, 0, 1, 25, 5000]),
    st.sampled_from(["", "", "", "}", "NaN", " " + "7" * 4400]),
)


@given(text=board_texts | st.text(max_size=200))
@example(text='{"title": "t", "widgets": [{"type": ["total"]}]}')
@example(text='{"title": "t", "widgets": [{"type": "gauge", "max": Infinity}]}')
def test_a_board_import_never_fails_and_makes_one_board_or_none(
    supervisor_client: Client, demo_board: Board, text: str
) -> None:
    before = Board.objects.count()

    response = supervisor_client.post(
        "/boards/import/", {"text": text, "tenant": str(demo_board.tenant_id)}
    )

    assert response.status_code in (302, 400)
    assert Board.objects.count() == before + (response.status_code == 302)
    if response.status_code == 400:
        assert response.context["errors"], "a refusal says why"


@given(text=board_texts | st.text(max_size=200))
def test_an_editor_save_never_fails_and_a_refused_one_changes_nothing(
    supervisor_client: Client, demo_board: Board, text: str
) -> None:
    demo_board.refresh_from_db()
    before = (demo_board.export(), Board.objects.count())

    response = supervisor_client.post("/boards/demo/edit/", text, content_type="application/json")

    assert response.status_code in (200, 400)
    demo_board.refresh_from_db()
    if response.status_code == 400:
        assert response.json()["errors"]
        assert (demo_board.export(), Board.objects.count()) == before


query_numbers = st.sampled_from(["", "0", "5", "1441", "-1", "²", "٣", "9" * 5000, "1e3"])


@given(widget=st.text(max_size=10) | st.just("first"), minutes=st.text(max_size=8) | query_numbers)
@example(widget="first", minutes="²")
def test_an_acknowledgement_never_fails_and_a_refused_one_records_nothing(
    supervisor_client: Client, demo_board: Board, widget: str, minutes: str
) -> None:
    wid = demo_board.widgets[0]["id"] if widget == "first" else widget
    before = AlertAck.objects.count()

    response = supervisor_client.post("/boards/demo/ack/", {"widget": wid, "minutes": minutes})

    assert response.status_code in (200, 400, 404)
    assert AlertAck.objects.count() == before + (response.status_code == 200)
