"""A CSV upload over WALLBOARD_UPLOAD_MAX_BYTES (50 MB by default) is refused with a
clear message, and the web process never holds it: 300 MB sent, its peak RSS stays
under 300 MB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Stack
from tests.e2e.console_session import Console

pytestmark = pytest.mark.e2e

SENT = 300 * 1024 * 1024
BOUNDARY = "wallboard-upload-limit-test"
ROW = b"K1,4155550101\n"


def multipart(size: int) -> tuple[int, Iterator[bytes]]:
    """Return the length of a form with one CSV file of about `size` bytes, and its
    bytes, a block at a time (never held whole here either)."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        "Content-Type: text/csv\r\n\r\ncode,tel\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    block = ROW * (65_536 // len(ROW))
    blocks = size // len(block)

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(blocks):
            yield block
        yield tail

    return len(head) + blocks * len(block) + len(tail), body()


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def test_a_300_mb_upload_is_refused_and_never_held(stack: Stack) -> None:
    console = Console(stack)
    list_id = console.create_list(keyed=False)
    length, body = multipart(SENT)

    answer = console.http.post(
        f"/console/lists/{list_id}/import/",
        content=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(length),
            "X-CSRFToken": console.http.cookies["csrftoken"],
            "Referer": f"{stack.web_url}/console/lists/{list_id}/import/",
        },
        timeout=300,
    )

    assert answer.status_code == 400
    assert "The file is larger than the 50 MB an upload may be" in answer.text
    assert peak_rss_mb(stack.processes["web"].popen.pid) < 300
    console.http.close()
