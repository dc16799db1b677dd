"""Settings come from environment variables, strictly, and .env.example lists them all."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.support import ROOT
from wallboard.env import env_bool, env_float, env_list

READERS = re.compile(r"""(?:env_\w+|os\.environ\.get)\(\s*["'](WALLBOARD_\w+)["']""")


def variables_read_by_code() -> set[str]:
    names: set[str] = set()
    for folder in (
        "wallboard",
        "accounts",
        "bpcc",
        "boards",
        "console",
        "stats",
        "screens",
        "simulator",
    ):
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(READERS.findall(path.read_text()))
    return names


def variables_in_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^(WALLBOARD_\w+)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_code_reads() -> None:
    assert variables_read_by_code() == variables_in_example()


def test_a_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLBOARD_DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="WALLBOARD_DEBUG='maybe'"):
        env_bool("WALLBOARD_DEBUG", False)


def test_a_poll_interval_below_the_minimum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLBOARD_POLL_INTERVAL", "0.2")

    with pytest.raises(ImproperlyConfigured, match="below the minimum of 1"):
        env_float("WALLBOARD_POLL_INTERVAL", 2.0, minimum=1.0)


def test_a_number_that_is_not_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLBOARD_POLL_INTERVAL", "two")

    with pytest.raises(ImproperlyConfigured, match="is not a number"):
        env_float("WALLBOARD_POLL_INTERVAL", 2.0)


def test_lists_drop_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLBOARD_ALLOWED_HOSTS", " a.example, ,b.example ")

    assert env_list("WALLBOARD_ALLOWED_HOSTS", []) == ["a.example", "b.example"]
