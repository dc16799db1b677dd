"""Print what the processes of `make run` write, line by line, prefixed by their names.

supervisord (supervisord.conf) runs this as an event listener and sends it, as a
PROCESS_LOG event, each chunk of output a process writes; a chunk may hold several
lines or part of one, and a part waits for the rest of its line. The lines go to this
process's stderr, which supervisord copies to its own standard output: the terminal of
`make run`. Stdout is the event protocol (supervisord.org, "Events"):

    listener → READY\\n
    supervisord → "<header>:<value> … len:<n>\\n" then n characters of payload
    listener → RESULT 2\\nOK

A PROCESS_LOG payload is "processname:web groupname:web pid:123 channel:stdout\\n"
followed by the output.
"""

from __future__ import annotations

import io
import sys
import time
from typing import TextIO

READY = "READY\n"
DONE = "RESULT 2\nOK"
# The longest name of supervisord.conf's processes, "worker-standby": names line up.
NAME_WIDTH = 14


def headers(line: str) -> dict[str, str]:
    """Return the "name:value" pairs of one header line."""
    return dict(field.split(":", 1) for field in line.split())


class Lines:
    """Output of every process, cut into whole lines prefixed by the process's name."""

    def __init__(self) -> None:
        # A process's line so far, until its end comes: name -> (pid, text).
        self.partial: dict[str, tuple[str, str]] = {}

    def feed(self, payload: str) -> list[str]:
        """Return the lines a PROCESS_LOG payload completes, each prefixed by the
        time and the process's name."""
        header, data = payload.split("\n", 1)
        fields = headers(header)
        name, pid = fields["processname"], fields["pid"]
        done: list[str] = []
        earlier_pid, text = self.partial.pop(name, (pid, ""))
        if earlier_pid != pid and text:
            done.append(text)  # the unfinished last line of a process that has died
            text = ""
        *done_now, rest = (text + data).split("\n")
        done += done_now
        if rest:
            self.partial[name] = (pid, rest)
        stamp = time.strftime("%H:%M:%S")
        return [f"{stamp} {name:<{NAME_WIDTH}} | {line}" for line in map(_no_cr, done)]


def _no_cr(line: str) -> str:
    return line.removesuffix("\r")


def serve(events: TextIO, replies: TextIO, out: TextIO) -> None:
    """Answer supervisord's events until it closes `events`; print the output lines."""
    lines = Lines()
    while True:
        replies.write(READY)
        replies.flush()
        header = events.readline()
        if not header:
            return
        fields = headers(header)
        payload = events.read(int(fields["len"]))
        if fields["eventname"].startswith("PROCESS_LOG"):
            out.writelines(line + "\n" for line in lines.feed(payload))
            out.flush()
        replies.write(DONE)
        replies.flush()


def main() -> None:
    # The length supervisord sends counts characters of UTF-8 text, with every "\r"
    # kept: read text without newline translation.
    events = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
    out = io.TextIOWrapper(sys.stderr.buffer, encoding="utf-8", errors="replace")
    serve(events, sys.stdout, out)


if __name__ == "__main__":
    main()
