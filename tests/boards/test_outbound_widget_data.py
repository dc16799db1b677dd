"""Campaign and ticker widgets: how they are checked, what board data they get from
what the poll read, and that deltas carry their figures only when these change."""

from __future__ import annotations

from typing import Any

import pytest

from boards.widgets import BoardError, clean_board
from bpcc.campaign_progress import Tally
from stats.campaign_figures import Cache, cell, is_due
from stats.snapshot import CampaignCell, Feeds, build_board_data, diff

RENEWALS = {"id": "r", "type": "campaign", "campaign": "Renewals Outbound"}
SALES = {"id": "s", "type": "campaign", "campaign": "Outbound Sales"}
TICKER = {"id": "k", "type": "ticker", "count": 2}
WIDGETS = [RENEWALS, SALES, TICKER]
RUNNING: CampaignCell = {
    "status": "ok",
    "state": "RUNNING",
    "completed": 80,
    "total": 400,
    "as_of": None,
}
ACTIONS = [
    [3, 1700000300.0, "ann", "stop campaign", "Outbound Sales", "200", 1],
    [2, 1700000200.0, "ann", "start campaign", "Outbound Sales", "409", 0],
    [1, 1700000100.0, "bob", "add record", "Renewals.csv", "200", 1],
]


def feeds(**campaigns: CampaignCell) -> Feeds:
    return {"campaigns": {"Renewals Outbound": RUNNING, **campaigns}, "actions": ACTIONS}


def placed(widget: dict[str, Any], x: int) -> dict[str, Any]:
    return {**widget, "x": x, "y": 0, "w": 3, "h": 3}


def errors_of(widgets: list[dict[str, Any]]) -> list[str]:
    with pytest.raises(BoardError) as raised:
        clean_board({"title": "T", "widgets": widgets})
    return raised.value.errors


def test_a_campaign_widget_needs_a_campaign_name() -> None:
    errors = errors_of([placed({"type": "campaign", "campaign": "  "}, 0)])

    assert errors == ["widget 1: 'campaign' is required: pick a campaign"]


def test_a_ticker_shows_1_to_20_actions_and_5_unless_told() -> None:
    assert errors_of([placed({"type": "ticker", "count": 21}, 0)]) == [
        "widget 1: 'count' must be a whole number from 1 to 20"
    ]
    clean = clean_board({"title": "T", "widgets": [placed({"type": "ticker"}, 0)]})
    assert clean["widgets"][0]["count"] == 5


def test_campaign_figures_go_to_each_widget_by_its_id() -> None:
    data = build_board_data(WIDGETS, {}, feeds())

    assert data["campaigns"]["r"] == RUNNING
    # Not fetched yet (e.g. a widget added since the last fetch): pending, not missing.
    assert data["campaigns"]["s"]["status"] == "pending"


def test_a_ticker_gets_the_latest_actions_cut_to_its_count() -> None:
    data = build_board_data(WIDGETS, {}, feeds())

    assert data["grids"]["k"] == ACTIONS[:2]


def test_without_feeds_campaigns_are_pending_and_tickers_empty() -> None:
    data = build_board_data(WIDGETS, {})

    assert {k: c["status"] for k, c in data["campaigns"].items()} == {
        "r": "pending",
        "s": "pending",
    }
    assert data["grids"]["k"] == []


def test_unchanged_figures_send_no_delta() -> None:
    assert (
        diff(build_board_data(WIDGETS, {}, feeds()), build_board_data(WIDGETS, {}, feeds())) is None
    )


def test_a_changed_campaign_is_sent_alone() -> None:
    stopped: CampaignCell = {**RUNNING, "state": "STOPPED", "completed": 81}
    old = build_board_data(WIDGETS, {}, feeds())

    delta = diff(old, build_board_data(WIDGETS, {}, feeds(**{"Renewals Outbound": stopped})))

    assert delta == {"totals": {}, "grids": {}, "campaigns": {"r": stopped}}


