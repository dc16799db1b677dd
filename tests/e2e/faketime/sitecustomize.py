"""Loaded by the processes tests/e2e/test_clock_skew.py runs under libfaketime (it puts
this folder on their PYTHONPATH): `time.sleep` that works there.

Only the wall clock is shifted (DONT_FAKE_MONOTONIC=1): a faked monotonic clock hangs
Python's timed waits on locks, which glibc hands to the kernel as they are. But with
the monotonic clock left alone, Debian's libfaketime 0.9.10 turns the absolute
monotonic deadline that Python 3.11's `time.sleep` passes to clock_nanosleep into a
negative time, and every sleep fails with EINVAL (libfaketime issue #426). A sleep
that is a relative timeout of select() goes through untouched.
"""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
