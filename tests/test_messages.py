"""The socket's messages: docs/protocol.md, stats/messages.py and static/js/messages.js
name the same ones; each is written as the page reads it; and what a page sends that
the server ignores is refused by the one parser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal, get_type_hints

import pytest

from stats import messages

ROOT = Path(__file__).resolve().parent.parent
FRESHNESS: Any = {
    "state": "ok",
    "stale": False,
    "last_ok": 9.0,
    "data_age_seconds": 1.0,
    "last_error": None,
}


def documented(section: str) -> set[str]:
    """Return the types of the table under docs/protocol.md's heading `section`."""
    doc = (ROOT / "docs/protocol.md").read_text()
    found = re.search(rf"^## {section}\n(.*?)(?=^## )", doc, re.S | re.M)
    assert found, f"docs/protocol.md has no section {section!r}"
    rows = found.group(1).partition("|---")[2]  # below the table's heading row
    return set(re.findall(r"^\| `(\w+)` \|", rows, re.M))


def in_javascript() -> set[str]:
    """Return the types static/js/messages.js has a typedef of."""
    js = (ROOT / "static/js/messages.js").read_text()
    return set(re.findall(r'@property \{"(\w+)"\} type', js)) | set(
        re.findall(r'@typedef \{\{type: "(\w+)"', js)
    )


def test_every_server_message_in_the_doc_has_a_builder_and_no_other() -> None:
    assert documented("From the server") == set(messages.BUILDERS)


def test_every_page_message_in_the_doc_has_a_parser_and_no_other() -> None:
    assert documented("From the page") == set(messages.PARSERS)


def test_the_page_types_the_same_messages() -> None:
    assert in_javascript() == set(messages.BUILDERS) | set(messages.PARSERS)


@pytest.mark.parametrize("kind", sorted(messages.BUILDERS))
def test_each_builder_returns_the_message_of_its_type(kind: str) -> None:
    returned = get_type_hints(messages.BUILDERS[kind])["return"]
    assert get_type_hints(returned)["type"] == Literal[kind]


@pytest.mark.parametrize(
    ("message", "text"),
    [
        (
            messages.snapshot(3, "e1", 7, 1.5, {"totals": {"a": 1}, "grids": {}, "campaigns": {}}),
            '{"type": "snapshot", "board": 3, "epoch": "e1", "seq": 7, "upstream_time": 1.5, '
            '"data": {"totals": {"a": 1}, "grids": {}, "campaigns": {}}}',
        ),
        (messages.waiting(), '{"type": "waiting"}'),
        (
            messages.delta(3, "e1", 8, 2.5, {"totals": {}, "grids": {"g": []}, "campaigns": {}}),
            '{"type": "delta", "board": 3, "epoch": "e1", "seq": 8, "upstream_time": 2.5, '
            '"changes": {"totals": {}, "grids": {"g": []}, "campaigns": {}}}',
        ),
        (
            messages.heartbeat(3, 10.0, 5.0, 2.0, FRESHNESS, "1.2", ("e1", 8)),
            '{"type": "heartbeat", "board": 3, "server_time": 10.0, "every": 5.0, '
            '"interval": 2.0, "data": {"state": "ok", "stale": false, "last_ok": 9.0, '
            '"data_age_seconds": 1.0, "last_error": null}, "app_version": "1.2", '
            '"epoch": "e1", "seq": 8}',
        ),
        (
            messages.state(3, "v1", [{"widget": "t1", "until": 60.0, "by": "sue"}], "k1"),
            '{"type": "state", "board": 3, "version": "v1", '
            '"acks": [{"widget": "t1", "until": 60.0, "by": "sue"}], "kiosk": "k1"}',
        ),
        (messages.config(3, "deleted"), '{"type": "config", "board": 3, "version": "deleted"}'),
        (
            messages.ack(3, {"widget": "t1", "until": 60.0, "by": "sue"}),
            '{"type": "ack", "board": 3, "widget": "t1", "until": 60.0, "by": "sue"}',
        ),
        (messages.reload(), '{"type": "reload"}'),
        (messages.command("identify"), '{"type": "command", "command": "identify"}'),
    ],
)
def test_each_message_is_written_as_the_page_reads_it(message: Any, text: str) -> None:
    assert messages.encode(message) == text


def test_a_heartbeat_without_data_names_no_epoch() -> None:
    beat = messages.heartbeat(3, 10.0, 5.0, 2.0, FRESHNESS, "1.2")

    assert "epoch" not in beat and "seq" not in beat


def test_a_board_pages_state_names_no_kiosk() -> None:
    assert "kiosk" not in messages.state(3, "v1", [])


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[" * 100_000,  # deeper than Python's stack
        '["hello"]',
        '"hello"',
        "null",
        "{}",
        '{"type": ["hello"]}',
        '{"type": "HELLO"}',
        '{"type": "snapshot"}',  # the server's, not the page's
        '{"type": "show"}',
        '{"type": "show", "board": "3"}',
        '{"type": "show", "board": true}',
        '{"type": "show", "board": 3.0}',
        '{"type": "report"}',
        '{"type": "report", "screen": "short"}',
        '{"type": "report", "screen": "has spaces in it"}',
        '{"type": "report", "screen": 12345678}',
        '{"type": "report", "screen": "' + "a" * 65 + '"}',
    ],
)
def test_it_ignores_what_is_no_message_of_a_page(text: str) -> None:
    assert messages.parse(text) is None


def test_it_takes_each_message_of_a_page() -> None:
    assert messages.parse('{"type": "hello", "extra": 1}') == {"type": "hello"}
    assert messages.parse('{"type": "resync"}') == {"type": "resync"}
    assert messages.parse('{"type": "show", "board": 3}') == {"type": "show", "board": 3}


def test_a_report_keeps_its_fields_and_drops_others() -> None:
    sent = {"type": "report", "screen": "abcdef123456", "seq": 7, "nodes": 300, "evil": "x"}

    report = messages.parse(json.dumps(sent))

    assert report == {"type": "report", "screen": "abcdef123456", "seq": 7, "nodes": 300}