def test_a_new_console_action_sends_the_ticker_whole() -> None:
    old = build_board_data(WIDGETS, {}, feeds())
    newer: Feeds = {**feeds(), "actions": [[4, 1700000400.0, "ann", "x", "y", "200", 1], *ACTIONS]}

    delta = diff(old, build_board_data(WIDGETS, {}, newer))

    assert delta is not None and delta["grids"] == {"k": newer["actions"][:2]}


def test_a_snapshot_from_before_campaign_widgets_gets_their_figures() -> None:
    old = build_board_data(WIDGETS, {}, feeds())
    del old["campaigns"]  # type: ignore[misc]

    delta = diff(old, build_board_data(WIDGETS, {}, feeds()))

    assert delta is not None and delta["campaigns"]["r"] == RUNNING


# --- the cached figures as a widget's cell ------------------------------------------


def cache(**changes: Any) -> Cache:
    base: Cache = {
        "attempted_at": 100.0,
        "fetched_at": 100.0,
        "error": "",
        "wanted": ["Outbound Sales", "Renewals Outbound"],
        "campaigns": {"Renewals Outbound": {"state": "RUNNING", "completed": 80, "total": 400}},
        "tallies": {},
    }
    return {**base, **changes}  # type: ignore[typeddict-item]


def test_a_fetched_campaign_is_ok_and_current() -> None:
    assert cell(cache(), "Renewals Outbound") == RUNNING


def test_a_name_the_tenant_has_not_is_missing() -> None:
    assert cell(cache(), "Outbound Sales")["status"] == "missing"


def test_a_name_not_asked_for_yet_is_pending_or_unavailable_when_fetches_fail() -> None:
    assert cell(None, "Renewals Outbound")["status"] == "pending"
    assert cell(cache(), "Win-back")["status"] == "pending"
    assert cell(cache(error="500: down", fetched_at=None, wanted=[]), "Win-back")["status"] == (
        "unavailable"
    )


def test_after_a_failed_fetch_the_last_figures_show_when_they_were_fetched() -> None:
    failed = cache(error="500: down", attempted_at=130.0)

    shown = cell(failed, "Renewals Outbound")

    assert shown == {**RUNNING, "as_of": 100.0}
    # Failing again changes nothing a screen is sent: the age is worked out on screen.
    assert cell(cache(error="timed out", attempted_at=140.0), "Renewals Outbound") == shown


def test_figures_are_fetched_at_most_once_every_10_seconds() -> None:
    assert is_due(None, 100.0)
    assert not is_due(cache(attempted_at=100.0), 100.0)
    assert not is_due(cache(attempted_at=100.0), 109.9)
    assert is_due(cache(attempted_at=100.0), 110.0)
    # A clock that went back must not stop the fetches for good.
    assert is_due(cache(attempted_at=100.0), 50.0)


# --- counting completed records across fetches ---------------------------------------

T1, T2, T3 = "2024-05-01T09:00:00.000", "2024-05-01T09:05:00.000", "2024-05-01T09:07:00.000"


def test_a_tally_counts_records_and_remembers_the_latest_instant() -> None:
    tally = Tally().add([T1, T2, T2])

    assert (tally.completed, tally.latest, tally.at_latest) == (3, T2, 2)


def test_a_read_from_the_latest_instant_on_skips_what_was_counted_at_it() -> None:
    tally = Tally().add([T1, T2])

    # Read again from T2: the record at T2 is known; another one at T2 and one at T3 are new.
    fresh = tally.unseen([T2, T2, T3])

    assert fresh == [T2, T3]
    assert tally.add(fresh).completed == 4


def test_a_tally_starts_again_when_old_or_when_records_were_deleted() -> None:
    tally = Tally(completed=5, total=400, since=1000.0)

    assert not tally.outdated(400, 1000.0 + 599)
    assert tally.outdated(400, 1000.0 + 600)
    assert tally.outdated(399, 1001.0)
    assert not tally.outdated(450, 1001.0)  # records added: the count still holds
