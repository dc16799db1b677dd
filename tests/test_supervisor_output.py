"""`make run` prints every process's output line by line, prefixed by its name
(wallboard/supervisor_output.py, supervisord's event listener)."""

from __future__ import annotations

import io
import re

from wallboard.supervisor_output import DONE, READY, Lines, serve


def payload(name: str, data: str, pid: int = 100) -> str:
    return f"processname:{name} groupname:{name} pid:{pid} channel:stdout\n{data}"


def event(body: str, name: str = "PROCESS_LOG_STDOUT") -> str:
    header = f"ver:3.0 server:supervisor serial:1 pool:output poolserial:1 eventname:{name}"
    return f"{header} len:{len(body)}\n{body}"


def without_time(lines: list[str]) -> list[str]:
    return [re.sub(r"^\d\d:\d\d:\d\d ", "", line) for line in lines]


def test_each_line_is_prefixed_by_the_process_name_padded_to_line_up() -> None:
    lines = Lines().feed(payload("web", "started\nlistening\n"))

    assert without_time(lines) == ["web            | started", "web            | listening"]
    assert re.match(r"^\d\d:\d\d:\d\d web", lines[0])


def test_a_line_written_in_parts_is_printed_once_whole() -> None:
    lines = Lines()

    assert lines.feed(payload("worker", "Connected to re")) == []
    assert lines.feed(payload("beat", "now active\n"))  # another process meanwhile
    assert without_time(lines.feed(payload("worker", "dis\r\nready\n"))) == [
        "worker         | Connected to redis",
        "worker         | ready",
    ]


def test_the_unfinished_line_of_a_process_that_died_is_not_glued_to_its_successor() -> None:
    lines = Lines()
    lines.feed(payload("web", "half a li", pid=100))

    printed = lines.feed(payload("web", "started again\n", pid=200))

    assert without_time(printed) == ["web            | half a li", "web            | started again"]


def test_it_answers_every_event_and_prints_only_process_output() -> None:
    text = payload("redis", "Ready to accept connections ✓\n")
    events = io.StringIO(event(text) + event("x", name="TICK_5"), newline="")
    replies, out = io.StringIO(), io.StringIO()

    serve(events, replies, out)

    assert replies.getvalue() == READY + DONE + READY + DONE + READY
    assert without_time(out.getvalue().splitlines()) == [
        "redis          | Ready to accept connections ✓"
    ]
