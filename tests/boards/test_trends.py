"""A sparkline's trend comes from the history stream, cut into a bounded number of
buckets; polls without data leave a gap instead of a drop to zero."""

from __future__ import annotations

from stats.trends import series


def test_each_bucket_keeps_its_last_value() -> None:
    history = [(100.0, {"w": 1}), (100.5, {"w": 2}), (101.5, {"w": 3})]

    assert series(history, "w", since=100, until=102, points=2) == [(100.5, 2), (101.5, 3)]


def test_polls_before_the_window_and_without_a_number_are_left_out() -> None:
    history = [(50.0, {"w": 9}), (100.0, {"w": None}), (101.0, {"other": 1}), (102.0, {"w": 4})]

    assert series(history, "w", since=100, until=110) == [(102.0, 4)]


def test_a_long_history_is_cut_to_the_number_of_points() -> None:
    history = [(float(t), {"w": t}) for t in range(3600)]

    assert len(series(history, "w", since=0, until=3600, points=120)) == 120
