"""A CSV upload over WALLBOARD_UPLOAD_MAX_BYTES (50 MB by default) is refused with a
clear message, and the web process never holds it: 300 MB sent, its peak RSS stays
under 300 MB, and it reads no more than the limit and a little (wallboard/body_limit.py),
whether the upload says its length or not. Just over the limit, the import page says so
(console/uploads.py)."""

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


def post_upload(console: Console, stack: Stack, list_id: str, size: int, *, say_length: bool):
    length, body = multipart(size)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "X-CSRFToken": console.http.cookies["csrftoken"],
        "Referer": f"{stack.web_url}/console/lists/{list_id}/import/",
    }
    if say_length:
        headers["Content-Length"] = str(length)
    return console.http.post(
        f"/console/lists/{list_id}/import/", content=body, headers=headers, timeout=300
    )


@pytest.mark.parametrize("say_length", [True, False], ids=["with a length", "chunked"])
def test_a_300_mb_upload_is_refused_and_never_held(stack: Stack, say_length: bool) -> None:
    console = Console(stack)
    list_id = console.create_list(keyed=False)
    web = stack.processes["web"].popen.pid
    read_before = web_bytes_read(web)

    answer = post_upload(console, stack, list_id, SENT, say_length=say_length)

    assert answer.status_code == 413
    assert "larger than the 50 MB an upload may be" in answer.text
    assert web_bytes_read(web) - read_before < 60 * 1024 * 1024
    assert peak_rss_mb(web) < 300
    console.http.close()


def test_a_file_just_over_the_limit_is_refused_by_the_import_page(stack: Stack) -> None:
    console = Console(stack)
    list_id = console.create_list(keyed=False)

    answer = post_upload(console, stack, list_id, 50_200_000, say_length=True)

    assert answer.status_code == 400
    assert "The file is larger than the 50 MB an upload may be" in answer.text
    console.http.close()


def web_bytes_read(pid: int) -> int:
    """Return how many bytes the process has read from sockets and files so far."""
    io = Path(f"/proc/{pid}/io").read_text()
    return int(next(x for x in io.splitlines() if x.startswith("rchar:")).split()[1])
