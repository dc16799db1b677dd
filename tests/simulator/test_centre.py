"""The contact-centre model on its own, stepped in process: the day's life of a centre."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from simulator import statistics as st
from simulator.centre import ACW, BUSY, LOGGED_OUT, NOT_READY, READY, Centre
from simulator.clock import traffic_shape

UTC_ZONE = ZoneInfo("UTC")


def at(hour: int, minute: int = 0) -> float:
    return datetime(2026, 1, 5, hour, minute, tzinfo=UTC).timestamp()


def run(centre: Centre, seconds: int) -> None:
    for _ in range(seconds):
        centre.step(1)


def everything(centre: Centre) -> st.Scope:
    return st.Scope(centre, list(centre.services.values()), centre.agents)


def test_the_day_is_busier_than_the_night() -> None:
    assert traffic_shape(10.5) == 1.0
    assert traffic_shape(3) == pytest.approx(0.2, abs=0.01)
    assert traffic_shape(14.5) > traffic_shape(12.5) > traffic_shape(3)


def test_more_agents_work_the_day_than_the_night() -> None:
    day, night = Centre(1, at(11), UTC_ZONE), Centre(1, at(3), UTC_ZONE)

    logged = [sum(a.logged_in for a in c.agents) for c in (day, night)]

    assert logged[0] > 2 * logged[1] > 0


def test_agents_move_through_every_state_in_an_hour() -> None:
    centre = Centre(3, at(9), UTC_ZONE)
    seen: Counter[str] = Counter()

    for _ in range(3600):
        centre.step(1)
        seen.update(a.state for a in centre.agents)

    assert set(seen) == {READY, NOT_READY, BUSY, ACW, LOGGED_OUT}
    assert all(a.current is not None for a in centre.agents if a.state == BUSY)
    assert all(a.reason for a in centre.agents if a.state == NOT_READY)


def test_every_arrival_is_waiting_answered_or_abandoned() -> None:
    centre = Centre(5, at(10), UTC_ZONE)
    run(centre, 3600)

    for service in centre.services.values():
        day = service.day
        gone = day.answered + day.abandoned_short + day.abandoned_long
        assert day.received == gone + len(service.queue), service.name
        assert day.handled <= day.answered


def test_service_level_leaves_out_short_abandons() -> None:
    centre = Centre(1, at(10), UTC_ZONE)
    voice = centre.services["Voice Inbound"]
    voice.day.answered, voice.day.answered_in_sl = 8, 6
    voice.day.abandoned_short, voice.day.abandoned_long, voice.day.abandoned_after_sl = 5, 2, 2

    value = st.service_value("service_level", centre, voice)

    assert value == "0.6"  # 6 within the threshold of 8 answered + 2 abandoned after it


def test_no_answers_means_no_data_not_zero() -> None:
    centre = Centre(1, at(10), UTC_ZONE)
    voice = centre.services["Voice Inbound"]
    voice.day.answered = 0

    assert st.service_value("in_average_speed_of_answer", centre, voice) == ""
    assert st.service_value("service_level", centre, voice) == ""


def received_today(centre: Centre) -> int:
    return int(st.total_value("in_calls_received_per_day", everything(centre)))


def test_per_day_counters_restart_at_the_daily_reset() -> None:
    centre = Centre(2, at(23, 0), UTC_ZONE, daily_reset=0)
    run(centre, 59 * 60)
    before = received_today(centre), sum(a.day.in_handled for a in centre.agents)
    run(centre, 2 * 60)

    after = received_today(centre), sum(a.day.in_handled for a in centre.agents)

    assert before[0] > after[0] and before[1] > after[1]


def test_the_daily_reset_hour_is_configurable() -> None:
    centre = Centre(2, at(5, 50), UTC_ZONE, daily_reset=6)
    run(centre, 9 * 60)
    before = received_today(centre)
    run(centre, 2 * 60)

    assert received_today(centre) < before


def test_the_same_seed_steps_the_same_way() -> None:
    first, second = Centre(9, at(10), UTC_ZONE), Centre(9, at(10), UTC_ZONE)
    run(first, 600)
    run(second, 600)

    assert [(a.state, a.since) for a in first.agents] == [(a.state, a.since) for a in second.agents]
